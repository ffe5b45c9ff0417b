import { describe, expect, it } from 'vitest';
import { alignFace, alignmentResidual, ARCFACE_TEMPLATE, similarityParams, umeyama } from '../../../main/faces/align';
import { fivePoints, landmarkCrop, landmarksToImage, type Point } from '../../../main/faces/models/landmarks';
import { applyAffine, invertAffine, type Affine } from '../../../main/faces/pixels';
import type { Pixels } from '../../../main/imaging/decode';

function similarity(scale: number, deg: number, tx: number, ty: number): Affine {
  const c = scale * Math.cos((deg * Math.PI) / 180);
  const s = scale * Math.sin((deg * Math.PI) / 180);
  return [c, -s, tx, s, c, ty];
}

describe('umeyama', () => {
  it('recovers a known similarity exactly', () => {
    const truth = similarity(0.37, 20, 12.5, -40);
    const inv = invertAffine(truth);
    // Source points are the template pulled back through the inverse: the fit must give `truth` back.
    const src = ARCFACE_TEMPLATE.map(([x, y]) => applyAffine(inv, x, y));
    const m = umeyama(src, ARCFACE_TEMPLATE);
    m.forEach((v, i) => expect(v).toBeCloseTo(truth[i]!, 9));
    expect(alignmentResidual(m, src)).toBeLessThan(1e-9);
    const p = similarityParams(m);
    expect(p.scale).toBeCloseTo(0.37, 9);
    expect(p.rotationDeg).toBeCloseTo(20, 9);
  });

  it('is the least-squares fit for noisy points', () => {
    const noisy: Point[] = ARCFACE_TEMPLATE.map(([x, y], i) => [x * 2 + (i % 2 ? 1 : -1), y * 2 + (i % 3 ? 0.5 : -0.5)]);
    const m = umeyama(noisy, ARCFACE_TEMPLATE);
    const r = alignmentResidual(m, noisy);
    // Any perturbation of the solution must not lower the residual.
    for (let k = 0; k < 6; k++) {
      const pert = [...m] as Affine;
      pert[k] = pert[k]! + (k % 3 === 2 ? 0.05 : 0.001);
      const q = [pert[0], -pert[3], pert[2], pert[3], pert[0], pert[5]] as Affine; // keep it a similarity
      expect(alignmentResidual(q, noisy)).toBeGreaterThanOrEqual(r - 1e-12);
    }
    expect(r).toBeGreaterThan(0.1);
    expect(r).toBeLessThan(1);
  });

  it('refuses degenerate input', () => {
    expect(() =>
      umeyama(
        [
          [1, 1],
          [1, 1],
        ],
        [
          [0, 0],
          [1, 1],
        ],
      ),
    ).toThrow(RangeError);
  });
});

describe('alignFace', () => {
  it('warps so that a marked source pixel lands on its template position', () => {
    // A 200×200 black image with a white 3×3 block at the source position of the nose tip.
    const truth = similarity(0.5, -15, 10, 5);
    const inv = invertAffine(truth);
    const src = ARCFACE_TEMPLATE.map(([x, y]) => applyAffine(inv, x, y));
    const px: Pixels = { data: new Uint8Array(200 * 200 * 3), width: 200, height: 200, channels: 3 };
    const [nx, ny] = src[2]!;
    for (let y = Math.round(ny) - 1; y <= Math.round(ny) + 1; y++)
      for (let x = Math.round(nx) - 1; x <= Math.round(nx) + 1; x++) px.data.fill(255, (y * 200 + x) * 3, (y * 200 + x) * 3 + 3);
    const { crop, residual } = alignFace(px, src);
    expect(residual).toBeLessThan(1e-9);
    expect(crop.width).toBe(112);
    // The brightest output pixel is within a pixel of the template nose (56.03, 71.74).
    let best = -1,
      bx = 0,
      by = 0;
    for (let y = 0; y < 112; y++)
      for (let x = 0; x < 112; x++)
        if (crop.data[(y * 112 + x) * 3]! > best) {
          best = crop.data[(y * 112 + x) * 3]!;
          bx = x;
          by = y;
        }
    expect(best).toBeGreaterThan(100);
    expect(Math.hypot(bx - 56.03, by - 71.74)).toBeLessThan(1.5);
  });
});

describe('landmarks geometry', () => {
  it('crops a square of the box height, shifted inside the image', () => {
    expect(landmarkCrop([100, 80, 180, 200], 640, 480)).toEqual([80, 80, 200, 200]);
    expect(landmarkCrop([0, 10, 50, 110], 640, 480)).toEqual([0, 10, 100, 110]);
    expect(landmarkCrop([600, 400, 640, 480], 640, 480)).toEqual([560, 400, 640, 480]);
    // A crop taller than the image shrinks to fit.
    expect(landmarkCrop([0, 0, 50, 900], 640, 480)).toEqual([0, 0, 480, 480]);
  });

  it('maps normalized output to image pixels and picks the five points', () => {
    const out = new Float32Array(136);
    for (let i = 0; i < 68; i++) {
      out[2 * i] = i / 100;
      out[2 * i + 1] = 0.5;
    }
    const l68 = landmarksToImage(out, [10, 20, 110, 120]);
    expect(l68[30]![0]).toBeCloseTo(40, 5);
    expect(l68[30]![1]).toBeCloseTo(70, 5);
    const five = fivePoints(l68);
    expect(five[0]![0]).toBeCloseTo(10 + 38.5, 5); // mean of 36..41
    expect(five[1]![0]).toBeCloseTo(10 + 44.5, 5); // mean of 42..47
    expect(five[2]![0]).toBeCloseTo(40, 5);
    expect(five[3]![0]).toBeCloseTo(58, 5);
    expect(five[4]![0]).toBeCloseTo(64, 5);
    expect(() => fivePoints(l68.slice(1))).toThrow(RangeError);
  });
});
