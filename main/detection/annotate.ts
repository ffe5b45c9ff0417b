/**
 * Draw detections onto an image (boxes, labels, scores) for `vws detect --save`,
 * and write results in the COCO results format for `--coco-json`.
 */
import type { Detection } from '../../preload/contract';
import { drawOverlay, labelledBox } from '../imaging/overlay';
import { COCO_CLASSES } from './labels.coco';

export const PALETTE = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#bfef45',
  '#fabed4',
  '#469990',
  '#dcbeff',
  '#9a6324',
];

/**
 * Encoded image + detections → JPEG with the boxes drawn.
 *
 * @example await fs.writeFile('dog.annotated.jpg', await annotate(bytes, result.detections));
 */
export async function annotate(image: Uint8Array, detections: readonly Detection[]): Promise<Uint8Array> {
  return drawOverlay(image, (sc) =>
    paintOrder(detections).map((d) => {
      const text = `${d.label} ${d.score.toFixed(2)}${d.trackId !== undefined ? ` #${d.trackId}` : ''}`;
      const y1 = d.box[1];
      return labelledBox(d.box, text, PALETTE[d.classId % PALETTE.length]!, sc, y1 >= sc.font + 4 ? y1 - sc.font - 4 : y1);
    }),
  );
}

/**
 * Painter's order: lowest score first, so the best-scored box and its label
 * are drawn last, on top. Two classes on (almost) the same box — YOLO heads
 * score every class, so "dog 0.44" and "cow 0.25" can share one box — then
 * show the better one; nothing is hidden or dropped (unlike class-agnostic
 * NMS for drawing, which would change what the JSON and the picture say).
 * Stable for equal scores.
 *
 * @example paintOrder([{ score: 0.9, … }, { score: 0.2, … }]).map((d) => d.score) // [0.2, 0.9]
 */
export function paintOrder<T extends { score: number }>(detections: readonly T[]): T[] {
  return detections
    .map((d, i) => [d, i] as const)
    .sort((a, b) => a[0].score - b[0].score || a[1] - b[1])
    .map(([d]) => d);
}

/** One entry of the COCO results format (bbox is [x, y, width, height]). */
export interface CocoResult {
  image_id: number | string;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
}

/**
 * Detections → COCO results entries. COCO-80 class indices become COCO
 * category ids (1–90 with gaps) when `coco` is true; otherwise the class id is kept.
 *
 * @example toCocoResults(397133, result.detections) // [{ image_id: 397133, category_id: 18, bbox: [...], score: 0.43 }]
 */
export function toCocoResults(imageId: number | string, detections: readonly Detection[], coco = true): CocoResult[] {
  const r = (v: number) => Math.round(v * 100) / 100;
  return detections.map((d) => ({
    image_id: imageId,
    category_id: coco ? (COCO_CLASSES[d.classId]?.cocoId ?? d.classId) : d.classId,
    bbox: [r(d.box[0]), r(d.box[1]), r(d.box[2] - d.box[0]), r(d.box[3] - d.box[1])],
    score: d.score,
  }));
}
