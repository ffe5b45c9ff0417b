/**
 * Video benchmark: a 640×480, 30 fps clip (5 s of the real room footage,
 * scaled and re-timed) through `runVideo` at input 384 — frames/s and × real
 * time, with decode, engines, overlay and encode separated; with --stride 3;
 * faces on the same clip. Peer in the same run: the same frames decoded to
 * JPEG files on disk, then `vws detect` on that folder, against `vws detect`
 * on the clip (both as child processes, start-up and model load included).
 * Goal on the 2-core CPU: ≥ 3× real time at 30 fps.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DetectionService } from '../main/detection/service';
import { FacesService } from '../main/faces/service';
import { findFfmpeg } from '../main/video/ffmpeg';
import { runVideo, type VideoRunSummary } from '../main/video/run';
import { detectionTask, facesTask } from '../main/video/tasks';

type Row = Record<string, unknown>;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(ROOT, 'tests/fixtures/video/one-by-one-person-detection.mp4');
const SIZE = 384;
const r2 = (v: number) => Math.round(v * 100) / 100;

function row(name: string, s: VideoRunSummary<unknown>): Row {
  const n = Math.max(1, s.processed);
  const t = s.timings;
  return {
    case: name,
    frames: s.processed,
    'frames/s': t.fps,
    '× real time': t.realtime,
    'decode ms/frame': r2(t.decode / s.decoded),
    'engines ms/frame': r2(t.engines / n),
    'overlay ms/frame': r2(t.overlay / n),
    'encode ms/frame': r2(t.encode / s.decoded),
    'wall s': r2(t.wall / 1000),
  };
}

function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 2) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - t;
}

export async function benchVideo(): Promise<Row[]> {
  const ff = findFfmpeg().path;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-bench-video-'));
  const clip = path.join(tmp, 'room-640x480-30fps.mp4');
  // Seconds 22–27: a person walks in and stands at the table.
  execFileSync(ff, [
    '-loglevel',
    'error',
    '-ss',
    '22',
    '-t',
    '5',
    '-i',
    SOURCE,
    '-vf',
    'scale=640:480,fps=30',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    clip,
  ]);
  const rows: Row[] = [];
  const service = new DetectionService();
  try {
    const det = (stride: number) => (info: { fps: number }) => detectionTask(service, { inputSize: SIZE }, { stride, fps: info.fps });
    await runVideo(clip, det(1), { end: 0.5 }); // warm-up: model load and first runs
    rows.push(row(`detect, input ${SIZE}`, await runVideo(clip, det(1))));
    rows.push(row(`detect, input ${SIZE}, --save (overlay + encode)`, await runVideo(clip, det(1), { saveDir: path.join(tmp, 'save') })));
    rows.push(row(`detect, input ${SIZE}, --stride 3`, await runVideo(clip, det(3), { stride: 3 })));
  } finally {
    await service.dispose();
  }
  const faces = new FacesService({ dbPath: path.join(tmp, 'g.db') });
  try {
    const task = (info: Parameters<typeof facesTask>[2]['info']) => facesTask(faces, {}, { stride: 1, fps: info.fps, info });
    await runVideo(clip, task, { end: 0.3 });
    rows.push(row('faces (ultraface → landmarks → embed → match)', await runVideo(clip, task)));
  } finally {
    await faces.dispose();
  }

  // Peer: the same frames as JPEG files on disk, then the image CLI on the folder.
  const frames = path.join(tmp, 'frames');
  fs.mkdirSync(frames);
  const tExtract = timed(ff, ['-loglevel', 'error', '-i', clip, '-q:v', '2', path.join(frames, '%05d.jpg')]);
  const n = fs.readdirSync(frames).length;
  const vws = (...args: string[]) =>
    timed(process.execPath, [path.join(ROOT, 'bin/vws.mjs'), '--quiet', '--json', 'detect', ...args, '--input-size', String(SIZE)]);
  const tFolder = vws(frames);
  const tVideo = vws(clip, '--no-track'); // the same work as the folder: no tracker
  const seconds = n / 30;
  rows.push(
    {
      case: 'peer: ffmpeg → JPEG files, then `vws detect <folder>`',
      frames: n,
      'frames/s': r2(n / ((tExtract + tFolder) / 1000)),
      '× real time': r2(seconds / ((tExtract + tFolder) / 1000)),
      'decode ms/frame': r2(tExtract / n),
      'wall s': r2((tExtract + tFolder) / 1000),
    },
    {
      case: '`vws detect <clip> --no-track` (same frames, piped)',
      frames: n,
      'frames/s': r2(n / (tVideo / 1000)),
      '× real time': r2(seconds / (tVideo / 1000)),
      'wall s': r2(tVideo / 1000),
    },
  );
  fs.rmSync(tmp, { recursive: true, force: true });
  return rows;
}
