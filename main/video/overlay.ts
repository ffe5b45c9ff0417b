/**
 * Boxes and labels on raw video frames. The shapes are the SVG fragments of
 * the still-image overlay (imaging/overlay.ts), rasterized once per processed
 * frame by sharp into a sparse list of covered pixels; blending that list into
 * a frame is a short loop, so skipped frames (`--stride`) reuse it for free.
 */
import sharp from 'sharp';
import type { OverlayScale } from '../imaging/overlay';

/** Covered pixels of a rasterized overlay: index into the frame (pixel) and premultiplied RGBA. */
export interface SparseOverlay {
  index: Uint32Array;
  rgba: Uint8Array;
}

/** Line width and font size for a frame size: the same rule as the still-image overlay. */
export function overlayScale(width: number, height: number): OverlayScale {
  return {
    width,
    height,
    stroke: Math.max(2, Math.round(Math.min(width, height) / 250)),
    font: Math.max(12, Math.round(Math.min(width, height) / 40)),
  };
}

/**
 * Rasterize SVG fragments for a width × height frame. Empty input → an empty overlay (nothing to draw).
 *
 * @example const o = await rasterize(640, 480, [labelledBox(box, 'dog 0.9', '#e6194b', sc, y)]); blend(frame, o);
 */
export async function rasterize(width: number, height: number, fragments: readonly string[]): Promise<SparseOverlay> {
  if (fragments.length === 0) return { index: new Uint32Array(0), rgba: new Uint8Array(0) };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${fragments.join('')}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg), { density: 72 }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height || info.channels !== 4)
    throw new Error(`overlay rasterized to ${info.width}×${info.height}×${info.channels}, expected ${width}×${height}×4`);
  let count = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
  const index = new Uint32Array(count);
  const rgba = new Uint8Array(count * 4);
  for (let p = 0, k = 0; p < width * height; p++) {
    const a = data[p * 4 + 3]!;
    if (a === 0) continue;
    index[k] = p;
    // librsvg output is straight alpha; premultiply once here.
    rgba[k * 4] = Math.round((data[p * 4]! * a) / 255);
    rgba[k * 4 + 1] = Math.round((data[p * 4 + 1]! * a) / 255);
    rgba[k * 4 + 2] = Math.round((data[p * 4 + 2]! * a) / 255);
    rgba[k * 4 + 3] = a;
    k++;
  }
  return { index, rgba };
}

/** Blend an overlay into an RGBA frame, in place. */
export function blend(frame: Uint8Array, o: SparseOverlay): void {
  const { index, rgba } = o;
  for (let k = 0; k < index.length; k++) {
    const p = index[k]! * 4;
    const a = rgba[k * 4 + 3]!;
    const inv = 255 - a;
    frame[p] = (rgba[k * 4]! + (frame[p]! * inv + 127) / 255) | 0;
    frame[p + 1] = (rgba[k * 4 + 1]! + (frame[p + 1]! * inv + 127) / 255) | 0;
    frame[p + 2] = (rgba[k * 4 + 2]! + (frame[p + 2]! * inv + 127) / 255) | 0;
  }
}
