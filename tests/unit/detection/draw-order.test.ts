/**
 * Draw order (issue 15): where two classes share almost the same box, the
 * higher score is drawn last, on top — in `vws detect --save` and on the
 * Live page's canvas (same rule, two implementations: main and renderer).
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../preload/contract';
import { annotate, paintOrder } from '../../../main/detection/annotate';
import { paintOrder as rendererPaintOrder } from '../../../renderer/src/pages/live/draw';

const dog: Detection = { box: [40, 60, 180, 190], classId: 16, label: 'dog', score: 0.44 };
const cow: Detection = { box: [41, 60, 181, 190], classId: 19, label: 'cow', score: 0.25 };

describe('draw order', () => {
  it('sorts by ascending score, stable for ties, in main and in the renderer', () => {
    const a = { score: 0.5, id: 'a' };
    const b = { score: 0.9, id: 'b' };
    const c = { score: 0.5, id: 'c' };
    for (const f of [paintOrder, rendererPaintOrder]) expect(f([b, a, c]).map((x) => x.id)).toEqual(['a', 'c', 'b']);
  });

  it('the saved image shows the higher-scored class on top, whatever order the detections come in', async () => {
    const grey = await sharp({ create: { width: 240, height: 200, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    for (const dets of [
      [dog, cow],
      [cow, dog],
    ]) {
      const { data } = await sharp(await annotate(new Uint8Array(grey), dets))
        .raw()
        .toBuffer({ resolveWithObject: true });
      // Inside the label tab, left of the text: dog is #911eb4 (purple, low green), cow #bfef45 (lime, high green).
      const at = (x: number, y: number) => [0, 1, 2].map((k) => data[(y * 240 + x) * 3 + k]!);
      const [r, g, b] = at(42, 60 - 12 - 4 + 2);
      expect(g, `${dets.map((d) => d.label)}`).toBeLessThan(90);
      expect(r).toBeGreaterThan(100);
      expect(b).toBeGreaterThan(120);
    }
  });
});
