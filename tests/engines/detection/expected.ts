/** Matching detections against tests/fixtures/detection/expected.json (shared by the engine and CLI tests). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Detection } from '../../../preload/contract';
import { iou } from '../../../main/geometry/boxes';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/detection', import.meta.url));

export interface Expected {
  width: number;
  height: number;
  min_counts: Record<string, number>;
  boxes: { class: string; box: [number, number, number, number] }[];
  acceptable_substitutes?: Record<string, string[]>;
}

export const EXPECTED = (JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as { images: Record<string, Expected> })
  .images;

/**
 * For each min_counts class: how many detections of it (or a substitute) are
 * matched one-to-one to distinct hand boxes of that class at IoU ≥ minIou.
 * Greedy by IoU, best pair first.
 */
export function matchedCounts(exp: Expected, dets: readonly Detection[], minIou = 0.5): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cls of Object.keys(exp.min_counts)) {
    const names = new Set([cls, ...(exp.acceptable_substitutes?.[cls] ?? [])]);
    const hand = exp.boxes.filter((b) => b.class === cls);
    const mine = dets.filter((d) => names.has(d.label));
    const pairs: [number, number, number][] = [];
    hand.forEach((h, i) => mine.forEach((d, j) => pairs.push([iou(h.box, d.box), i, j])));
    pairs.sort((a, b) => b[0] - a[0]);
    const usedH = new Set<number>();
    const usedD = new Set<number>();
    let n = 0;
    for (const [v, i, j] of pairs) {
      if (v < minIou || usedH.has(i) || usedD.has(j)) continue;
      usedH.add(i);
      usedD.add(j);
      n++;
    }
    out[cls] = n;
  }
  return out;
}
