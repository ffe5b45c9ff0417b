/**
 * Pixel sampling for the face pipeline: bilinear resize into planar float
 * tensors, gray crops and affine warps. Pure functions over typed arrays so the
 * geometry can be tested without a model.
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
 * Stretch the whole image to `outW×outH` and write planar RGB as (v − mean) / std.
 * Stretching (not letterboxing) because UltraFace was trained on stretched inputs;
 * the inverse is a per-axis scale, applied by the decoder.
 *
 * @example const t = resizeToPlanar(px, 320, 240, 127, 128); // Float32Array(3·240·320)
 */
export function resizeToPlanar(px: Pixels, outW: number, outH: number, mean: number, std: number): Float32Array {
  const out = new Float32Array(3 * outW * outH);
  const plane = outW * outH;
  const { data, width: w, channels: ch } = px;
  const tx = taps(outW, w, 0, w / outW);
  const ty = taps(outH, px.height, 0, px.height / outH);
  const inv = 1 / std;
  for (let v = 0; v < outH; v++) {
    const r0 = ty.i0[v]! * w;
    const r1 = ty.i1[v]! * w;
    const fy = ty.f[v]!;
    for (let u = 0; u < outW; u++) {
      const fx = tx.f[u]!;
      const a = (r0 + tx.i0[u]!) * ch;
      const b = (r0 + tx.i1[u]!) * ch;
      const c = (r1 + tx.i0[u]!) * ch;
      const d = (r1 + tx.i1[u]!) * ch;
      const o = v * outW + u;
      for (let k = 0; k < 3; k++) {
        const top = data[a + k]! + (data[b + k]! - data[a + k]!) * fx;
        const bot = data[c + k]! + (data[d + k]! - data[c + k]!) * fx;
        out[k * plane + o] = (top + (bot - top) * fy - mean) * inv;
      }
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
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      let x = inv[0] * u + inv[1] * v + inv[2];
      let y = inv[3] * u + inv[4] * v + inv[5];
      // Outside the source stays black, as warpAffine's constant border does.
      if (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5) continue;
      x = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
      y = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      const x1 = x0 + 1 < w ? x0 + 1 : x0;
      const y1 = y0 + 1 < h ? y0 + 1 : y0;
      const a = (y0 * w + x0) * ch;
      const b = (y0 * w + x1) * ch;
      const c = (y1 * w + x0) * ch;
      const d = (y1 * w + x1) * ch;
      const o = (v * outW + u) * 3;
      for (let k = 0; k < 3; k++) {
        const top = data[a + k]! + (data[b + k]! - data[a + k]!) * fx;
        const bot = data[c + k]! + (data[d + k]! - data[c + k]!) * fx;
        out[o + k] = Math.round(top + (bot - top) * fy);
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
