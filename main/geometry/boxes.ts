/**
 * Boxes, IoU and non-max suppression — shared by detection and faces.
 * Boxes are [x1, y1, x2, y2] with x2 ≥ x1, y2 ≥ y1 (corner form).
 */

export type Box = [number, number, number, number];

export function boxArea(b: Box | readonly number[]): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

/**
 * Intersection over union: area(A ∩ B) / area(A ∪ B). 0 for disjoint or
 * touching boxes, 1 for identical boxes, and 0 when both are empty.
 *
 * @example iou([0, 0, 2, 2], [1, 1, 3, 3]) // 1 / 7
 */
export function iou(a: Box | readonly number[], b: Box | readonly number[]): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

export interface NmsOptions {
  /** Suppress a box whose IoU with a kept box is ≥ this. */
  iou: number;
  /** Keep at most this many (after suppression). */
  maxDet?: number;
  /** Ignore classes: every box competes with every other. */
  agnostic?: boolean;
}

/**
 * Non-max suppression, the seed's procedure: repeatedly take the remaining box
 * with the largest score, keep it, and discard the remaining boxes of its class
 * (or of any class when `agnostic`) whose IoU with it is ≥ `iou`.
 *
 * @param boxes  flat [x1,y1,x2,y2,...] (length 4n)
 * @param scores length n
 * @param classes length n (ignored when agnostic; may be undefined)
 * @returns indices of kept boxes, by descending score.
 */
export function nms(
  boxes: ArrayLike<number>,
  scores: ArrayLike<number>,
  classes: ArrayLike<number> | undefined,
  opts: NmsOptions,
): number[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[j]! - scores[i]! || i - j);
  const removed = new Uint8Array(n);
  const keep: number[] = [];
  const maxDet = opts.maxDet ?? Infinity;
  const box = (i: number): Box => [boxes[4 * i]!, boxes[4 * i + 1]!, boxes[4 * i + 2]!, boxes[4 * i + 3]!];
  for (let a = 0; a < n && keep.length < maxDet; a++) {
    const i = order[a]!;
    if (removed[i]) continue;
    keep.push(i);
    const bi = box(i);
    for (let b = a + 1; b < n; b++) {
      const j = order[b]!;
      if (removed[j]) continue;
      if (!opts.agnostic && classes && classes[i] !== classes[j]) continue;
      if (iou(bi, box(j)) >= opts.iou) removed[j] = 1;
    }
  }
  return keep;
}
