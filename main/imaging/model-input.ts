/**
 * Image → model input tensor, and the exact inverse back to original pixels.
 * Used by the object detectors and by the BlazeFace face detector.
 *
 * Plain typed-array code on purpose: for raw webcam frames it was measured
 * 4–8× faster than a round trip through the image library, and it reads RGB or
 * RGBA interleaved pixels straight into the float tensor in one pass.
 */

import type { Pixels } from './decode';

/** How a model wants its input. */
export interface InputSpec {
  width: number;
  height: number;
  layout: 'nhwc' | 'nchw';
  /** Multiplier applied to 0..255 pixel values (1 for CenterNet, 1/255 for YOLO). */
  scale: number;
  /** Added after scaling: input = pixel · scale + offset (−1 with scale 1/127.5 gives −1..1). Default 0. */
  offset?: number;
  /** `stretch` resizes both axes independently; `letterbox` keeps the aspect ratio and pads. */
  resize: 'stretch' | 'letterbox';
  /** Pad value in 0..255 pixel units for letterbox (Ultralytics uses 114). */
  padValue?: number;
}

/**
 * Maps original-image pixels to model-input pixels: `m = o · scale + pad`.
 * Kept so that boxes can be mapped back exactly.
 */
export interface Transform {
  scaleX: number;
  scaleY: number;
  padX: number;
  padY: number;
  /** Original image size. */
  srcWidth: number;
  srcHeight: number;
  /** Model input size. */
  dstWidth: number;
  dstHeight: number;
  /** Size of the resized image inside the model input (≤ dst for letterbox). */
  innerWidth: number;
  innerHeight: number;
}

/**
 * The transform for an image of `srcW×srcH` going into a `dstW×dstH` input.
 * Scales are defined from the integer inner size so that the image corners map
 * exactly onto the corners of the resized content.
 *
 * @example makeTransform(1280, 720, 640, 640, 'letterbox') // scale 0.5, padY 140
 */
export function makeTransform(srcW: number, srcH: number, dstW: number, dstH: number, resize: 'stretch' | 'letterbox'): Transform {
  if (resize === 'stretch') {
    return {
      scaleX: dstW / srcW,
      scaleY: dstH / srcH,
      padX: 0,
      padY: 0,
      srcWidth: srcW,
      srcHeight: srcH,
      dstWidth: dstW,
      dstHeight: dstH,
      innerWidth: dstW,
      innerHeight: dstH,
    };
  }
  const s = Math.min(dstW / srcW, dstH / srcH);
  const innerWidth = Math.max(1, Math.min(dstW, Math.round(srcW * s)));
  const innerHeight = Math.max(1, Math.min(dstH, Math.round(srcH * s)));
  const padX = Math.floor((dstW - innerWidth) / 2);
  const padY = Math.floor((dstH - innerHeight) / 2);
  return {
    scaleX: innerWidth / srcW,
    scaleY: innerHeight / srcH,
    padX,
    padY,
    srcWidth: srcW,
    srcHeight: srcH,
    dstWidth: dstW,
    dstHeight: dstH,
    innerWidth,
    innerHeight,
  };
}

/** Original → model-input coordinates. */
export function toModel(x: number, y: number, t: Transform): [number, number] {
  return [x * t.scaleX + t.padX, y * t.scaleY + t.padY];
}

/** Model-input → original coordinates (the exact inverse of `toModel`). */
export function toOriginal(x: number, y: number, t: Transform): [number, number] {
  return [(x - t.padX) / t.scaleX, (y - t.padY) / t.scaleY];
}

/**
 * Map flat [x1,y1,x2,y2,…] boxes from model-input pixels to original pixels,
 * clipped to the image, in place.
 */
export function boxesToOriginal(boxes: Float32Array | Float64Array, t: Transform): void {
  for (let i = 0; i + 3 < boxes.length; i += 4) {
    boxes[i] = clamp((boxes[i]! - t.padX) / t.scaleX, 0, t.srcWidth);
    boxes[i + 1] = clamp((boxes[i + 1]! - t.padY) / t.scaleY, 0, t.srcHeight);
    boxes[i + 2] = clamp((boxes[i + 2]! - t.padX) / t.scaleX, 0, t.srcWidth);
    boxes[i + 3] = clamp((boxes[i + 3]! - t.padY) / t.scaleY, 0, t.srcHeight);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Resize (bilinear, half-pixel centres — the convention of TF's
 * `half_pixel_centers` and ONNX Resize) and write the model's input tensor.
 * `out` may be passed to reuse a buffer between frames.
 *
 * @example
 *   const { tensor, dims, transform } = toInputTensor(frame, { width: 512, height: 512, layout: 'nhwc', scale: 1, resize: 'stretch' });
 */
export function toInputTensor(
  img: Pixels,
  spec: InputSpec,
  out?: Float32Array,
): { tensor: Float32Array; dims: number[]; transform: Transform } {
  const { width: dstW, height: dstH } = spec;
  const t = makeTransform(img.width, img.height, dstW, dstH, spec.resize);
  const n = dstW * dstH * 3;
  const tensor = out && out.length === n ? out : new Float32Array(n);
  const scale = spec.scale;
  const offset = spec.offset ?? 0;
  const ch = img.channels;
  const src = img.data;
  const plane = dstW * dstH;
  const nchw = spec.layout === 'nchw';

  if (t.innerWidth !== dstW || t.innerHeight !== dstH) tensor.fill((spec.padValue ?? 0) * scale + offset);

  // Column tables once per call: source offsets and weights for each output x.
  const iw = t.innerWidth;
  const ih = t.innerHeight;
  const x0 = new Int32Array(iw);
  const x1 = new Int32Array(iw);
  const fx = new Float32Array(iw);
  const rx = img.width / iw;
  for (let x = 0; x < iw; x++) {
    let sx = (x + 0.5) * rx - 0.5;
    if (sx < 0) sx = 0;
    const i0 = Math.min(Math.floor(sx), img.width - 1);
    x0[x] = i0 * ch;
    x1[x] = Math.min(i0 + 1, img.width - 1) * ch;
    fx[x] = sx - i0;
  }
  const ry = img.height / ih;
  const rowStride = img.width * ch;
  for (let y = 0; y < ih; y++) {
    let sy = (y + 0.5) * ry - 0.5;
    if (sy < 0) sy = 0;
    const j0 = Math.min(Math.floor(sy), img.height - 1);
    const r0 = j0 * rowStride;
    const r1 = Math.min(j0 + 1, img.height - 1) * rowStride;
    const wy = sy - j0;
    const dy = y + t.padY;
    for (let x = 0; x < iw; x++) {
      const a = x0[x]!;
      const b = x1[x]!;
      const wx = fx[x]!;
      const w00 = (1 - wx) * (1 - wy) * scale;
      const w01 = wx * (1 - wy) * scale;
      const w10 = (1 - wx) * wy * scale;
      const w11 = wx * wy * scale;
      const p = dy * dstW + x + t.padX;
      const a0 = r0 + a,
        b0 = r0 + b,
        a1 = r1 + a,
        b1 = r1 + b;
      // Channels unrolled: this loop is the whole cost of preprocessing.
      const v0 = src[a0]! * w00 + src[b0]! * w01 + src[a1]! * w10 + src[b1]! * w11 + offset;
      const v1 = src[a0 + 1]! * w00 + src[b0 + 1]! * w01 + src[a1 + 1]! * w10 + src[b1 + 1]! * w11 + offset;
      const v2 = src[a0 + 2]! * w00 + src[b0 + 2]! * w01 + src[a1 + 2]! * w10 + src[b1 + 2]! * w11 + offset;
      if (nchw) {
        tensor[p] = v0;
        tensor[plane + p] = v1;
        tensor[2 * plane + p] = v2;
      } else {
        const q = p * 3;
        tensor[q] = v0;
        tensor[q + 1] = v1;
        tensor[q + 2] = v2;
      }
    }
  }
  return { tensor, dims: nchw ? [1, 3, dstH, dstW] : [1, dstH, dstW, 3], transform: t };
}
