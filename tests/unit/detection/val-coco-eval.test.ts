/**
 * The evaluator on cases small enough to compute by hand from the COCO
 * definition (101 recall points r = 0, 0.01, …, 1; precision made monotone
 * from the right; AP = mean of the precision read at each r).
 */
import { describe, expect, it } from 'vitest';
import { boxIou, evaluateDetections, type GroundTruth, type Prediction } from '../../../main/val/coco-eval';

const gt = (imageId: number, category: string, box: [number, number, number, number], extra: Partial<GroundTruth> = {}): GroundTruth => ({
  imageId,
  category,
  box,
  ...extra,
});
const dt = (imageId: number, category: string, box: [number, number, number, number], score: number): Prediction => ({
  imageId,
  category,
  box,
  score,
});

const A: [number, number, number, number] = [0, 0, 100, 100];
const B: [number, number, number, number] = [200, 200, 300, 300];

describe('COCO evaluation, by hand', () => {
  it('IoU: plain boxes use the union, crowd regions the detection area', () => {
    expect(boxIou([0, 0, 10, 10], [5, 0, 15, 10], false)).toBeCloseTo(50 / 150, 12);
    // A small detection inside a large crowd region: intersection = its own area.
    expect(boxIou([10, 10, 20, 20], [0, 0, 100, 100], true)).toBe(1);
    expect(boxIou([0, 0, 10, 10], [20, 20, 30, 30], false)).toBe(0);
  });

  it('perfect detections give AP 1 at every threshold, precision and recall 1', () => {
    const g = [gt(1, 'dog', A), gt(1, 'cat', B), gt(2, 'dog', B)];
    const r = evaluateDetections(
      g,
      g.map((x, i) => dt(x.imageId as number, x.category, [...x.box], 0.9 - i * 0.1)),
    );
    expect(r.map50).toBe(1);
    expect(r.map).toBe(1);
    expect(r.map75).toBe(1);
    expect(r.classes.map((c) => [c.category, c.ap50, c.gt])).toEqual([
      ['dog', 1, 2],
      ['cat', 1, 1],
    ]);
    expect([r.tp, r.fp, r.fn, r.precision, r.recall]).toEqual([3, 0, 0, 1, 1]);
  });

  it('a miss: 1 of 2 boxes found → precision 1 up to recall 0.5 (51 of 101 points), then 0', () => {
    const r = evaluateDetections([gt(1, 'dog', A), gt(1, 'dog', B)], [dt(1, 'dog', A, 0.8)]);
    expect(r.map50).toBeCloseTo(51 / 101, 12);
    expect(r.classes[0]).toMatchObject({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 });
  });

  it('a duplicate ranked between two hits: P = 1, ½, ⅔ at R = ½, ½, 1 → (51·1 + 50·⅔)/101', () => {
    const r = evaluateDetections([gt(1, 'dog', A), gt(1, 'dog', B)], [dt(1, 'dog', A, 0.9), dt(1, 'dog', A, 0.8), dt(1, 'dog', B, 0.7)]);
    expect(r.map50).toBeCloseTo((51 + (50 * 2) / 3) / 101, 12);
    expect(r.classes[0]).toMatchObject({ tp: 2, fp: 1, fn: 0 });
  });

  it('a duplicate ranked last costs nothing (precision after full recall is never read)', () => {
    const r = evaluateDetections([gt(1, 'dog', A)], [dt(1, 'dog', A, 0.9), dt(1, 'dog', A, 0.3)]);
    expect(r.map50).toBe(1);
    expect(r.precision).toBe(0.5); // but it shows at conf 0.25
  });

  it('localisation: a loose box (IoU 0.6) ranked first is a hit at 0.5…0.6 and a false positive above', () => {
    // Loose box [0,0,100,60]: IoU with A = 6000/10000 = 0.6. The tight duplicate then is a false positive at t ≤ 0.6
    // (A is taken) and the hit above it, where the curve is FP, TP: P = 0, ½ at R = 0, 1 → AP ½ at every point.
    const r = evaluateDetections([gt(1, 'dog', A)], [dt(1, 'dog', [0, 0, 100, 60], 0.9), dt(1, 'dog', A, 0.8)]);
    expect(r.map50).toBe(1);
    // Thresholds 0.50, 0.55, 0.60 → 1; 0.65 … 0.95 (7 of them) → ½.
    expect(r.map).toBeCloseTo((3 * 1 + 7 * 0.5) / 10, 12);
    expect(r.map75).toBe(0.5);
  });

  it('a wrong class: the box counts as a miss for its class and a false positive for the other', () => {
    // dog: its only box is labelled "cat" → AP 0. cat: FP (0.9) then its real box (0.8) → P ½ at R 1 → AP ½.
    const r = evaluateDetections([gt(1, 'dog', A), gt(1, 'cat', B)], [dt(1, 'cat', A, 0.9), dt(1, 'cat', B, 0.8)]);
    expect(r.classes.find((c) => c.category === 'dog')!.ap50).toBe(0);
    expect(r.classes.find((c) => c.category === 'cat')!.ap50).toBe(0.5);
    expect(r.map50).toBe(0.25);
    expect([r.tp, r.fp, r.fn]).toEqual([1, 1, 1]);
  });

  it('a class the dataset does not label is not evaluated (COCO evaluates the ground truth’s classes)', () => {
    const r = evaluateDetections([gt(1, 'dog', A)], [dt(1, 'dog', A, 0.9), dt(1, 'kite', B, 0.95)]);
    expect(r.map50).toBe(1);
    expect(r.classes.map((c) => c.category)).toEqual(['dog']);
  });

  it('crowd regions: detections inside are neither hits nor false positives; many may match one region', () => {
    const crowd: [number, number, number, number] = [400, 0, 800, 100];
    const g = [gt(1, 'person', A), gt(1, 'person', crowd, { crowd: true })];
    const p = [dt(1, 'person', [410, 10, 450, 90], 0.9), dt(1, 'person', A, 0.8), dt(1, 'person', [500, 10, 540, 90], 0.7)];
    const r = evaluateDetections(g, p);
    expect(r.map).toBe(1);
    expect(r.classes[0]).toMatchObject({ gt: 1, tp: 1, fp: 0, fn: 0 });
    // The same boxes without the crowd flag: FP, TP, FP → P = 0, ½, ⅓ at R = 0, 1, 1 → ½ everywhere.
    const noCrowd = evaluateDetections([gt(1, 'person', A)], p);
    expect(noCrowd.map50).toBe(0.5);
  });

  it('a real box wins over a crowd region that overlaps it more', () => {
    // The detection overlaps A with IoU 0.81 and lies fully in the crowd region (IoU 1): it must take A.
    const g = [gt(1, 'person', [0, 0, 1000, 1000], { crowd: true }), gt(1, 'person', A)];
    const r = evaluateDetections(g, [dt(1, 'person', [0, 0, 90, 90], 0.9)]);
    expect(r.classes[0]).toMatchObject({ tp: 1, fp: 0 });
    expect(r.map50).toBe(1);
  });

  it('ignored boxes are matched normally but neither required nor counted; a class with only those is left out', () => {
    const r = evaluateDetections(
      [gt(1, 'dog', A), gt(1, 'dog', B, { ignore: true }), gt(1, 'cat', B, { crowd: true })],
      [dt(1, 'dog', B, 0.9), dt(1, 'dog', A, 0.8), dt(1, 'cat', B, 0.9)],
    );
    expect(r.classes.map((c) => c.category)).toEqual(['dog']);
    expect(r.map).toBe(1);
    expect(r.classes[0]).toMatchObject({ gt: 1, tp: 1, fp: 0, fn: 0 });
  });

  it('across images, detections are ranked by score together; precision/recall at the chosen confidence', () => {
    // Image 1: hit 0.9; image 2: FP 0.6, hit 0.2 → curve TP, FP, TP with R = ½, ½, 1 and P = 1, ½, ⅔.
    const r = evaluateDetections([gt(1, 'dog', A), gt(2, 'dog', A)], [dt(1, 'dog', A, 0.9), dt(2, 'dog', B, 0.6), dt(2, 'dog', A, 0.2)], {
      prConf: 0.5,
    });
    expect(r.map50).toBeCloseTo((51 + (50 * 2) / 3) / 101, 12);
    expect(r.classes[0]).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5 });
  });

  it('only the best maxDets detections per image and class count', () => {
    const r = evaluateDetections([gt(1, 'dog', A)], [dt(1, 'dog', B, 0.9), dt(1, 'dog', A, 0.8)], { maxDets: 1 });
    expect(r.map50).toBe(0);
    expect(r.classes[0]!.dets).toBe(1);
  });

  it('no detections at all: AP 0, recall 0', () => {
    const r = evaluateDetections([gt(1, 'dog', A)], []);
    expect([r.map50, r.map, r.recall, r.precision]).toEqual([0, 0, 0, 0]);
  });
});
