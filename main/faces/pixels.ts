/**
 * Pixel sampling for the face pipeline: bilinear resize into planar float
 * tensors, gray crops and affine warps. Pure functions over typed arrays so the
 * geometry can be tested without a model.
 */
import type { Pixels } from '../imaging/decode';

/** A 2×3 affine matrix [a, b, tx, c, d, ty] mapping (x, y) → (a·x + b·y + tx, c·x + d·y + ty). */
export type Affine = [number, number, number, number, number, number];

/** Bilinear sample of channel `c` at (x, y) with edge replication (pixel centres at integers). */
function sample(px: Pixels, x: number, y: number, c: number): number {
  const { data, width: w, height: h, channels: ch } = px;
  const xc = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
  const yc = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
  const x0 = Math.floor(xc);
  const y0 = Math.floor(yc);
  const x1 = x0 + 1 < w ? x0 + 1 : x0;
  const y1 = y0 + 1 < h ? y0 + 1 : y0;
  const fx = xc - x0;
  const fy = yc - y0;
  const r0 = y0 * w;
  const r1 = y1 * w;
  const a = data[(r0 + x0) * ch + c]!;
  const b = data[(r0 + x1) * ch + c]!;
  const d = data[(r1 + x0) * ch + c]!;
  const e = data[(r1 + x1) * ch + c]!;
  return (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
}

/**
 * Stretch the whole image to `outW×outH` and write planar RGB as (v − mean) / std.
 * Stretching (not letterboxing) because UltraFace was trained on stretched inputs;
 * the inverse is a per-axis scale, applied by the decoder.
 *
 * @example const t = resizeToPlanar(px, 320, 240, 127, 128); // Float32Array(3·240·320)
 */
export function resizeToPlanar(px: Pixels, outW: number, outH: number, mean: number, std: number): Float32Array {
  const out = new Float32Array(3 * outW * outH);
  const plane = outW * outH;
  const sx = px.width / outW;
  const sy = px.height / outH;
  for (let v = 0; v < outH; v++) {
    const y = (v + 0.5) * sy - 0.5;
    for (let u = 0; u < outW; u++) {
      const x = (u + 0.5) * sx - 0.5;
      const o = v * outW + u;
      for (let c = 0; c < 3; c++) out[c * plane + o] = (sample(px, x, y, c) - mean) / std;
    }
  }
  return out;
}

/**
 * Crop the axis-aligned rectangle [x1, y1, x2, y2] (original pixels) and resize it
 * to `size×size` luma in [0, 1), the landmark model's input convention (v / 256).
 */
export function cropGray(px: Pixels, rect: readonly [number, number, number, number], size: number): Float32Array {
  const out = new Float32Array(size * size);
  const [x1, y1, x2, y2] = rect;
  const sx = (x2 - x1) / size;
  const sy = (y2 - y1) / size;
  for (let v = 0; v < size; v++) {
    const y = y1 + (v + 0.5) * sy - 0.5;
    for (let u = 0; u < size; u++) {
      const x = x1 + (u + 0.5) * sx - 0.5;
      const g = 0.299 * sample(px, x, y, 0) + 0.587 * sample(px, x, y, 1) + 0.114 * sample(px, x, y, 2);
      out[v * size + u] = g / 256;
    }
  }
  return out;
}

/** Invert a 2×3 affine. Throws on a singular matrix. */
export function invertAffine(m: Affine): Affine {
  const [a, b, tx, c, d, ty] = m;
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) throw new RangeError('singular affine transform');
  const ia = d / det;
  const ib = -b / det;
  const ic = -c / det;
  const id = a / det;
  return [ia, ib, -(ia * tx + ib * ty), ic, id, -(ic * tx + id * ty)];
}

/** Apply a 2×3 affine to a point. */
export function applyAffine(m: Affine, x: number, y: number): [number, number] {
  return [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
}

/**
 * Warp `px` with the forward transform `m` (source → destination) into an
 * `outW×outH` RGB image; destination pixel (u, v) reads source m⁻¹(u, v).
 * Same pixel-centre convention as OpenCV's warpAffine, which the 112×112
 * ArcFace template coordinates assume.
 */
export function warpAffineRgb(px: Pixels, m: Affine, outW: number, outH: number): Pixels {
  const inv = invertAffine(m);
  const out = new Uint8Array(outW * outH * 3);
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      const x = inv[0] * u + inv[1] * v + inv[2];
      const y = inv[3] * u + inv[4] * v + inv[5];
      const o = (v * outW + u) * 3;
      // Outside the source stays black, as warpAffine's constant border does.
      if (x < -0.5 || y < -0.5 || x > px.width - 0.5 || y > px.height - 0.5) continue;
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(sample(px, x, y, c));
    }
  }
  return { data: out, width: outW, height: outH, channels: 3 };
}

/** Interleaved RGB(A) bytes → planar float (v − mean) / std, the embedder's input layout. */
export function toPlanar(px: Pixels, mean: number, std: number): Float32Array {
  const n = px.width * px.height;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[c * n + i] = (px.data[i * px.channels + c]! - mean) / std;
  }
  return out;
}

/** Luma plane (0..255) of an interleaved image. */
export function toGray(px: Pixels): Float32Array {
  const n = px.width * px.height;
  const out = new Float32Array(n);
  const ch = px.channels;
  for (let i = 0; i < n; i++) out[i] = 0.299 * px.data[i * ch]! + 0.587 * px.data[i * ch + 1]! + 0.114 * px.data[i * ch + 2]!;
  return out;
}

/** RGBA frame → RGB pixels (the live-frame path). */
export function rgbaToRgb(frame: { width: number; height: number; data: Uint8Array }): Pixels {
  const n = frame.width * frame.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = frame.data[i * 4]!;
    out[i * 3 + 1] = frame.data[i * 4 + 1]!;
    out[i * 3 + 2] = frame.data[i * 4 + 2]!;
  }
  return { data: out, width: frame.width, height: frame.height, channels: 3 };
}
