/** Verification vs recognition on the faces fixtures, through the faces engine's real pipeline. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabVerifyResult } from '../../../preload/contract';
import { modelResolver } from '../../../main/models/resolver';
import { VerificationLesson } from '../../../main/lab/verification';
import { FacePipeline } from '../../../main/faces/pipeline';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/faces');
const FILES = [
  'gallery/obama/obama.jpg',
  'gallery/obama/obama2.jpg',
  'gallery/biden/biden.jpg',
  'gallery/biden/biden2.jpg',
  'other/eagle.jpg',
];
let pipeline: FacePipeline;
let lesson: VerificationLesson;
let r: LabVerifyResult;

beforeAll(async () => {
  pipeline = new FacePipeline({ models: modelResolver() });
  lesson = new VerificationLesson(pipeline);
  r = await lesson.run({
    images: FILES.map((f) => ({ name: path.basename(f), data: new Uint8Array(fs.readFileSync(path.join(DIR, f))) })),
  });
});
afterAll(() => pipeline.dispose());

describe('verification vs recognition (Siamese encodings)', () => {
  it('finds a face in the four portraits and none in the eagle', () => {
    expect(r.faces.map((f) => f.found)).toEqual([true, true, true, true, false]);
    expect(r.distance[4]).toEqual([null, null, null, null, null]);
    expect(r.tau).toBe(0.35);
    expect(r.dTau).toBeCloseTo(1.3, 12);
  });

  it('has d = ‖f(x1) − f(x2)‖² = 2 − 2·cos for unit encodings, 0 on the diagonal', () => {
    for (const p of r.pairs) expect(p.d).toBeCloseTo(2 - 2 * p.cos, 5);
    for (let i = 0; i < 4; i++) expect(r.distance[i]![i]).toBeCloseTo(0, 6);
  });

  it('says "same" for the two Obamas and the two Bidens only, and recognises each by the other', () => {
    const same = r.pairs.filter((p) => p.same).map((p) => [p.a, p.b]);
    expect(same).toEqual([
      [0, 1],
      [2, 3],
    ]);
    const dSame = Math.max(r.distance[0]![1]!, r.distance[2]![3]!);
    const dDiff = Math.min(r.distance[0]![2]!, r.distance[0]![3]!, r.distance[1]![2]!, r.distance[1]![3]!);
    expect(dSame).toBeLessThan(r.dTau);
    expect(dDiff).toBeGreaterThan(r.dTau);
    expect(r.recognition.map((x) => x.answer)).toEqual(['obama2.jpg', 'obama.jpg', 'biden2.jpg', 'biden.jpg', 'no face']);
  });

  it('answers "unknown" when τ is above every similarity', async () => {
    const strict = await lesson.run({
      images: FILES.slice(0, 3).map((f) => ({ name: path.basename(f), data: new Uint8Array(fs.readFileSync(path.join(DIR, f))) })),
      tau: 0.99,
    });
    expect(strict.recognition.map((x) => x.answer)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(strict.pairs.every((p) => !p.same)).toBe(true);
  });
});
