/**
 * Decode a video into raw RGBA frames through a pipe (ffmpeg → stdout): no
 * image is ever written to disk. Frames come out of an async iterator with
 * back-pressure (ffmpeg waits while the consumer works), each with its index
 * in the file and its timestamp. Errors come *after* the frames that could be
 * read, so a consumer keeps everything up to a truncation.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { VwError } from '../errors';
import { findFfmpeg } from './ffmpeg';
import { ffmpegError, inputArgs, type VideoInfo } from './probe';

export interface VideoFrame {
  /** Index of the frame in the file (0-based, counted from the start of the file even with `start`). */
  index: number;
  /** Seconds from the start of the file. */
  time: number;
  width: number;
  height: number;
  /** RGBA, row-major, width × height × 4 bytes. */
  data: Uint8Array;
}

export interface ReadOptions {
  /** Seconds to skip at the start. */
  start?: number;
  /** Seconds at which to stop (exclusive). */
  end?: number;
  /**
   * Deliver every `step`-th frame only (ffmpeg's select filter drops the others
   * before they are converted and piped). Default 1.
   */
  step?: number;
  signal?: AbortSignal;
}

/** Frames short of the expected count that still count as a complete read (container durations are rounded). */
const slack = (expected: number) => Math.max(2, Math.ceil(expected * 0.03));

/**
 * @example
 *   const info = await probeVideo('clip.mp4');
 *   for await (const f of readFrames(info, { step: 5 })) console.log(f.index, f.time);
 * @throws VwError E_BAD_VIDEO (after yielding the frames it could read), E_CANCELLED
 */
export async function* readFrames(info: VideoInfo, opts: ReadOptions = {}): AsyncGenerator<VideoFrame> {
  const step = opts.step ?? 1;
  if (!(Number.isInteger(step) && step >= 1))
    throw new VwError('E_BAD_ARGUMENT', `The frame step must be a positive integer; got ${step}.`);
  const start = opts.start ?? 0;
  const end = opts.end;
  if (!(start >= 0) || (end !== undefined && !(end > start)))
    throw new VwError('E_BAD_ARGUMENT', `--start/--end must satisfy 0 ≤ start < end; got ${start} and ${end}.`);
  const { width, height, fps } = info;
  const frameBytes = width * height * 4;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error'];
  // One decoding thread: the engines' session threads already take every core (and spin while they
  // wait); a decoder with a thread per core beside them only makes them wait for the CPU.
  args.push('-threads', '1', '-filter_threads', '1');
  if (start > 0) args.push('-ss', String(start));
  args.push(...inputArgs(info.file));
  if (end !== undefined) args.push('-t', String(end - start));
  args.push('-map', '0:v:0', '-an', '-sn');
  if (step > 1) args.push('-vf', `select=not(mod(n\\,${step}))`);
  // Passthrough: no duplicated or dropped frames to "fix" the rate, so index = position in the stream.
  args.push('-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1');

  const firstIndex = Math.round(start * fps);
  const span = Math.max(0, Math.min(info.duration ?? Infinity, end ?? Infinity) - start);
  const expected = Number.isFinite(span) ? Math.ceil(Math.round(span * fps) / step) : undefined;

  // Own process group: Ctrl+C in a terminal reaches vws, which stops cleanly, not ffmpeg behind its back.
  const proc = spawn(findFfmpeg().path, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (s: string) => {
    stderr = (stderr + s).slice(-8192);
  });
  const exited = new Promise<number | null>((resolve) => {
    proc.on('close', (code) => resolve(code));
    proc.on('error', () => resolve(-1));
  });
  const onAbort = () => proc.kill('SIGKILL');
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  let n = 0;
  let buf = new Uint8Array(frameBytes);
  let filled = 0;
  const frame = (): VideoFrame => {
    const f = { index: firstIndex + n * step, time: (firstIndex + n * step) / fps, width, height, data: buf };
    n++;
    buf = new Uint8Array(frameBytes);
    filled = 0;
    return f;
  };
  try {
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      let off = 0;
      while (off < chunk.length) {
        const take = Math.min(frameBytes - filled, chunk.length - off);
        buf.set(chunk.subarray(off, off + take), filled);
        filled += take;
        off += take;
        if (filled === frameBytes) {
          if (opts.signal?.aborted) break;
          yield frame();
        }
      }
      if (opts.signal?.aborted) break;
    }
    const code = await exited;
    if (opts.signal?.aborted) throw new VwError('E_CANCELLED', `Reading ${path.basename(info.file)} was cancelled after ${n} frame(s).`);
    if (code !== 0) throw ffmpegError(info.file, stderr, n);
    if (n === 0)
      throw new VwError('E_BAD_VIDEO', `${path.basename(info.file)} contains no frames${start > 0 ? ` after ${start} s` : ''}.`, {
        details: { file: info.file, framesRead: 0 },
      });
    if (expected !== undefined && n < expected - slack(expected))
      throw new VwError(
        'E_BAD_VIDEO',
        `${path.basename(info.file)} ended after ${n} of ${expected} frame(s)${stderr.trim() ? ` (ffmpeg: ${stderr.trim().split('\n').slice(-1)[0]})` : ''}; it is probably truncated.`,
        { hint: 'The frames read so far were processed and kept.', details: { file: info.file, framesRead: n, expected } },
      );
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }
}
