/** Pure helpers of the style engine: YUV round trip, option ranges, schemas, the seeded RNG. */
import { describe, expect, it } from 'vitest';
import { originalColors, rgbToYuv, yuvToRgb } from '../../../main/style/color';
import { resolveOptions, STYLE_DEFAULTS } from '../../../main/style/options';
import { resizeBilinear } from '../../../main/style/images';
import { mulberry32 } from '../../../main/style/rng';
import { styleSchemas } from '../../../main/host/areas/style';

describe('style helpers', () => {
  it('YUV round trip is exact to 1e-9 and original colours keep U/V of the content', () => {
    for (const [r, g, b] of [
      [0, 0, 0],
      [255, 255, 255],
      [200, 30, 90],
      [12, 240, 77],
    ] as const) {
      const back = yuvToRgb(...rgbToYuv(r, g, b));
      expect(back[0]).toBeCloseTo(r, 9);
      expect(back[1]).toBeCloseTo(g, 9);
      expect(back[2]).toBeCloseTo(b, 9);
    }
    const stylized = { data: Float32Array.of(100, 100, 100, 30, 200, 60), width: 2, height: 1 };
    const content = { data: Float32Array.of(120, 90, 80, 40, 40, 200), width: 2, height: 1 };
    const out = originalColors(stylized, content);
    const [y0, u0, v0] = rgbToYuv(out.data[0]!, out.data[1]!, out.data[2]!);
    expect(y0).toBeCloseTo(100, 3); // luminance of the stylized pixel (grey 100)
    const [, cu, cv] = rgbToYuv(120, 90, 80);
    expect(u0).toBeCloseTo(cu, 3);
    expect(v0).toBeCloseTo(cv, 3);
  });

  it('options: defaults, and out-of-range values are E_BAD_ARGUMENT', () => {
    const o = resolveOptions({}, 2);
    expect(o.styleWeight).toBe(STYLE_DEFAULTS.styleWeight);
    expect(o.styleBlendWeights).toEqual([1, 1]);
    expect(() => resolveOptions({ size: 10 })).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
    expect(() => resolveOptions({ size: 100_000 })).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
    expect(() => resolveOptions({ styleBlendWeights: [1] }, 2)).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
    expect(() => resolveOptions({ iterations: NaN })).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
  });

  it('schemas accept a valid start and reject bad sizes and non-bytes', () => {
    const s = styleSchemas['vw:style.start']!;
    const img = new Uint8Array([1, 2, 3]);
    expect(s.safeParse({ content: img, styles: [img], options: { size: 256, optimizer: 'adam' } }).success).toBe(true);
    expect(s.safeParse({ content: img, styles: [img], options: { size: 8 } }).success).toBe(false);
    expect(s.safeParse({ content: img, styles: [] }).success).toBe(false);
    expect(s.safeParse({ content: 'x', styles: [img] }).success).toBe(false);
  });

  it('bilinear resize keeps a constant image constant and preserves a ramp mean', () => {
    const img = { data: new Float32Array(4 * 4 * 3).fill(77), width: 4, height: 4 };
    expect(Array.from(resizeBilinear(img, 7, 5).data).every((v) => Math.abs(v - 77) < 1e-4)).toBe(true);
  });

  it('the seeded RNG repeats', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(new Set(xs).size).toBe(5);
  });
});
