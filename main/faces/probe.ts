/**
 * Finding "the face the user pointed at" again: a recognize result names a
 * face by its box; re-analysing the same image gives the same detections, and
 * the one that overlaps that box most (IoU) is it.
 */
export type Box = readonly [number, number, number, number];

export function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Index of the face whose box overlaps `box` most, or -1 when none overlaps it by at least `minIou`.
 *
 * @example pickFace([{ box: [0, 0, 10, 10] }, { box: [50, 50, 60, 60] }], [49, 50, 60, 61]) // 1
 */
export function pickFace(faces: readonly { box: Box }[], box: Box, minIou = 0.5): number {
  let best = -1;
  let bestIou = minIou;
  faces.forEach((f, i) => {
    const v = iou(f.box, box);
    if (v >= bestIou) [best, bestIou] = [i, v];
  });
  return best;
}
