/**
 * Face alignment: a least-squares similarity transform (rotation, uniform scale,
 * translation) from five detected points onto the standard 112×112 ArcFace
 * template, then a bilinear warp. Method: Umeyama, "Least-squares estimation of
 * transformation parameters between two point patterns", IEEE TPAMI 1991 (2-D case).
 */
import type { Pixels } from '../imaging/decode';
import type { Point } from './models/landmarks';
import { applyAffine, warpAffineRgb, type Affine } from './pixels';

/** Five-point template of the 112×112 ArcFace crop (InsightFace): eyes, nose tip, mouth corners. */
export const ARCFACE_TEMPLATE: readonly Point[] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];
export const ALIGNED_SIZE = 112;

/**
 * Similarity transform minimizing Σ‖dst − (s·R·src + t)‖².
 * Uses the closed form for 2-D: with centred points, a = Σ(x·u + y·v), b = Σ(x·v − y·u),
 * s·cosθ = a / Σ|src|², s·sinθ = b / Σ|src|² (no reflection is possible in this parameterization).
 *
 * @example umeyama(fivePoints(l68), ARCFACE_TEMPLATE) // [a, b, tx, c, d, ty]
 */
export function umeyama(src: readonly Point[], dst: readonly Point[]): Affine {
  const n = src.length;
  if (n < 2 || n !== dst.length) throw new RangeError('umeyama needs ≥ 2 matching points');
  let sx = 0,
    sy = 0,
    dx = 0,
    dy = 0;
  for (let i = 0; i < n; i++) {
    sx += src[i]![0];
    sy += src[i]![1];
    dx += dst[i]![0];
    dy += dst[i]![1];
  }
  sx /= n;
  sy /= n;
  dx /= n;
  dy /= n;
  let a = 0,
    b = 0,
    norm = 0;
  for (let i = 0; i < n; i++) {
    const x = src[i]![0] - sx,
      y = src[i]![1] - sy;
    const u = dst[i]![0] - dx,
      v = dst[i]![1] - dy;
    a += x * u + y * v;
    b += x * v - y * u;
    norm += x * x + y * y;
  }
  if (norm < 1e-12) throw new RangeError('umeyama: source points coincide');
  const p = a / norm; // s·cosθ
  const q = b / norm; // s·sinθ
  return [p, -q, dx - (p * sx - q * sy), q, p, dy - (q * sx + p * sy)];
}

/** Root-mean-square distance (template pixels) between the transformed source points and the template. */
export function alignmentResidual(m: Affine, src: readonly Point[], dst: readonly Point[] = ARCFACE_TEMPLATE): number {
  let s = 0;
  for (let i = 0; i < src.length; i++) {
    const [x, y] = applyAffine(m, src[i]![0], src[i]![1]);
    s += (x - dst[i]![0]) ** 2 + (y - dst[i]![1]) ** 2;
  }
  return Math.sqrt(s / src.length);
}

/** Scale and rotation (degrees) of a similarity transform. */
export function similarityParams(m: Affine): { scale: number; rotationDeg: number } {
  return { scale: Math.hypot(m[0], m[3]), rotationDeg: (Math.atan2(m[3], m[0]) * 180) / Math.PI };
}

export interface Aligned {
  /** 112×112 RGB crop. */
  crop: Pixels;
  transform: Affine;
  /** RMS residual of the five points in template pixels. */
  residual: number;
}

/**
 * @example const { crop, residual } = alignFace(px, fivePoints(l68));
 */
export function alignFace(px: Pixels, five: readonly Point[]): Aligned {
  const transform = umeyama(five, ARCFACE_TEMPLATE);
  return {
    crop: warpAffineRgb(px, transform, ALIGNED_SIZE, ALIGNED_SIZE),
    transform,
    residual: alignmentResidual(transform, five),
  };
}
