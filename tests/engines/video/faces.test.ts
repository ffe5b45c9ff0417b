/**
 * `vws faces recognize` on video: a clip built from the fixture photos (obama
 * 2 s, biden 2 s, a stranger 2 s) against a gallery of obama and biden, and the
 * real corridor clip with two strangers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecognizeCliRow } from '../../../main/cli/faces';
import { buildClip } from './clips';
import { vws } from './cli';

const FIX = 'tests/fixtures/faces';
let dir: string;
let db: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-video-faces-'));
  db = path.join(dir, 'g.db');
  expect((await vws('--db', db, 'faces', 'enroll', '--name', 'obama', `${FIX}/gallery/obama`)).code).toBe(0);
  expect((await vws('--db', db, 'faces', 'enroll', '--name', 'biden', `${FIX}/gallery/biden/biden.jpg`)).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vws faces recognize on video', () => {
  it('names who appears when, one entry for the stranger, with thumbnails and one JSON line per processed frame', async () => {
    const clip = path.join(dir, 'three.mp4');
    // 4 fps: obama 0–1.75 s, biden 2–3.75 s, a person not enrolled 4–5.75 s. None of these shots is in the gallery.
    buildClip(
      clip,
      [
        { image: `${FIX}/probes/obama1.jpg`, seconds: 2 },
        { image: `${FIX}/gallery/biden/biden2.jpg`, seconds: 2 },
        { image: `${FIX}/probes/lin-manuel-miranda.jpg`, seconds: 2 },
      ],
      { fps: 4 },
    );
    const out = path.join(dir, 'run');
    const r = await vws('--db', db, 'faces', 'recognize', clip, '--stride', '2', '--save', out);
    expect(r.code).toBe(0);
    const v = (r.json as RecognizeCliRow[])[0]!.video!;
    expect(v).toMatchObject({ decoded: 24, processed: 12, outputs: { frames: 24 } });
    expect(fs.readFileSync(v.outputs!.jsonl, 'utf8').trim().split('\n')).toHaveLength(12);
    const stride = 0.5;
    const expected = [
      ['obama', 0, 1.75],
      ['biden', 2, 3.75],
      ['unknown 1', 4, 5.75],
    ] as const;
    expect(v.segments.map((p) => p.name)).toEqual(expected.map((e) => e[0]));
    v.segments.forEach((p, i) => {
      const [, a, b] = expected[i]!;
      expect(p.segments, p.name).toHaveLength(1);
      const s = p.segments[0]!;
      expect(s.start, p.name).toBeGreaterThanOrEqual(a - stride);
      expect(s.start, p.name).toBeLessThanOrEqual(a + stride);
      expect(s.end, p.name).toBeGreaterThanOrEqual(b - stride);
      expect(s.end, p.name).toBeLessThanOrEqual(b + stride);
      expect(p.known).toBe(i < 2);
      if (p.known) expect(s.bestSimilarity).toBeGreaterThan(0.35);
      expect(fs.existsSync(s.thumbnail.file!), `${p.name} thumbnail`).toBe(true);
    });
  });

  it('the real corridor clip: two strangers side by side are two unknown entries, not one per frame', async () => {
    const r = await vws('--db', db, 'faces', 'recognize', 'tests/fixtures/video/face-demographics-walking.gif', '--stride', '3');
    expect(r.code).toBe(0);
    const v = (r.json as RecognizeCliRow[])[0]!.video!;
    expect(v.processed).toBe(12);
    expect(v.segments.map((p) => [p.name, p.known])).toEqual([
      ['unknown 1', false],
      ['unknown 2', false],
    ]);
    for (const p of v.segments) expect(p.segments[0]!.end - p.segments[0]!.start).toBeGreaterThan(2);
  });
});
