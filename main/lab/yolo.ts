/**
 * YOLO's ideas, step by step, as pure functions over boxes: IoU with the
 * notes' "correct if ≥ 0.5" rule, non-max suppression recorded one pick at a
 * time, and the S×S×A×(5 + C) training target with anchor assignment.
 * Follows Redmon et al. 2016 "You Only Look Once" and Redmon & Farhadi 2017
 * "YOLO9000" (anchor boxes), as the course's notes present them.
 */
import type { LabCandidate, LabGridObject, LabIouResult, LabNmsStep } from '../../preload/contract';
import { VwError } from '../errors';
import { iou as boxIou, type Box } from '../geometry/boxes';

/** The notes' two anchors as fractions of the image: a tall one (pedestrian) and a wide one (car). */
export const DEFAULT_ANCHORS: [number, number][] = [
  [0.2, 0.5],
  [0.5, 0.2],
];

export const DEFAULT_GRID = 3;

/** The notes' classes: pedestrian, car, motorcycle (COCO: person, car, motorcycle). */
export const DEFAULT_TARGET_CLASSES = ['person', 'car', 'motorcycle'];

function checkBox(b: readonly number[], what: string): void {
  if (b.length !== 4 || b.some((v) => !Number.isFinite(v)) || b[2]! < b[0]! || b[3]! < b[1]!)
    throw new VwError('E_BAD_ARGUMENT', `${what} must be [x1, y1, x2, y2] with x2 ≥ x1 and y2 ≥ y1; got [${b.join(', ')}].`);
}

/**
 * IoU of two boxes with its parts, and the notes' verdict.
 *
 * @example iouReport([0, 0, 2, 2], [1, 1, 3, 3]); // { intersection: 1, union: 7, iou: 0.142…, correct: false }
 */
export function iouReport(a: Box, b: Box): LabIouResult {
  checkBox(a, 'Box A');
  checkBox(b, 'Box B');
  const iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const intersection = iw * ih;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
  const iou = union > 0 ? intersection / union : 0;
  return { intersection, union, iou, correct: iou >= 0.5 };
}

/**
 * Non-max suppression as the notes tell it, one step per kept box: per class,
 * pick the highest p_c left, discard the others of its class with IoU ≥ `threshold`,
 * repeat. Steps are ordered by the pick's p_c across classes (the order the
 * product's `nms` keeps them in), so `steps.map(s => s.pick)` equals its result.
 *
 * @example nmsSteps(candidates, 0.5)[0]; // { pick: 0, suppressed: [{ index: 3, iou: 0.81 }], … }
 */
export function nmsSteps(cands: readonly LabCandidate[], threshold: number): LabNmsStep[] {
  const order = [...cands].sort((a, b) => b.score - a.score || a.index - b.index);
  const removed = new Set<number>();
  const steps: LabNmsStep[] = [];
  for (let a = 0; a < order.length; a++) {
    const p = order[a]!;
    if (removed.has(p.index)) continue;
    const suppressed: { index: number; iou: number }[] = [];
    for (let b = a + 1; b < order.length; b++) {
      const q = order[b]!;
      if (removed.has(q.index) || q.classId !== p.classId) continue;
      const v = boxIou(p.box, q.box);
      if (v >= threshold) {
        removed.add(q.index);
        suppressed.push({ index: q.index, iou: v });
      }
    }
    steps.push({ classId: p.classId, label: p.label, pick: p.index, suppressed });
  }
  return steps;
}

/** IoU of two shapes placed on the same centre (how an object is matched to an anchor). */
export function shapeIou(w1: number, h1: number, w2: number, h2: number): number {
  const inter = Math.min(w1, w2) * Math.min(h1, h2);
  return inter / (w1 * h1 + w2 * h2 - inter);
}

export interface TargetInput {
  width: number;
  height: number;
  grid: number;
  anchors: [number, number][];
  /** Class names c_1 … c_C; objects of other classes are left out. */
  classes: readonly string[];
  /** Kept objects, best first. */
  objects: readonly LabCandidate[];
}

/**
 * The training target of the notes: for each of S×S cells and A anchors,
 * y = [p_c, b_x, b_y, b_h, b_w, c_1 … c_C]. An object belongs to the cell
 * holding its midpoint and to the anchor whose shape overlaps it most;
 * b_x, b_y are relative to the cell's corner, b_h, b_w to the cell's size.
 * Where p_c = 0 the other values are "don't care" (null).
 *
 * @example buildTarget({ width: 768, height: 576, grid: 3, anchors: DEFAULT_ANCHORS, classes: DEFAULT_TARGET_CLASSES, objects }).target.shape; // [3, 3, 2, 8]
 */
export function buildTarget(t: TargetInput): { objects: LabGridObject[]; target: { shape: number[]; data: (number | null)[] } } {
  const S = t.grid;
  const A = t.anchors.length;
  if (!(Number.isInteger(S) && S >= 1 && S <= 64)) throw new VwError('E_BAD_ARGUMENT', `The grid must be 1–64 cells a side; got ${S}.`);
  if (A < 1 || A > 9 || t.anchors.some(([w, h]) => !(w > 0 && h > 0 && w <= 1 && h <= 1)))
    throw new VwError('E_BAD_ARGUMENT', 'Anchors must be 1–9 [w, h] pairs, each a fraction of the image in (0, 1].');
  const C = t.classes.length;
  if (C < 1 || C > 80) throw new VwError('E_BAD_ARGUMENT', `The target needs 1–80 classes; got ${C}.`);
  const D = 5 + C;
  const data: (number | null)[] = new Array<number | null>(S * S * A * D).fill(null);
  for (let i = 0; i < S * S * A; i++) data[i * D] = 0;
  const cellW = t.width / S;
  const cellH = t.height / S;
  const objects: LabGridObject[] = [];
  for (const o of t.objects) {
    const cls = t.classes.indexOf(o.label);
    if (cls < 0) continue;
    const [x1, y1, x2, y2] = o.box;
    const cx = (x1 + x2) / 2;
    const cy = (y1 + y2) / 2;
    const col = Math.min(S - 1, Math.floor(cx / cellW));
    const row = Math.min(S - 1, Math.floor(cy / cellH));
    const w = (x2 - x1) / t.width;
    const h = (y2 - y1) / t.height;
    const anchorIou = t.anchors.map(([aw, ah]) => shapeIou(w, h, aw, ah));
    const anchor = anchorIou.indexOf(Math.max(...anchorIou));
    const at = ((row * S + col) * A + anchor) * D;
    const conflict = data[at] === 1;
    const g: LabGridObject = {
      candidate: o.index,
      label: o.label,
      row,
      col,
      bx: cx / cellW - col,
      by: cy / cellH - row,
      bh: (y2 - y1) / cellH,
      bw: (x2 - x1) / cellW,
      anchorIou,
      anchor,
      conflict,
    };
    objects.push(g);
    if (conflict) continue;
    data[at] = 1;
    data[at + 1] = g.bx;
    data[at + 2] = g.by;
    data[at + 3] = g.bh;
    data[at + 4] = g.bw;
    for (let c = 0; c < C; c++) data[at + 5 + c] = c === cls ? 1 : 0;
  }
  return { objects, target: { shape: [S, S, A, D], data } };
}
