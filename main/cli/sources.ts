/**
 * Inputs of `vws detect` and `vws faces recognize`: files and folders
 * (recursive, sorted) holding images and videos; Ultralytics-style default
 * output folders (runs/detect/predict, predict2, …); a progress bar on stderr
 * (cli-progress) with rate and ETA; Ctrl+C as a cancel that keeps what was
 * written.
 */
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import sharp from 'sharp';
import { VwError } from '../errors';
import type { CliContext } from './context';

export const IMAGE_EXT = /\.(jpe?g|png|webp|tiff?|avif)$/i;
export const VIDEO_EXT = /\.(mp4|m4v|mov|mkv|webm|avi|mpe?g|wmv|flv|ts|mts|m2ts|3gp|ogv)$/i;
const GIF = /\.gif$/i;

export interface Source {
  file: string;
  kind: 'image' | 'video';
}

/** An animated GIF is a video; a still one is an image. */
async function gifKind(file: string): Promise<Source['kind']> {
  try {
    const meta = await sharp(file, { limitInputPixels: false }).metadata();
    return (meta.pages ?? 1) > 1 ? 'video' : 'image';
  } catch {
    return 'image'; // unreadable: the image path reports it as a bad image, naming the file
  }
}

/**
 * Files and directories (recursively, sorted) → images and videos. A file named
 * explicitly is taken whatever its extension (as a video if it looks like one,
 * else as an image); inside folders only known extensions count.
 *
 * @example await expandSources(['clips/', 'dog.jpg']) // [{ file: 'clips/a.mp4', kind: 'video' }, { file: 'dog.jpg', kind: 'image' }]
 */
export async function expandSources(inputs: readonly string[]): Promise<Source[]> {
  const out: Source[] = [];
  const walk = async (p: string, explicit: boolean): Promise<void> => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new VwError('E_NOT_FOUND', `No such file or directory: ${p}`);
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) await walk(path.join(p, name), false);
    } else if (VIDEO_EXT.test(p)) out.push({ file: p, kind: 'video' });
    else if (GIF.test(p)) out.push({ file: p, kind: await gifKind(p) });
    else if (explicit || IMAGE_EXT.test(p)) out.push({ file: p, kind: 'image' });
  };
  for (const p of inputs) await walk(p, true);
  return out;
}

/**
 * `--save` without a folder: `<root>/<name>`, else `<name>2`, `<name>3`, … — the first that does not exist (as Ultralytics does).
 *
 * @example nextRunDir('runs/detect') // 'runs/detect/predict', then 'runs/detect/predict2'
 */
export function nextRunDir(root: string, name = 'predict'): string {
  for (let k = 1; ; k++) {
    const dir = path.join(root, k === 1 ? name : `${name}${k}`);
    if (!fs.existsSync(dir)) return dir;
  }
}

/** `--save [dir]`: a folder, the next default run folder, or none. A media file is refused (see saveTakesMedia). */
export function saveDirOf(save: string | boolean | undefined, root: string): string | undefined {
  if (save === undefined || save === false) return undefined;
  if (save !== true) {
    const misuse = saveTakesMedia(save);
    if (misuse) throw misuse;
  }
  return save === true ? nextRunDir(root) : save;
}

/**
 * `vws detect --save clip.mp4 …`: the optional value of --save swallowed an input. A value that names
 * an image or a video is refused with what to do, instead of becoming the output folder (issue 13).
 */
export function saveTakesMedia(value: string): VwError | undefined {
  if (!IMAGE_EXT.test(value) && !VIDEO_EXT.test(value)) return undefined;
  const kind = VIDEO_EXT.test(value) ? 'a video' : 'an image';
  return new VwError('E_BAD_ARGUMENT', `--save takes a folder, but "${value}" looks like ${kind} to read.`, {
    hint: `Put --save after the inputs (\`… ${value} --save\`) or give it a folder (\`--save runs/mine ${value}\`).`,
  });
}

/** The same misuse seen in a raw command line (commander stops first when --save took the only input). */
export function saveMisuseIn(argv: readonly string[]): VwError | undefined {
  const at = argv.indexOf('--save');
  const value = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--save='))?.slice('--save='.length);
  return value === undefined || value.startsWith('-') ? undefined : saveTakesMedia(value);
}

/** Seconds from "90", "1:30" or "0:01:30.5". */
export function parseTime(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const parts = v.split(':');
  if (parts.length <= 3 && parts.every((p) => /^\d+(\.\d+)?$/.test(p))) return parts.reduce((acc, p) => acc * 60 + Number(p), 0);
  throw new VwError('E_BAD_ARGUMENT', `--${name} needs seconds or [hh:]mm:ss; got "${v}".`);
}

export function intArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new VwError('E_BAD_ARGUMENT', `--${name} needs a positive integer; got "${v}".`);
  return Number(v);
}

export interface Progress {
  /** A file is done (or failed). */
  fileDone(): void;
  /** Current file and, for a video, frames processed of expected. */
  update(file: string, frames?: { done: number; total?: number }): void;
  stop(): void;
}

/**
 * A progress bar over files on stderr, with files/s and ETA; a video shows its
 * frames next to it. Nothing under --json or --quiet, or when stderr is not a terminal.
 */
export function createProgress(ctx: CliContext, total: number, unit: string): Progress {
  const g = ctx.globals();
  if (g.json || g.quiet || !process.stderr.isTTY) return { fileDone() {}, update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `{bar} {done}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted} | {file}{frames}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = performance.now();
  let done = 0;
  let fraction = 0;
  bar.start(total, 0, { done: 0, rate: '0.0', file: '', frames: '' });
  const rate = () => ((done + fraction) / Math.max(1e-3, (performance.now() - t0) / 1000)).toFixed(1);
  return {
    fileDone() {
      done++;
      fraction = 0;
      bar.update(done, { done, rate: rate(), frames: '' });
    },
    update(file, frames) {
      fraction = frames?.total ? Math.min(0.99, frames.done / frames.total) : 0;
      const f = frames ? `  frame ${frames.done}${frames.total ? `/${frames.total}` : ''}` : '';
      bar.update(done + fraction, { done, rate: rate(), file: path.basename(file), frames: f });
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * Run `fn` with a signal that Ctrl+C fires once (the run stops after the
 * current frame and closes its outputs); a second Ctrl+C exits at once.
 */
export async function withCancel<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSigint = () => {
    if (ac.signal.aborted) process.exit(130);
    process.stderr.write('\ncancelling: finishing the current frame and closing the outputs (Ctrl+C again to quit now)\n');
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await fn(ac.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
