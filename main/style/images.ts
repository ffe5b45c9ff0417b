/**
 * Pixels in and out of the optimizer: images become float NHWC tensors in
 * 0–255 (the backbone's input range), results go back to 8-bit RGB.
 */
import sharp from 'sharp';
import { VwError } from '../errors';
import { decodeImage, encodePng } from '../imaging/decode';

/** An RGB float image, HWC, values 0–255. */
export interface FloatImage {
  data: Float32Array;
  width: number;
  height: number;
}

/** Decode and resize (Lanczos, via sharp) to exactly width×height. */
export async function loadFloatImage(bytes: Uint8Array, width: number, height: number): Promise<FloatImage> {
  const px = await decodeImage(bytes, { channels: 3 });
  try {
    const buf = await sharp(px.data, { raw: { width: px.width, height: px.height, channels: 3 } })
      .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
      .raw()
      .toBuffer();
    return { data: Float32Array.from(buf), width, height };
  } catch (err) {
    throw new VwError('E_BAD_IMAGE', `Cannot resize the image: ${(err as Error).message}`);
  }
}

/** Size with the long side `size`, keeping the aspect ratio. */
export function scaledSize(width: number, height: number, size: number): { width: number; height: number } {
  const s = size / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

export function toRgb8(img: FloatImage): Uint8Array {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(255, Math.max(0, Math.round(img.data[i]!)));
  return out;
}

export async function toPng(img: FloatImage): Promise<Uint8Array> {
  return encodePng({ data: toRgb8(img), width: img.width, height: img.height, channels: 3 });
}

/** Bilinear resize (align-corners off), used to carry a coarse result to the next scale. */
export function resizeBilinear(img: FloatImage, width: number, height: number): FloatImage {
  const out = new Float32Array(width * height * 3);
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const a = img.data[(y0 * img.width + x0) * 3 + c]!;
        const b = img.data[(y0 * img.width + x1) * 3 + c]!;
        const d = img.data[(y1 * img.width + x0) * 3 + c]!;
        const e = img.data[(y1 * img.width + x1) * 3 + c]!;
        out[(y * width + x) * 3 + c] = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
      }
    }
  }
  return { data: out, width, height };
}

/** A small preview (long side ≤ `side`) as PNG. */
export async function previewPng(img: FloatImage, side = 128): Promise<Uint8Array> {
  const { width, height } = scaledSize(img.width, img.height, Math.min(side, Math.max(img.width, img.height)));
  const buf = await sharp(toRgb8(img), { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .png()
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}
