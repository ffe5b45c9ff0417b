import { describe, expect, it } from 'vitest';
import { cropGray, invertAffine, toPlanar, warpAffineRgb, type Affine } from '../../../main/faces/pixels';
import { laplacianVariance, poseFromLandmarks } from '../../../main/faces/quality';
import type { Pixels } from '../../../main/imaging/decode';

/** w×h RGB image with R = x, G = y, B = 7. */
function ramp(w: number, h: number): Pixels {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([x, y, 7], (y * w + x) * 3);
  return { data, width: w, height: h, channels: 3 };
}

describe('pixel sampling', () => {
  it('cropGray maps the rectangle onto the output grid, as luma / 256', () => {
    const g = cropGray(ramp(100, 100), [20, 40, 60, 80], 4);
    // (u=0, v=0) samples (24.5, 44.5): luma = 0.299·24.5 + 0.587·44.5 + 0.114·7
    expect(g[0]! * 256).toBeCloseTo(0.299 * 24.5 + 0.587 * 44.5 + 0.114 * 7, 3);
    expect(g[15]! * 256).toBeCloseTo(0.299 * 54.5 + 0.587 * 74.5 + 0.114 * 7, 3);
  });

  it('warpAffineRgb reads source m⁻¹(u, v) and leaves the outside black', () => {
    const m: Affine = [1, 0, -10, 0, 1, -20]; // shift left 10, up 20
    const out = warpAffineRgb(ramp(50, 50), m, 45, 45);
    expect(Array.from(out.data.slice(0, 3))).toEqual([10, 20, 7]);
    const o = (40 * 45 + 40) * 3; // source (50, 60): outside
    expect(Array.from(out.data.slice(o, o + 3))).toEqual([0, 0, 0]);
    expect(invertAffine(invertAffine(m))).toEqual(m);
    expect(() => invertAffine([1, 2, 0, 2, 4, 0])).toThrow(RangeError);
  });

  it('RGBA pixels are read through the channel stride: alpha never reaches a tensor or a crop', () => {
    const rgba: Pixels = { width: 2, height: 1, channels: 4, data: new Uint8Array([1, 2, 3, 255, 4, 5, 6, 128]) };
    expect(Array.from(toPlanar(rgba, 0, 1))).toEqual([1, 4, 2, 5, 3, 6]);
    const rgb = ramp(40, 30);
    const withAlpha: Pixels = { width: 40, height: 30, channels: 4, data: new Uint8Array(40 * 30 * 4) };
    for (let i = 0; i < 40 * 30; i++) withAlpha.data.set([...rgb.data.subarray(3 * i, 3 * i + 3), 99], 4 * i);
    const m: Affine = [0.9, 0.2, 1, -0.2, 0.9, 3];
    expect(Array.from(warpAffineRgb(withAlpha, m, 20, 20).data)).toEqual(Array.from(warpAffineRgb(rgb, m, 20, 20).data));
    expect(Array.from(cropGray(withAlpha, [3, 4, 30, 25], 8))).toEqual(Array.from(cropGray(rgb, [3, 4, 30, 25], 8)));
  });
});

describe('quality measures', () => {
  it('variance of the Laplacian: 0 for flat and linear images, large for a checkerboard', () => {
    expect(laplacianVariance(ramp(20, 20))).toBeCloseTo(0, 6);
    const data = new Uint8Array(20 * 20 * 3);
    for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) data.fill((x + y) % 2 ? 255 : 0, (y * 20 + x) * 3, (y * 20 + x) * 3 + 3);
    // Every interior Laplacian is ±4·255 → variance (4·255)².
    expect(laplacianVariance({ data, width: 20, height: 20, channels: 3 })).toBeCloseTo((4 * 255) ** 2, -2);
  });

  it('pose: roll from the eye line, yaw from the nose between the jaw ends', () => {
    const l68: [number, number][] = Array.from({ length: 68 }, () => [50, 50]);
    for (let i = 36; i <= 41; i++) l68[i] = [30, 40];
    for (let i = 42; i <= 47; i++) l68[i] = [70, 40];
    l68[0] = [10, 50];
    l68[16] = [90, 50];
    l68[30] = [50, 60];
    expect(poseFromLandmarks(l68)).toEqual({ yawDeg: 0, rollDeg: 0 });
    l68[30] = [70, 60]; // nose halfway to the right jaw end: asin(0.5) = 30°
    expect(poseFromLandmarks(l68).yawDeg).toBeCloseTo(30, 6);
    for (let i = 42; i <= 47; i++) l68[i] = [70, 80]; // right eye lower: +45° roll
    expect(poseFromLandmarks(l68).rollDeg).toBeCloseTo(45, 6);
  });
});
