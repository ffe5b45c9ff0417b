import { describe, expect, it } from 'vitest';
import { iou, nms } from '../../../main/geometry/boxes';

describe('iou', () => {
  it('is 0 for disjoint boxes', () => {
    expect(iou([0, 0, 10, 10], [20, 20, 30, 30])).toBe(0);
  });
  it('is area(inner)/area(outer) for nested boxes', () => {
    expect(iou([0, 0, 10, 10], [2, 2, 7, 7])).toBeCloseTo(25 / 100, 12);
  });
  it('is 1 for identical boxes', () => {
    expect(iou([3, 4, 13, 24], [3, 4, 13, 24])).toBe(1);
  });
  it('is 0 for boxes that only touch along an edge or a corner', () => {
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
    expect(iou([0, 0, 10, 10], [10, 10, 20, 20])).toBe(0);
  });
  it('matches a hand computation for a partial overlap', () => {
    // intersection 5×5 = 25; union 100 + 100 − 25 = 175
    expect(iou([0, 0, 10, 10], [5, 5, 15, 15])).toBeCloseTo(25 / 175, 12);
  });
});

describe('nms (the seed procedure)', () => {
  // 0: the 0.9 box; 1,2: overlapping 0.6/0.7 boxes of the same class;
  // 3: an overlapping 0.8 box of another class; 4: a far-away box.
  const boxes = [0, 0, 10, 10, 1, 1, 11, 11, 0, 1, 10, 11, 1, 0, 11, 10, 50, 50, 60, 60];
  const scores = [0.9, 0.6, 0.7, 0.8, 0.5];
  const classes = [0, 0, 0, 1, 0];

  it('keeps the 0.9 box, suppresses its class neighbours, keeps the other class', () => {
    expect(iou([0, 0, 10, 10], [1, 1, 11, 11])).toBeCloseTo(81 / 119, 12);
    expect(nms(boxes, scores, classes, { iou: 0.5 })).toEqual([0, 3, 4]);
  });
  it('suppresses the other class too when agnostic', () => {
    expect(nms(boxes, scores, classes, { iou: 0.5, agnostic: true })).toEqual([0, 4]);
  });
  it('keeps a box whose IoU is below the threshold', () => {
    // The largest overlap is 90/110 ≈ 0.82 (box 2 against 0 and 1), so 0.95 keeps all five.
    expect(nms(boxes, scores, classes, { iou: 0.95 })).toEqual([0, 3, 2, 1, 4]);
  });
  it('caps at maxDet after suppression', () => {
    expect(nms(boxes, scores, classes, { iou: 0.5, maxDet: 2 })).toEqual([0, 3]);
  });
});
