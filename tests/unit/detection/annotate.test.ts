import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { annotate, toCocoResults } from '../../../main/detection/annotate';

describe('toCocoResults', () => {
  it('writes [x, y, w, h] boxes with COCO category ids', () => {
    const r = toCocoResults(397133, [
      { box: [10, 20, 110, 220], classId: 16, label: 'dog', score: 0.9 },
      { box: [0, 0, 5, 5], classId: 11, label: 'stop sign', score: 0.5 },
    ]);
    expect(r).toEqual([
      { image_id: 397133, category_id: 18, bbox: [10, 20, 100, 200], score: 0.9 },
      { image_id: 397133, category_id: 13, bbox: [0, 0, 5, 5], score: 0.5 },
    ]);
    expect(toCocoResults('x', [{ box: [0, 0, 1, 1], classId: 3, label: 'c', score: 1 }], false)[0]!.category_id).toBe(3);
  });
});

describe('annotate', () => {
  it('draws the box outline in the class colour and leaves the inside alone', async () => {
    const white = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const jpg = await annotate(new Uint8Array(white), [{ box: [40, 40, 160, 90], classId: 0, label: 'person', score: 0.87 }]);
    const { data, info } = await sharp(jpg).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([200, 100]);
    const px = (x: number, y: number): [number, number, number] => [
      data[(y * 200 + x) * 3]!,
      data[(y * 200 + x) * 3 + 1]!,
      data[(y * 200 + x) * 3 + 2]!,
    ];
    // Left edge of the box: red-ish (#e6194b, class 0); centre: still white.
    // (JPEG and anti-aliasing soften the 2 px line, so compare channels rather than exact values.)
    const [r, g, b] = px(40, 70);
    expect(r - g).toBeGreaterThan(60);
    expect(r - b).toBeGreaterThan(30);
    expect(g).toBeLessThan(150);
    expect(px(100, 70).every((v) => v > 240)).toBe(true);
  });
});
