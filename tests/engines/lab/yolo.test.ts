/**
 * YOLO step by step on the bundled CenterNet's real pre-NMS candidates for
 * tests/fixtures/detection/dog.jpg (conf 0.1, IoU 0.5). The expected NMS
 * sequence was checked by hand from the candidate boxes, e.g. the dog:
 * #2 [124.49, 207.17, 312.61, 542.66] vs #5 [124.02, 200.54, 313.52, 539.32]:
 * intersection 188.12 × 332.15 = 62 484, union 63 112 + 64 199 − 62 484 =
 * 64 827, IoU 0.964 ≥ 0.5 → #5 discarded; the car #0 vs #23 gives
 * 16 245 / 19 691 = 0.825.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabYoloResult } from '../../../preload/contract';
import { resolvePaths } from '../../../main/config';
import { modelResolver } from '../../../main/models/resolver';
import { DetectionService } from '../../../main/detection/service';
import { YoloLesson } from '../../../main/lab/yolo.lesson';
import { iou } from '../../../main/geometry/boxes';

const DOG = path.resolve(import.meta.dirname, '../../fixtures/detection/dog.jpg');
const paths = resolvePaths();
let lesson: YoloLesson;
let r: LabYoloResult;

beforeAll(async () => {
  lesson = new YoloLesson({ resolve: modelResolver(paths) });
  r = await lesson.run({ image: new Uint8Array(fs.readFileSync(DOG)) });
});
afterAll(() => lesson.dispose());

describe('YOLO lesson on dog.jpg (CenterNet candidates)', () => {
  it("shows the model's real grid and its candidates best first", () => {
    expect([r.width, r.height, r.conf, r.iou]).toEqual([768, 576, 0.1, 0.5]);
    expect(r.modelGrid).toEqual({ rows: 128, cols: 128, stride: 4, channels: 80 });
    expect(r.candidates.length).toBe(29);
    expect(r.candidates.slice(0, 5).map((c) => [c.label, c.score])).toEqual([
      ['car', 0.5485],
      ['bicycle', 0.493],
      ['dog', 0.4236],
      ['parking meter', 0.3186],
      ['truck', 0.3166],
    ]);
    // The dog's centre (218.55, 374.92) in model pixels ×512/768, ×512/576 → cell (83, 36) of the stride-4 grid.
    expect(r.candidates[2]!.cell).toEqual({ row: 83, col: 36 });
  });

  it('runs NMS in the hand-checked sequence', () => {
    const picks = r.steps.map((s) => [s.label, s.pick, s.suppressed.map((x) => x.index)]);
    expect(picks.slice(0, 6)).toEqual([
      ['car', 0, [23]],
      ['bicycle', 1, [19]],
      ['dog', 2, [5]],
      ['parking meter', 3, []],
      // Same box as the car, other class: per-class NMS keeps it.
      ['truck', 4, []],
      ['bicycle', 6, [15]],
    ]);
    expect(r.steps.slice(6).every((s) => s.suppressed.length === 0)).toBe(true);
    expect(r.kept.length).toBe(25);
    expect(r.steps[2]!.suppressed[0]!.iou).toBeCloseTo(0.964, 3);
    expect(r.steps[0]!.suppressed[0]!.iou).toBeCloseTo(0.825, 3);
    for (const s of r.steps) for (const x of s.suppressed) expect(x.iou).toBeGreaterThanOrEqual(0.5);
  });

  it('keeps exactly what the detection engine returns at the same thresholds', async () => {
    const service = new DetectionService({ models: modelResolver(paths) });
    try {
      const det = await service.detect(new Uint8Array(fs.readFileSync(DOG)), { conf: 0.1, iou: 0.5 });
      expect(det.detections.length).toBe(r.kept.length);
      det.detections.forEach((d, i) => {
        const k = r.candidates[r.kept[i]!]!;
        expect(k.label).toBe(d.label);
        expect(iou(k.box, d.box)).toBeGreaterThan(0.999);
      });
    } finally {
      await service.dispose();
    }
  });

  it("builds the notes' 3×3×2×8 target: the car in cell (0, 2) on the wide anchor", () => {
    expect(r.target.shape).toEqual([3, 3, 2, 8]);
    expect(r.objects.map((o) => [o.label, o.row, o.col, o.anchor])).toEqual([['car', 0, 2, 1]]);
    const at = ((0 * 3 + 2) * 2 + 1) * 8;
    expect(r.target.data[at]).toBe(1);
    expect(r.target.data.slice(at + 5, at + 8)).toEqual([0, 1, 0]);
  });
});
