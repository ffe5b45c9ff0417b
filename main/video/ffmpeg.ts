/**
 * Where ffmpeg comes from: the system's `ffmpeg` on PATH when there is one
 * (it is usually newer and has the platform's hardware decoders), else the
 * static binary of the npm package @ffmpeg-installer/ffmpeg (GPL build from
 * johnvansickle.com for Linux; LGPL/GPL per platform), resolved at run time
 * so that a machine without either still runs everything but video.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { VwError } from '../errors';

export interface FfmpegBinary {
  path: string;
  source: 'env' | 'system' | 'npm';
  version: string;
}

let cached: FfmpegBinary | undefined;

function versionOf(bin: string): string | undefined {
  try {
    const r = spawnSync(bin, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 10_000 });
    if (r.status !== 0) return undefined;
    return /ffmpeg version (\S+)/.exec(r.stdout)?.[1] ?? 'unknown';
  } catch {
    return undefined;
  }
}

function onPath(name: string): string | undefined {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, exe);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

function fromNpm(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const p = (require('@ffmpeg-installer/ffmpeg') as { path?: string }).path;
    return p && fs.existsSync(p) ? p : undefined;
  } catch {
    // The package, or its binary for this platform, is not installed.
    return undefined;
  }
}

/**
 * The ffmpeg to use: `VWS_FFMPEG` if set, else `ffmpeg` on PATH, else the npm
 * package's binary. Found once per process.
 *
 * @example const { path } = findFfmpeg(); spawn(path, ['-i', 'clip.mp4', ...]);
 * @throws VwError E_NOT_AVAILABLE when there is none.
 */
export function findFfmpeg(): FfmpegBinary {
  cached ??= pickFfmpeg([
    [process.env.VWS_FFMPEG || undefined, 'env'],
    [onPath('ffmpeg'), 'system'],
    [fromNpm(), 'npm'],
  ]);
  return cached;
}

/** The first candidate that runs `-version`; exported so that "none at all" can be tested. */
export function pickFfmpeg(candidates: readonly [string | undefined, FfmpegBinary['source']][]): FfmpegBinary {
  for (const [p, source] of candidates) {
    if (!p) continue;
    const version = versionOf(p);
    if (version) return { path: p, source, version };
  }
  throw new VwError('E_NOT_AVAILABLE', 'Video needs ffmpeg, and none was found (not on PATH, not in node_modules).', {
    hint: 'Install ffmpeg (e.g. `apt install ffmpeg`, `brew install ffmpeg`), or reinstall the app so that @ffmpeg-installer/ffmpeg is present, or set VWS_FFMPEG to an ffmpeg binary.',
  });
}

/** The npm package's binary, if installed for this platform. */
export function npmFfmpeg(): string | undefined {
  return fromNpm();
}

/** Forget the cached choice (tests that change PATH or VWS_FFMPEG). */
export function resetFfmpeg(): void {
  cached = undefined;
}
