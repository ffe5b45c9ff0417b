/**
 * One video through one task: decode (ffmpeg pipe) → every `stride`-th frame
 * through the task's engines → overlay → encode (ffmpeg pipe) + one JSON Lines
 * record per processed frame. Skipped frames still go to the annotated video
 * (with the latest overlay) so it keeps the source's frame count and rate.
 * Whatever happens — a truncated file, Ctrl+C — the outputs are closed and
 * keep every frame processed so far; the error comes back with the summary.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorPayload } from '../../preload/contract';
import { toErrorPayload, VwError } from '../errors';
import type { OverlayScale } from '../imaging/overlay';
import { blend, overlayScale, rasterize, type SparseOverlay } from './overlay';
import { probeVideo, type VideoInfo } from './probe';
import { readFrames, type VideoFrame } from './reader';
import { VideoWriter } from './writer';

/** What a task returns for one frame. */
export interface TaskFrame<R> {
  /** The JSON Lines body for this frame (detections or faces). */
  record: R;
  /** Per-stage milliseconds of the engines. */
  speed: Record<string, number>;
  /** SVG fragments of the overlay (imaging/overlay.ts `labelledBox`). */
  draw: (s: OverlayScale) => string[];
}

export interface VideoTask<R, S> {
  frame(f: VideoFrame): Promise<TaskFrame<R>>;
  /** Who appears when, after the last frame (also after an error: what was seen so far). */
  summary(saveDir: string | undefined): Promise<S>;
  dispose?(): void;
}

export interface VideoRunOptions {
  stride?: number;
  start?: number;
  end?: number;
  /** Folder for `<stem>.mp4` (annotated) and `<stem>.jsonl`. */
  saveDir?: string;
  signal?: AbortSignal;
  /** Called after every processed frame. */
  onFrame?: (processed: number, expected: number | undefined, frame: VideoFrame) => void;
}

export interface VideoTimings {
  /** Milliseconds, totals over the run. */
  decode: number;
  engines: number;
  overlay: number;
  encode: number;
  wall: number;
  /** Processed frames per second of wall time. */
  fps: number;
  /** Seconds of video covered per second of wall time (× real time). */
  realtime: number;
}

export interface VideoRunSummary<S> {
  file: string;
  video: Pick<VideoInfo, 'width' | 'height' | 'fps' | 'codec' | 'duration' | 'frames'>;
  stride: number;
  start: number;
  end?: number;
  /** Frames decoded / processed by the engines. */
  decoded: number;
  processed: number;
  timings: VideoTimings;
  outputs?: { video: string; jsonl: string; frames: number };
  segments: S;
  /** Set when the run stopped early (truncated file, cancel): the outputs hold the frames before it. */
  error?: ErrorPayload;
}

const ms = (v: number) => Math.round(v * 100) / 100;

/** `--stride/--start/--end` checked. */
export function checkRange(o: { stride?: number; start?: number; end?: number }): void {
  if (o.stride !== undefined && !(Number.isInteger(o.stride) && o.stride >= 1))
    throw new VwError('E_BAD_ARGUMENT', `--stride must be a positive integer; got ${o.stride}.`);
  if (o.start !== undefined && !(o.start >= 0)) throw new VwError('E_BAD_ARGUMENT', `--start must be ≥ 0 seconds; got ${o.start}.`);
  if (o.end !== undefined && !(o.end > (o.start ?? 0)))
    throw new VwError('E_BAD_ARGUMENT', `--end must be after --start (${o.start ?? 0} s); got ${o.end}.`);
}

/**
 * @example
 *   const s = await runVideo('clip.mp4', (info) => detectionTask(service, opts, { stride: 2, fps: info.fps }), { stride: 2, saveDir: 'runs/detect/predict' });
 *   s.segments; // [{ label: 'person', start: 6.2, end: 18.1, … }]
 */
export async function runVideo<R, S>(
  file: string,
  makeTask: (info: VideoInfo) => VideoTask<R, S>,
  opts: VideoRunOptions = {},
): Promise<VideoRunSummary<S>> {
  checkRange(opts);
  const stride = opts.stride ?? 1;
  const start = opts.start ?? 0;
  const info = await probeVideo(file);
  const task = makeTask(info);
  const t0 = performance.now();
  const stem = path.basename(file).replace(/\.[^.]+$/, '');
  let writer: VideoWriter | undefined;
  let jsonl: fs.WriteStream | undefined;
  let outputs: VideoRunSummary<S>['outputs'];
  if (opts.saveDir) {
    fs.mkdirSync(opts.saveDir, { recursive: true });
    outputs = { video: path.join(opts.saveDir, `${stem}.mp4`), jsonl: path.join(opts.saveDir, `${stem}.jsonl`), frames: 0 };
    writer = new VideoWriter(outputs.video, info.width, info.height, info.fps);
    jsonl = fs.createWriteStream(outputs.jsonl);
  }
  const t = { decode: 0, engines: 0, overlay: 0, encode: 0 };
  const sc = overlayScale(info.width, info.height);
  const firstIndex = Math.round(start * info.fps);
  const expected =
    info.frames !== undefined
      ? Math.ceil((Math.min(info.frames, opts.end !== undefined ? Math.round(opts.end * info.fps) : Infinity) - firstIndex) / stride)
      : undefined;
  let decoded = 0;
  let processed = 0;
  let lastTime = start;
  let overlay: SparseOverlay | undefined;
  let error: ErrorPayload | undefined;
  // Per-record decode/encode: the frames since the previous record (stride frames when saving).
  let since = { decode: 0, encode: 0 };
  let pending: (Record<string, unknown> & { speed: Record<string, number> }) | undefined;
  const flush = () => {
    if (!pending || !jsonl) return;
    pending.speed.decode = ms(since.decode);
    if (writer) pending.speed.encode = ms(since.encode);
    jsonl.write(JSON.stringify(pending) + '\n');
    pending = undefined;
    since = { decode: 0, encode: 0 };
  };
  let it: AsyncIterator<VideoFrame> | undefined;
  try {
    // Without a video to write, ffmpeg drops the skipped frames itself.
    it = readFrames(info, { start, end: opts.end, step: writer ? 1 : stride, signal: opts.signal })[Symbol.asyncIterator]();
    for (;;) {
      let td = performance.now();
      const next = await it.next();
      td = performance.now() - td;
      t.decode += td;
      since.decode += td;
      if (next.done) break;
      const f = next.value;
      decoded++;
      lastTime = f.time;
      if ((f.index - firstIndex) % stride === 0) {
        flush();
        const te = performance.now();
        const r = await task.frame(f);
        const to = performance.now();
        t.engines += to - te;
        overlay = writer ? await rasterize(f.width, f.height, r.draw(sc)) : undefined;
        const tov = performance.now() - to;
        t.overlay += tov;
        processed++;
        pending = { frame: f.index, time: Math.round(f.time * 1000) / 1000, ...r.record, speed: { ...r.speed, overlay: ms(tov) } };
        if (!jsonl) pending = undefined;
        opts.onFrame?.(processed, expected, f);
      }
      if (writer) {
        const tw = performance.now();
        if (overlay) blend(f.data, overlay);
        await writer.write(f.data);
        const dt = performance.now() - tw;
        t.encode += dt;
        since.encode += dt;
      }
      if (opts.signal?.aborted)
        throw new VwError('E_CANCELLED', `Cancelled after ${processed} processed frame(s) of ${path.basename(file)}.`);
    }
  } catch (err) {
    if (err instanceof VwError && err.code === 'E_BAD_ARGUMENT') throw err;
    error = toErrorPayload(err);
  } finally {
    // Stopped by an error of our own (an engine, the encoder): stop the decoder too.
    await it?.return?.(undefined);
    flush();
    if (jsonl) await new Promise<void>((resolve) => jsonl.end(resolve));
    if (writer) {
      const tw = performance.now();
      try {
        await writer.close();
      } catch (err) {
        error ??= toErrorPayload(err);
      }
      t.encode += performance.now() - tw;
      outputs!.frames = writer.frames;
    }
  }
  const wall = performance.now() - t0;
  const covered = Math.max(0, lastTime - start + 1 / info.fps);
  const summary: VideoRunSummary<S> = {
    file,
    video: { width: info.width, height: info.height, fps: info.fps, codec: info.codec, duration: info.duration, frames: info.frames },
    stride,
    start,
    ...(opts.end !== undefined ? { end: opts.end } : {}),
    decoded,
    processed,
    timings: {
      decode: ms(t.decode),
      engines: ms(t.engines),
      overlay: ms(t.overlay),
      encode: ms(t.encode),
      wall: ms(wall),
      fps: Math.round((processed / (wall / 1000)) * 100) / 100,
      realtime: Math.round((covered / (wall / 1000)) * 100) / 100,
    },
    ...(outputs ? { outputs } : {}),
    segments: await task.summary(opts.saveDir),
  };
  if (error) summary.error = error;
  task.dispose?.();
  return summary;
}
