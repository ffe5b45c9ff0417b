import { describe, expect, it } from 'vitest';
import type { LabCandidate } from '../../../preload/contract';
import { buildTarget, DEFAULT_ANCHORS, iouReport, nmsSteps, shapeIou } from '../../../main/lab/yolo';
import { nms } from '../../../main/geometry/boxes';

const cand = (index: number, box: [number, number, number, number], score: number, label = 'car', classId = 2): LabCandidate => ({
  index,
  box,
  score,
  classId,
  label,
  cell: { row: 0, col: 0 },
});

describe('IoU calculator', () => {
  it('gives intersection, union and the notes’ "correct if ≥ 0.5" verdict', () => {
    expect(iouReport([0, 0, 2, 2], [1, 1, 3, 3])).toEqual({ intersection: 1, union: 7, iou: 1 / 7, correct: false });
    const r = iouReport([0, 0, 4, 4], [0, 0, 4, 2]);
    expect(r).toEqual({ intersection: 8, union: 16, iou: 0.5, correct: true });
    expect(iouReport([0, 0, 1, 1], [2, 2, 3, 3]).iou).toBe(0);
    expect(() => iouReport([2, 0, 1, 1], [0, 0, 1, 1])).toThrow(/x2 ≥ x1/);
  });
});

describe('NMS step by step', () => {
  const cands = [
    cand(0, [0, 0, 10, 10], 0.9),
    cand(1, [1, 1, 11, 11], 0.8), // IoU with 0 = 81/119 ≈ 0.68 → discarded by 0
    cand(2, [20, 20, 30, 30], 0.7),
    cand(3, [0, 0, 10, 10], 0.6, 'truck', 7), // same box, other class: kept (per-class NMS)
    cand(4, [5, 0, 15, 10], 0.5), // IoU with 0 = 50/150 = 0.33 → kept
  ];

  it('picks the highest p_c, discards IoU ≥ 0.5 of its class, repeats', () => {
    const steps = nmsSteps(cands, 0.5);
    expect(steps.map((s) => s.pick)).toEqual([0, 2, 3, 4]);
    expect(steps[0]!.suppressed).toEqual([{ index: 1, iou: 81 / 119 }]);
    expect(steps.slice(1).every((s) => s.suppressed.length === 0)).toBe(true);
  });

  it("keeps the same boxes as the product's nms", () => {
    const boxes = cands.flatMap((c) => c.box);
    const keep = nms(
      boxes,
      cands.map((c) => c.score),
      cands.map((c) => c.classId),
      { iou: 0.5 },
    );
    expect(nmsSteps(cands, 0.5).map((s) => s.pick)).toEqual(keep);
  });
});

describe("the notes' S×S×A×(5 + C) target", () => {
  it('puts a car in the cell of its midpoint and the wide anchor, with b_x, b_y, b_h, b_w relative to the cell', () => {
    // 300×300 image, 3×3 grid of 100 px cells; a wide car centred at (250, 150).
    const car = cand(0, [190, 130, 310, 170], 0.9);
    const { objects, target } = buildTarget({
      width: 300,
      height: 300,
      grid: 3,
      anchors: DEFAULT_ANCHORS,
      classes: ['person', 'car', 'motorcycle'],
      objects: [car],
    });
    expect(target.shape).toEqual([3, 3, 2, 8]);
    expect(target.data.length).toBe(144);
    expect(objects[0]).toMatchObject({ row: 1, col: 2, anchor: 1, conflict: false });
    expect(objects[0]!.bx).toBeCloseTo(0.5, 10);
    expect(objects[0]!.by).toBeCloseTo(0.5, 10);
    expect(objects[0]!.bh).toBeCloseTo(0.4, 10);
    expect(objects[0]!.bw).toBeCloseTo(1.2, 10);
    // Cell (1, 2), anchor 2: y = [1, b_x, b_y, b_h, b_w, 0, 1, 0].
    const at = ((1 * 3 + 2) * 2 + 1) * 8;
    expect(target.data.slice(at, at + 8).map((v) => (v === null ? null : Math.round(v * 1000) / 1000))).toEqual([
      1, 0.5, 0.5, 0.4, 1.2, 0, 1, 0,
    ]);
    // Anchor 1 of the same cell has no object: p_c = 0, the rest don't care.
    expect(target.data.slice(at - 8, at)).toEqual([0, null, null, null, null, null, null, null]);
    expect(target.data.filter((v) => v === 1).length).toBe(2);
  });

  it('marks a second object in the same cell and anchor as the notes’ failure case, and matches anchors by centred IoU', () => {
    const a = cand(0, [190, 130, 310, 170], 0.9);
    const b = cand(1, [200, 140, 300, 160], 0.8);
    const { objects } = buildTarget({ width: 300, height: 300, grid: 3, anchors: DEFAULT_ANCHORS, classes: ['car'], objects: [a, b] });
    expect(objects.map((o) => o.conflict)).toEqual([false, true]);
    expect(shapeIou(0.2, 0.5, 0.2, 0.5)).toBe(1);
    expect(shapeIou(0.2, 0.5, 0.5, 0.2)).toBeCloseTo(0.04 / (0.1 + 0.1 - 0.04), 12);
  });
});
