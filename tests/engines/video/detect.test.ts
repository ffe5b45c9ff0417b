/**
 * `vws detect` on video, end to end: real ffmpeg, real model, a clip built from
 * the fixture photos (dog 2 s, then horses 2 s), a truncated copy, bad files,
 * and the real 139 s room clip whose person visits were counted by eye.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectCliRow } from '../../../main/cli/detection';
import { findFfmpeg } from '../../../main/video/ffmpeg';
import { probeVideo } from '../../../main/video/probe';
import { readFrames } from '../../../main/video/reader';
import { buildClip } from './clips';
import { vws } from './cli';

const FIX = 'tests/fixtures';
let dir: string;
let clip: string;

const countFrames = async (file: string) => {
  let n = 0;
  for await (const _ of readFrames(await probeVideo(file))) n++;
  return n;
};
const lines = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { frame: number; time: number; detections: unknown[]; speed: Record<string, number> });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-video-'));
  clip = path.join(dir, 'dog-then-horses.mp4');
  // 5 fps: frames 0–9 the dog scene (0–1.8 s), 10–19 the horses (2.0–3.8 s).
  buildClip(clip, [
    { image: `${FIX}/detection/dog.jpg`, seconds: 2 },
    { image: `${FIX}/detection/horses.jpg`, seconds: 2 },
  ]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vws detect on video', () => {
  it('writes an annotated video of the same size and frame count, one JSON line per processed frame, and segments matching the content', async () => {
    const out = path.join(dir, 'run');
    const r = await vws('detect', clip, '--stride', '2', '--save', out);
    expect(r.code).toBe(0);
    const v = (r.json as DetectCliRow[])[0]!.video!;
    expect(v).toMatchObject({ decoded: 20, processed: 10, stride: 2, video: { width: 640, height: 480, fps: 5 } });
    const annotated = await probeVideo(v.outputs!.video);
    expect([annotated.width, annotated.height, annotated.fps]).toEqual([640, 480, 5]);
    expect(await countFrames(v.outputs!.video)).toBe(20);
    const recs = lines(v.outputs!.jsonl);
    expect(recs.map((x) => x.frame)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(recs[5]!.time).toBeCloseTo(2, 5);
    for (const k of ['decode', 'preprocess', 'inference', 'postprocess', 'overlay', 'encode'])
      expect(recs[3]!.speed[k]).toBeGreaterThanOrEqual(0);
    // Content within one stride (0.4 s): the dog over 0–1.8 s, horses over 2.0–3.8 s, each never in the other's half.
    const stride = 0.4;
    const dogs = v.segments.filter((s) => s.label === 'dog');
    const horses = v.segments.filter((s) => s.label === 'horse');
    expect(dogs.length).toBeGreaterThanOrEqual(1);
    expect(horses.length).toBeGreaterThanOrEqual(1);
    expect(Math.min(...dogs.map((s) => s.start))).toBeLessThanOrEqual(0 + stride);
    expect(Math.max(...dogs.map((s) => s.end))).toBeGreaterThanOrEqual(1.8 - stride);
    expect(Math.max(...dogs.map((s) => s.end))).toBeLessThan(2.0);
    expect(Math.min(...horses.map((s) => s.start))).toBeGreaterThan(1.8);
    expect(Math.min(...horses.map((s) => s.start))).toBeLessThanOrEqual(2.0 + stride);
    expect(Math.max(...horses.map((s) => s.end))).toBeGreaterThanOrEqual(3.8 - stride);
    for (const s of v.segments) expect(s.trackIds.length).toBeGreaterThan(0);
  });

  it('--start/--end pick a time range: frame indices and times stay those of the file', async () => {
    const out = path.join(dir, 'range');
    const r = await vws('detect', clip, '--start', '2', '--end', '0:03', '--save', out);
    expect(r.code).toBe(0);
    const v = (r.json as DetectCliRow[])[0]!.video!;
    expect(v).toMatchObject({ decoded: 5, processed: 5, start: 2, end: 3, outputs: { frames: 5 } });
    expect(lines(v.outputs!.jsonl).map((x) => x.frame)).toEqual([10, 11, 12, 13, 14]);
    expect(v.segments.map((s) => s.label)).toContain('horse');
    expect(v.segments.map((s) => s.label)).not.toContain('dog');
    expect(Math.min(...v.segments.map((s) => s.start))).toBe(2);
  });

  it('a truncated copy fails with E_BAD_VIDEO naming the file, after writing every frame it could read', async () => {
    const bytes = fs.readFileSync(clip);
    const cut = path.join(dir, 'cut.mp4');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.55)));
    const out = path.join(dir, 'cut-run');
    const r = await vws('detect', cut, '--save', out);
    expect(r.code).toBe(2);
    const row = (r.json as DetectCliRow[])[0]!;
    expect(row.error).toMatchObject({ code: 'E_BAD_VIDEO', message: expect.stringContaining('cut.mp4') });
    const v = row.video!;
    expect(v.decoded).toBeGreaterThan(3);
    expect(v.decoded).toBeLessThan(20);
    expect(v.outputs!.frames).toBe(v.decoded);
    expect(await countFrames(v.outputs!.video)).toBe(v.decoded);
    expect(lines(v.outputs!.jsonl).length).toBe(v.processed);
  });

  it('bad files are typed errors naming each file, and the rest of the folder is still processed', async () => {
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(bad);
    const ff = findFfmpeg().path;
    fs.writeFileSync(path.join(bad, 'a-not-a-video.mp4'), 'these are notes, not a video\n');
    const corrupt = Buffer.from(fs.readFileSync(clip));
    corrupt.fill(0x5a, 0, 4096); // header and index overwritten
    fs.writeFileSync(path.join(bad, 'b-corrupt.mp4'), corrupt);
    execFileSync(ff, [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=s=320x240:r=10',
      '-frames:v',
      '0',
      path.join(bad, 'c-zero-frames.mp4'),
    ]);
    execFileSync(ff, [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'color=black:s=6400x6400',
      '-frames:v',
      '1',
      '-c:v',
      'png',
      path.join(bad, 'd-huge.mkv'),
    ]);
    fs.copyFileSync(`${FIX}/detection/dog.jpg`, path.join(bad, 'e-dog.jpg'));
    const r = await vws('detect', bad);
    expect(r.code).toBe(2);
    const rows = r.json as DetectCliRow[];
    const byName = Object.fromEntries(rows.map((x) => [path.basename(x.file), x]));
    expect(Object.keys(byName)).toEqual(['a-not-a-video.mp4', 'b-corrupt.mp4', 'c-zero-frames.mp4', 'd-huge.mkv', 'e-dog.jpg']);
    for (const [name, code] of [
      ['a-not-a-video.mp4', 'E_BAD_VIDEO'],
      ['b-corrupt.mp4', 'E_BAD_VIDEO'],
      ['c-zero-frames.mp4', 'E_BAD_VIDEO'],
      ['d-huge.mkv', 'E_IMAGE_TOO_LARGE'],
    ] as const) {
      expect(byName[name]!.error, name).toMatchObject({ code, message: expect.stringContaining(name) });
    }
    expect(byName['e-dog.jpg']!.result!.detections.some((d) => d.label === 'dog')).toBe(true);
  });

  it('the real room clip: as many person segments as visits counted by eye (6), each overlapping its visit', async () => {
    // By eye (tests/fixtures/video/PROVENANCE.md), seconds ±2.
    const visits = [
      [6, 19],
      [22, 44],
      [50, 68],
      [74, 86],
      [92, 118],
      [124, 134],
    ];
    const r = await vws(
      'detect',
      `${FIX}/video/one-by-one-person-detection.mp4`,
      '--stride',
      '10',
      '--classes',
      'person',
      '--input-size',
      '384',
    );
    expect(r.code).toBe(0);
    const v = (r.json as DetectCliRow[])[0]!.video!;
    expect(v.processed).toBe(140);
    const segs = v.segments.filter((s) => s.label === 'person');
    expect(segs.map((s) => [s.start, s.end])).toHaveLength(visits.length);
    segs.forEach((s, i) => {
      const [a, b] = visits[i]!;
      expect(s.start, `visit ${i + 1} start`).toBeGreaterThanOrEqual(a! - 2);
      expect(s.start, `visit ${i + 1} start`).toBeLessThanOrEqual(a! + 4);
      expect(s.end, `visit ${i + 1} end`).toBeGreaterThanOrEqual(b! - 3);
      expect(s.end, `visit ${i + 1} end`).toBeLessThanOrEqual(b! + 3);
    });
  });
});

describe('vws detect on video, cancelled', () => {
  it('Ctrl+C (SIGINT to the process group, as a terminal sends it) stops after the current frame and keeps a playable video and the JSON Lines so far', async () => {
    const long = path.join(dir, 'long.mp4');
    buildClip(long, [{ image: `${FIX}/detection/dog.jpg`, seconds: 20 }], { fps: 5 });
    const out = path.join(dir, 'cancelled');
    const child = spawn(process.execPath, ['bin/vws.mjs', '--json', 'detect', long, '--save', out], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const jsonl = path.join(out, 'long.jsonl');
    // Wait for a few processed frames, then interrupt the whole group.
    for (let i = 0; i < 600 && !(fs.existsSync(jsonl) && fs.readFileSync(jsonl, 'utf8').split('\n').length > 4); i++) await sleep(100);
    process.kill(-child.pid!, 'SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    const row = (JSON.parse(stdout) as DetectCliRow[])[0]!;
    expect(row.error?.code).toBe('E_CANCELLED');
    const v = row.video!;
    expect(v.processed).toBeGreaterThan(2);
    expect(v.processed).toBeLessThan(100);
    expect(await countFrames(v.outputs!.video)).toBe(v.outputs!.frames);
    expect(lines(v.outputs!.jsonl).length).toBe(v.processed);
  });
});
