/**
 * Detection results → files: JSON (what the engine returned, per image),
 * COCO JSON (images, annotations with [x, y, w, h] boxes, categories) and CSV
 * (one row per box). Pure functions, so a test can check them.
 */
import type { DetectResult } from '../../../../preload/contract';

export interface ImageResult {
  /** File name (or relative path inside a picked folder). */
  name: string;
  result: DetectResult;
}

/** COCO category ids (1–90 with gaps) of the 80 COCO classes, in class-index order. */
const COCO_IDS = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41,
  42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 67, 70, 72, 73, 74, 75, 76, 77, 78, 79, 80,
  81, 82, 84, 85, 86, 87, 88, 89, 90,
];

const round = (v: number): number => Math.round(v * 100) / 100;

export function toJson(items: ImageResult[]): string {
  return JSON.stringify(
    items.map((i) => ({ file: i.name, ...i.result })),
    null,
    2,
  );
}

/**
 * A COCO-format file: integer image ids (1-based, in list order), bbox [x, y, w, h]
 * in pixels, and the COCO category ids when the model has the 80 COCO classes
 * (else class index + 1).
 */
export function toCoco(items: ImageResult[], classes: string[]): string {
  const isCoco = classes.length === 80 && classes[0] === 'person';
  const catId = (classId: number): number => (isCoco ? (COCO_IDS[classId] ?? classId + 1) : classId + 1);
  let annId = 0;
  return JSON.stringify({
    info: { description: 'Vision Workstation detections', date_created: new Date().toISOString() },
    images: items.map((it, i) => ({ id: i + 1, file_name: it.name, width: it.result.width, height: it.result.height })),
    annotations: items.flatMap((it, i) =>
      it.result.detections.map((d) => {
        const [x1, y1, x2, y2] = d.box;
        return {
          id: ++annId,
          image_id: i + 1,
          category_id: catId(d.classId),
          bbox: [round(x1), round(y1), round(x2 - x1), round(y2 - y1)],
          area: round((x2 - x1) * (y2 - y1)),
          iscrowd: 0,
          score: Math.round(d.score * 10_000) / 10_000,
        };
      }),
    ),
    categories: classes.map((name, i) => ({ id: catId(i), name })),
  });
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(items: ImageResult[]): string {
  const rows = [['file', 'label', 'class_id', 'score', 'x1', 'y1', 'x2', 'y2', 'track_id']];
  for (const it of items)
    for (const d of it.result.detections)
      rows.push([it.name, d.label, String(d.classId), d.score.toFixed(4), ...d.box.map((v) => String(round(v))), String(d.trackId ?? '')]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
