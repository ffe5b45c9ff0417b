/** Localization and landmark vectors from the real detection and faces engines on the fixtures. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelResolver } from '../../../main/models/resolver';
import { DetectionService } from '../../../main/detection/service';
import { FacePipeline } from '../../../main/faces/pipeline';
import { localize } from '../../../main/lab/localization';

const models = modelResolver();
const detection = new DetectionService({ models });
const faces = new FacePipeline({ models });
const read = (f: string) => new Uint8Array(fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures', f)));
afterAll(() => Promise.all([detection.dispose(), faces.dispose()]));

describe('localization and landmarks on real pictures', () => {
  it('gives the car in dog.jpg its y, and no face', async () => {
    const r = await localize({ image: read('detection/dog.jpg') }, detection, faces);
    expect(r.classes).toEqual(['person', 'car', 'motorcycle']);
    const car = r.detections.find((d) => d.label === 'car')!;
    // Box [472.56, 81.27, 683.36, 165.32] on 768×576, checked by hand: (577.96/768, 123.295/576, 84.05/576, 210.8/768).
    expect(car.y).toEqual([1, 0.7526, 0.2141, 0.1459, 0.2745, 0, 1, 0]);
    expect(r.detections.find((d) => d.label === 'dog')!.y[0]).toBe(0);
    expect(r.face).toBeUndefined();
  });

  it("gives Obama's face its 136-number landmark vector inside the image, eyes above the mouth", async () => {
    const r = await localize({ image: read('e2e/obama.jpg') }, detection, faces);
    const f = r.face!;
    expect(f.landmarks.length).toBe(68);
    expect(f.vector.length).toBe(136);
    expect(f.vector[0]).toBeCloseTo(f.landmarks[0]![0] / r.width, 3);
    expect(f.vector[1]).toBeCloseTo(f.landmarks[0]![1] / r.height, 3);
    for (const v of f.vector) expect(v >= 0 && v <= 1).toBe(true);
    const meanY = (from: number, to: number) => f.landmarks.slice(from, to).reduce((s, p) => s + p[1], 0) / (to - from);
    expect(meanY(36, 48)).toBeLessThan(meanY(48, 68));
    const person = r.detections.find((d) => d.label === 'person')!;
    expect(person.y.slice(5)).toEqual([1, 0, 0]);
  });
});
