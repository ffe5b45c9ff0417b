/**
 * The evaluator against pycocotools (the COCO benchmark's own evaluation),
 * on fixed detections: CenterNet's and YOLOv8n's output on the hand-labelled
 * fixtures at conf 0.001 (tests/fixtures/detection/val-golden/, see
 * PROVENANCE.md). The numbers below were printed by pycocotools 2.0.11
 * (numpy 2.4.6) COCOeval(iouType='bbox') on the same files: stats[0..2] and
 * per class the mean of precision[:, :, k, area=all, maxDets=100].
 * ("ignore" boxes are left out of this ground truth: pycocotools does not read that flag.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateDetections, type Prediction } from '../../../main/val/coco-eval';
import { loadCocoDataset } from '../../../main/val/dataset';

const DIR = path.resolve(__dirname, '../../fixtures/detection/val-golden');

const PYCOCOTOOLS: Record<string, { map: number; map50: number; map75: number; ap: Record<string, number> }> = {
  centernet: {
    map: 0.702936,
    map50: 0.938458,
    map75: 0.778359,
    ap: {
      person: 0.80099,
      bicycle: 0.8,
      motorcycle: 0.2,
      truck: 0.6,
      bird: 1,
      dog: 0.9,
      horse: 0.628373,
      zebra: 0.3,
      giraffe: 1,
      kite: 0.8,
    },
  },
  yolov8n: {
    map: 0.851894,
    map50: 0.894389,
    map75: 0.875183,
    ap: { person: 0.933663, bicycle: 1, motorcycle: 0, truck: 1, bird: 1, dog: 0.950495, horse: 0.73478, zebra: 0.9, giraffe: 1, kite: 1 },
  },
};

describe('evaluator vs pycocotools', () => {
  const ds = loadCocoDataset(path.join(DIR, 'gt-no-ignore.json'));
  const raw = JSON.parse(fs.readFileSync(path.join(DIR, 'gt-no-ignore.json'), 'utf8')) as { categories: { id: number; name: string }[] };
  const catName = new Map(raw.categories.map((c) => [c.id, c.name]));
  const gts = ds.images.flatMap((im) => im.boxes.map((b) => ({ imageId: im.id, ...b })));

  for (const [model, want] of Object.entries(PYCOCOTOOLS))
    it(`${model}: mAP@0.5:0.95, @0.5, @0.75 and every class's AP equal pycocotools' to 1e-6`, () => {
      const dets = JSON.parse(fs.readFileSync(path.join(DIR, `dets-${model}.json`), 'utf8')) as {
        image_id: number;
        category_id: number;
        bbox: [number, number, number, number];
        score: number;
      }[];
      const preds: Prediction[] = dets
        .filter((d) => catName.has(d.category_id))
        .map((d) => ({
          imageId: d.image_id,
          category: catName.get(d.category_id)!,
          box: [d.bbox[0], d.bbox[1], d.bbox[0] + d.bbox[2], d.bbox[1] + d.bbox[3]],
          score: d.score,
        }));
      const r = evaluateDetections(gts, preds);
      expect(r.map).toBeCloseTo(want.map, 6);
      expect(r.map50).toBeCloseTo(want.map50, 6);
      expect(r.map75).toBeCloseTo(want.map75, 6);
      expect(Object.fromEntries(r.classes.map((c) => [c.category, Math.round(c.ap * 1e6) / 1e6]))).toEqual(want.ap);
    });
});
