import { describe, expect, it } from 'vitest';
import type { DetectResult } from '../../../preload/contract';
import { toCoco, toCsv, toJson } from '../../../renderer/src/pages/detect/exports';

const result = (detections: DetectResult['detections']): DetectResult => ({
  width: 640,
  height: 480,
  model: 'centernet',
  detections,
  speed: { preprocess: 1, inference: 2, postprocess: 3 },
});
const COCO80 = ['person', ...Array.from({ length: 79 }, (_, i) => `c${i + 1}`)];
COCO80[16] = 'dog';

describe('detection exports', () => {
  const items = [
    { name: 'a.jpg', result: result([{ box: [10, 20, 110, 70], classId: 16, label: 'dog', score: 0.9 }]) },
    { name: 'dir/b, "x".jpg', result: result([{ box: [0, 0, 5, 5], classId: 0, label: 'person', score: 0.5, trackId: 3 }]) },
  ];

  it('COCO: integer image ids, [x, y, w, h] boxes, COCO category ids for the 80 COCO classes', () => {
    const coco = JSON.parse(toCoco(items, COCO80)) as {
      images: { id: number; file_name: string }[];
      annotations: { id: number; image_id: number; category_id: number; bbox: number[]; area: number }[];
      categories: { id: number; name: string }[];
    };
    expect(coco.images.map((i) => i.id)).toEqual([1, 2]);
    expect(coco.annotations[0]).toMatchObject({ id: 1, image_id: 1, category_id: 18, bbox: [10, 20, 100, 50], area: 5000 });
    expect(coco.annotations[1]).toMatchObject({ image_id: 2, category_id: 1 });
    expect(coco.categories.find((c) => c.name === 'dog')!.id).toBe(18);
    // Not the COCO classes: class index + 1.
    const own = JSON.parse(toCoco(items, ['a', 'b'])) as { categories: { id: number }[] };
    expect(own.categories.map((c) => c.id)).toEqual([1, 2]);
  });

  it('CSV: one row per box, quoted where needed; JSON keeps the engine result with the file name', () => {
    const rows = toCsv(items).trim().split('\n');
    expect(rows).toEqual([
      'file,label,class_id,score,x1,y1,x2,y2,track_id',
      'a.jpg,dog,16,0.9000,10,20,110,70,',
      '"dir/b, ""x"".jpg",person,0,0.5000,0,0,5,5,3',
    ]);
    expect((JSON.parse(toJson(items)) as { file: string; model: string }[]).map((r) => [r.file, r.model])).toEqual([
      ['a.jpg', 'centernet'],
      ['dir/b, "x".jpg', 'centernet'],
    ]);
  });
});
