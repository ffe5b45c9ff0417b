import { describe, expect, it } from 'vitest';
import { COCO_CLASSES, COCO_LABELS } from '../../../main/detection/labels.coco';
import { postprocess, resolveClassFilter } from '../../../main/detection/postprocess';
import { makeTransform } from '../../../main/imaging/model-input';
import type { Candidates } from '../../../main/detection/candidates';

const cands = (rows: number[][], nmsApplied = false): Candidates => ({
  boxes: Float32Array.from(rows.flatMap((r) => r.slice(0, 4))),
  scores: Float32Array.from(rows.map((r) => r[4]!)),
  classes: Int32Array.from(rows.map((r) => r[5]!)),
  count: rows.length,
  nmsApplied,
});

describe('COCO labels', () => {
  it('has 80 classes with the COCO category ids', () => {
    expect(COCO_LABELS.length).toBe(80);
    expect([COCO_LABELS[0], COCO_LABELS[16], COCO_LABELS[79]]).toEqual(['person', 'dog', 'toothbrush']);
    expect([COCO_CLASSES[11]!.cocoId, COCO_CLASSES[79]!.cocoId]).toEqual([13, 90]);
  });
});

describe('postprocess', () => {
  // A 1024×256 image stretched to 512×512: model x = 0.5·x, model y = 2·y.
  const t = makeTransform(1024, 256, 512, 512, 'stretch');
  const c = cands([
    [0, 0, 100, 100, 0.9, 16],
    [5, 5, 105, 105, 0.7, 16], // suppressed by the 0.9 dog
    [5, 5, 105, 105, 0.6, 17], // another class: kept unless agnostic
    [200, 200, 300, 300, 0.2, 0], // below conf
  ]);

  it('thresholds, runs class-wise NMS and maps back to original pixels', () => {
    const d = postprocess(c, t, COCO_LABELS, { conf: 0.25, iou: 0.5, maxDet: 100, agnostic: false });
    expect(d).toEqual([
      { box: [0, 0, 200, 50], classId: 16, label: 'dog', score: 0.9 },
      { box: [10, 2.5, 210, 52.5], classId: 17, label: 'horse', score: 0.6 },
    ]);
  });
  it('suppresses across classes when agnostic and honours the class filter', () => {
    expect(postprocess(c, t, COCO_LABELS, { conf: 0.25, iou: 0.5, maxDet: 100, agnostic: true }).map((d) => d.classId)).toEqual([16]);
    const only = resolveClassFilter(['horse'], COCO_LABELS);
    expect(
      postprocess(c, t, COCO_LABELS, { conf: 0.25, iou: 0.5, maxDet: 100, agnostic: false, classes: only }).map((d) => d.score),
    ).toEqual([0.6]);
  });
  it('trusts end-to-end NMS: no suppression, only sorting and maxDet', () => {
    const e2e = { ...c, nmsApplied: true };
    expect(postprocess(e2e, t, COCO_LABELS, { conf: 0.25, iou: 0.5, maxDet: 2, agnostic: false }).map((d) => d.score)).toEqual([0.9, 0.7]);
  });
  it('resolves classes by name or id and refuses unknown ones', () => {
    expect([...resolveClassFilter(['person', 'Dog', 2, '7'], COCO_LABELS)!]).toEqual([0, 16, 2, 7]);
    expect(resolveClassFilter([], COCO_LABELS)).toBeUndefined();
    expect(() => resolveClassFilter(['unicorn'], COCO_LABELS)).toThrow(/Unknown class/);
    expect(() => resolveClassFilter([80], COCO_LABELS)).toThrow(/out of range/);
  });
});
