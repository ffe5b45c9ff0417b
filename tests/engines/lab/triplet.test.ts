/** Triplet loss and the learned projection on the real faces fixtures: gallery for training, single-person probes held out. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabTripletResult } from '../../../preload/contract';
import { modelResolver } from '../../../main/models/resolver';
import { FacePipeline } from '../../../main/faces/pipeline';
import { tripletLesson } from '../../../main/lab/triplet';

const D = path.resolve(import.meta.dirname, '../../fixtures/faces');
const pipeline = new FacePipeline({ models: modelResolver() });
let r: LabTripletResult;

beforeAll(async () => {
  const gallery = fs
    .readdirSync(path.join(D, 'gallery'))
    .flatMap((person) =>
      fs
        .readdirSync(path.join(D, 'gallery', person))
        .map((f) => ({ name: f, person, data: new Uint8Array(fs.readFileSync(path.join(D, 'gallery', person, f))) })),
    );
  const probes = JSON.parse(fs.readFileSync(path.join(D, 'probes.json'), 'utf8')) as Record<string, string[]>;
  const held = Object.entries(probes)
    .filter(([, persons]) => persons.length === 1)
    .map(([f, [person]]) => ({
      name: f,
      person: person!,
      heldOut: true,
      data: new Uint8Array(fs.readFileSync(path.join(D, 'probes', f))),
    }));
  // α = 1 makes every training triplet active, so the projection has something to learn.
  r = await tripletLesson({ images: [...gallery, ...held], alpha: 1 }, pipeline);
});
afterAll(() => pipeline.dispose());

describe('triplet loss on real faces', () => {
  it('forms the 56 training triplets of the gallery (4 people with two pictures, 9 pictures), hardest first', () => {
    expect(r.faces.every((f) => f.found)).toBe(true);
    expect(r.tripletCount).toBe(56);
    const margins = r.triplets.map((t) => t.dAN - t.dAP);
    expect(margins).toEqual([...margins].sort((a, b) => a - b));
    for (const t of r.triplets) expect(t.loss).toBeCloseTo(Math.max(t.dAP - t.dAN + 1, 0), 12);
    expect(r.j).toBeGreaterThan(0);
  });

  it('learns a projection that lowers J, and never lowers held-out verification accuracy', () => {
    const p = r.projection!;
    expect(p.heldOutPairs).toBe(5 * 9 + 10);
    expect(p.jAfter).toBeLessThan(r.j);
    const kept = p.adopted ? p.accuracyAfter : p.accuracyBefore;
    expect(kept).toBeGreaterThanOrEqual(p.accuracyBefore);
    expect(p.adopted).toBe(p.accuracyAfter > p.accuracyBefore);
  });
});
