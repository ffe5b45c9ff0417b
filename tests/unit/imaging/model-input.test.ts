import { describe, expect, it } from 'vitest';
import { boxesToOriginal, makeTransform, toInputTensor, toModel, toOriginal } from '../../../main/imaging/model-input';

describe('letterbox transform', () => {
  const cases: [number, number, number, number][] = [
    [1280, 720, 640, 640],
    [773, 512, 512, 512],
    [640, 424, 320, 320],
    [500, 500, 384, 384],
    [333, 1000, 640, 480],
  ];
  for (const [w, h, dw, dh] of cases) {
    it(`maps the corners of ${w}×${h} onto the content of ${dw}×${dh} and back exactly`, () => {
      const t = makeTransform(w, h, dw, dh, 'letterbox');
      expect(toModel(0, 0, t)).toEqual([t.padX, t.padY]);
      expect(toModel(w, h, t)).toEqual([t.padX + t.innerWidth, t.padY + t.innerHeight]);
      // Content is centred: padding on the two sides differs by at most one pixel.
      expect(Math.abs(dw - t.innerWidth - 2 * t.padX)).toBeLessThanOrEqual(1);
      expect(Math.abs(dh - t.innerHeight - 2 * t.padY)).toBeLessThanOrEqual(1);
      for (const [x, y] of [
        [0, 0],
        [w, 0],
        [0, h],
        [w, h],
      ] as const) {
        const [mx, my] = toModel(x, y, t);
        const [ox, oy] = toOriginal(mx, my, t);
        expect(ox).toBeCloseTo(x, 9);
        expect(oy).toBeCloseTo(y, 9);
      }
    });
  }

  it('gives the Ultralytics numbers for 1280×720 → 640×640', () => {
    const t = makeTransform(1280, 720, 640, 640, 'letterbox');
    expect([t.scaleX, t.scaleY, t.padX, t.padY, t.innerWidth, t.innerHeight]).toEqual([0.5, 0.5, 0, 140, 640, 360]);
  });

  it('maps model boxes back to original pixels and clips them', () => {
    const t = makeTransform(1280, 720, 640, 640, 'letterbox');
    const b = new Float32Array([100, 240, 300, 440, -10, 100, 700, 520]);
    boxesToOriginal(b, t);
    expect(Array.from(b)).toEqual([200, 200, 600, 600, 0, 0, 1280, 720]);
  });
});

describe('toInputTensor', () => {
  it('resizes with half-pixel bilinear weights', () => {
    // 2×2 grey image: left column 0, right column 100.
    const img = { data: new Uint8Array([0, 0, 0, 100, 100, 100, 0, 0, 0, 100, 100, 100]), width: 2, height: 2, channels: 3 as const };
    const { tensor, dims } = toInputTensor(img, { width: 4, height: 4, layout: 'nhwc', scale: 1, resize: 'stretch' });
    expect(dims).toEqual([1, 4, 4, 3]);
    const row0 = [0, 1, 2, 3].map((x) => tensor[x * 3]!);
    expect(row0.map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 25, 75, 100]);
  });

  it('writes NCHW planes, scales values and ignores alpha', () => {
    const img = { data: new Uint8Array([255, 0, 51, 7]), width: 1, height: 1, channels: 4 as const };
    const { tensor, dims } = toInputTensor(img, { width: 2, height: 2, layout: 'nchw', scale: 1 / 255, resize: 'stretch' });
    expect(dims).toEqual([1, 3, 2, 2]);
    expect(Array.from(tensor).map((v) => Math.round(v * 100) / 100)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0.2, 0.2, 0.2, 0.2]);
  });

  it('pads a letterboxed image with the pad value', () => {
    // 4×2 white image into 4×4: rows 0 and 3 are padding, rows 1–2 content.
    const img = { data: new Uint8Array(4 * 2 * 3).fill(255), width: 4, height: 2, channels: 3 as const };
    const { tensor, transform } = toInputTensor(img, { width: 4, height: 4, layout: 'nhwc', scale: 1, resize: 'letterbox', padValue: 114 });
    expect(transform.padY).toBe(1);
    const rowMean = (y: number) => Array.from(tensor.subarray(y * 12, y * 12 + 12)).reduce((a, b) => a + b, 0) / 12;
    expect([0, 1, 2, 3].map(rowMean)).toEqual([114, 255, 255, 114]);
  });

  it('adds the offset after scaling, to content and padding alike (BlazeFace: −1..1)', () => {
    const img = { data: new Uint8Array(4 * 2 * 3).fill(255), width: 4, height: 2, channels: 3 as const };
    const { tensor } = toInputTensor(img, { width: 4, height: 4, layout: 'nhwc', scale: 1 / 127.5, offset: -1, resize: 'letterbox' });
    const rowMean = (y: number) => Array.from(tensor.subarray(y * 12, y * 12 + 12)).reduce((a, b) => a + b, 0) / 12;
    [-1, 1, 1, -1].forEach((v, y) => expect(rowMean(y)).toBeCloseTo(v, 6));
  });

  it('reuses a buffer of the right size', () => {
    const img = { data: new Uint8Array(3 * 3 * 3).fill(10), width: 3, height: 3, channels: 3 as const };
    const buf = new Float32Array(2 * 2 * 3);
    const { tensor } = toInputTensor(img, { width: 2, height: 2, layout: 'nhwc', scale: 1, resize: 'stretch' }, buf);
    expect(tensor).toBe(buf);
    expect(Array.from(buf)).toEqual(new Array(12).fill(10));
  });
});
