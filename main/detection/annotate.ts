/**
 * Draw detections onto an image (boxes, labels, scores) for `vws detect --save`,
 * and write results in the COCO results format for `--coco-json`.
 */
import sharp from 'sharp';
import type { Detection } from '../../preload/contract';
import { COCO_CLASSES } from './labels.coco';

const PALETTE = [
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

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Encoded image + detections → JPEG with the boxes drawn.
 *
 * @example await fs.writeFile('dog.annotated.jpg', await annotate(bytes, result.detections));
 */
export async function annotate(image: Uint8Array, detections: readonly Detection[]): Promise<Uint8Array> {
  const base = sharp(image).rotate();
  const { width = 0, height = 0 } = await base
    .clone()
    .toBuffer({ resolveWithObject: true })
    .then((r) => r.info);
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 250));
  const font = Math.max(12, Math.round(Math.min(width, height) / 40));
  const parts = detections.map((d) => {
    const [x1, y1, x2, y2] = d.box;
    const color = PALETTE[d.classId % PALETTE.length]!;
    const text = `${d.label} ${d.score.toFixed(2)}${d.trackId !== undefined ? ` #${d.trackId}` : ''}`;
    const tw = Math.round(text.length * font * 0.6) + 6;
    const ty = y1 >= font + 4 ? y1 - font - 4 : y1;
    return (
      `<rect x="${x1}" y="${y1}" width="${Math.max(0, x2 - x1)}" height="${Math.max(0, y2 - y1)}" fill="none" stroke="${color}" stroke-width="${stroke}"/>` +
      `<rect x="${x1}" y="${ty}" width="${tw}" height="${font + 4}" fill="${color}"/>` +
      `<text x="${x1 + 3}" y="${ty + font}" font-family="sans-serif" font-size="${font}" fill="#fff">${esc(text)}</text>`
    );
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
  const out = await base
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .jpeg({ quality: 90 })
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
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
