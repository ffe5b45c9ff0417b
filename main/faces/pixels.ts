/**
 * Pixel sampling for the face pipeline: gray crops, affine warps and planar
 * float tensors, over RGB or RGBA pixels. Pure functions over typed arrays so
 * the geometry can be tested without a model. (The detector's full-image
 * resize runs inside its session: `image-input.graph.ts`.)
 */
import type { Pixels } from '../imaging/decode';

/** A 2×3 affine matrix [a, b, tx, c, d, ty] mapping (x, y) → (a·x + b·y + tx, c·x + d·y + ty). */
export type Affine = [number, number, number, number, number, number];

/**
 * Source taps for a 1-D linear resize: for each output index, the two input
 * indices and the weight of the second (pixel centres at integers, edges replicated).
 * Computed once per axis so the per-pixel loop is only loads and multiply-adds.
 */
function taps(outLen: number, inLen: number, start: number, step: number): { i0: Int32Array; i1: Int32Array; f: Float32Array } {
  const i0 = new Int32Array(outLen);
  const i1 = new Int32Array(outLen);
  const f = new Float32Array(outLen);
  for (let o = 0; o < outLen; o++) {
    let x = start + (o + 0.5) * step - 0.5;
    x = x < 0 ? 0 : x > inLen - 1 ? inLen - 1 : x;
    const a = Math.floor(x);
    i0[o] = a;
    i1[o] = a + 1 < inLen ? a + 1 : a;
    f[o] = x - a;
  }
  return { i0, i1, f };
}

/**
 * Crop the axis-aligned rectangle [x1, y1, x2, y2] (original pixels) and resize it
 * to `size×size` luma in [0, 1), the landmark model's input convention (v / 256).
 */
export function cropGray(px: Pixels, rect: readonly [number, number, number, number], size: number): Float32Array {
  const out = new Float32Array(size * size);
  const [x1, y1, x2, y2] = rect;
  const { data, width: w, channels: ch } = px;
  const tx = taps(size, w, x1, (x2 - x1) / size);
  const ty = taps(size, px.height, y1, (y2 - y1) / size);
  const luma = (i: number) => 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  for (let v = 0; v < size; v++) {
    const r0 = ty.i0[v]! * w;
    const r1 = ty.i1[v]! * w;
    const fy = ty.f[v]!;
    for (let u = 0; u < size; u++) {
      const fx = tx.f[u]!;
      const top = luma((r0 + tx.i0[u]!) * ch) * (1 - fx) + luma((r0 + tx.i1[u]!) * ch) * fx;
      const bot = luma((r1 + tx.i0[u]!) * ch) * (1 - fx) + luma((r1 + tx.i1[u]!) * ch) * fx;
      out[v * size + u] = (top * (1 - fy) + bot * fy) / 256;
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
  const { data, width: w, height: h, channels: ch } = px;
  const xMax = w - 1;
  const yMax = h - 1;
  const row = w * ch;
  const [stepX, , , stepY] = inv;
  for (let v = 0; v < outH; v++) {
    // Walk the row incrementally: the source point advances by the matrix's first column.
    let sx = inv[1] * v + inv[2];
    let sy = inv[4] * v + inv[5];
    for (let u = 0, o = v * outW * 3; u < outW; u++, o += 3, sx += stepX, sy += stepY) {
      // Outside the source stays black, as warpAffine's constant border does.
      if (sx < -0.5 || sy < -0.5 || sx > w - 0.5 || sy > h - 0.5) continue;
      const x = sx < 0 ? 0 : sx > xMax ? xMax : sx;
      const y = sy < 0 ? 0 : sy > yMax ? yMax : sy;
      const x0 = x | 0; // x ≥ 0 here, so truncation is floor
      const y0 = y | 0;
      const fx = x - x0;
      const fy = y - y0;
      // The four neighbours (edges replicated) and their bilinear weights.
      const p = y0 * row + x0 * ch;
      const dx = x0 < xMax ? ch : 0;
      const dy = y0 < yMax ? row : 0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      for (let k = 0; k < 3; k++) {
        const q = p + k;
        out[o + k] = (data[q]! * w00 + data[q + dx]! * w01 + data[q + dy]! * w10 + data[q + dy + dx]! * w11 + 0.5) | 0;
      }
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
