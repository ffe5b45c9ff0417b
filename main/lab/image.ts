/**
 * The lab applied to a picture: decode → grayscale → convolve (→ pool) →
 * PNG of the response, shown beside the grayscale input.
 */
import type { LabImageRequest, LabImageResult } from '../../preload/contract';
import { decodeImage, encodePng } from '../imaging/decode';
import { VwError } from '../errors';
import { checkMatrix, convolutionShape, convolvePlaneAsync, MAX_SIDE, poolPlane, type Plane } from './conv';

/** A lesson needs no more than this; larger pictures are refused, not silently shrunk. */
export const LAB_MAX_PIXELS = 16_000_000;

/** ITU-R BT.601 luma from interleaved RGB(A), as a plane of 0..255 values. */
export function toGray(data: Uint8Array, width: number, height: number, channels: number): Plane & { data: Float32Array } {
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += channels) {
    out[i] = 0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!;
  }
  return { rows: height, cols: width, data: out };
}

/**
 * Map a signed filter response to 0..255 with zero at mid-gray, so that both
 * edge directions stay visible (dark = negative, bright = positive).
 */
export function responseToBytes(m: Plane): Uint8Array {
  let maxAbs = 0;
  for (let i = 0; i < m.data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(m.data[i]!));
  const out = new Uint8Array(m.data.length);
  const scale = maxAbs > 0 ? 127.5 / maxAbs : 0;
  for (let i = 0; i < out.length; i++) out[i] = Math.round(127.5 + m.data[i]! * scale);
  return out;
}

/** Grey bytes to a 3-channel PNG (encodePng takes RGB or RGBA). */
async function grayPng(bytes: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < bytes.length; i++) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = bytes[i]!;
  return encodePng({ data: rgb, width, height, channels: 3 });
}

/**
 * Run the lab's filter (and optional pooling) on an encoded image.
 *
 * @example
 *   const r = await labImage({ image: png, filter: FILTERS.vertical, padding: 1, stride: 1 });
 *   r.outputSize; // same size as the image with "same" padding
 */
export async function labImage(
  req: LabImageRequest,
  signal?: AbortSignal,
  onBand?: (rowsDone: number, rows: number) => void,
): Promise<LabImageResult> {
  checkMatrix(req.filter, 'filter');
  const px = await decodeImage(req.image, { channels: 3, maxPixels: LAB_MAX_PIXELS });
  if (px.width > MAX_SIDE || px.height > MAX_SIDE) {
    throw new VwError('E_IMAGE_TOO_LARGE', `The image is ${px.width}×${px.height}; the lab takes at most ${MAX_SIDE} px a side.`, {
      hint: 'Scale the image down first.',
    });
  }
  const gray = toGray(px.data, px.width, px.height, px.channels);
  if (signal?.aborted) throw new VwError('E_CANCELLED', 'The request was cancelled.');
  const shape = convolutionShape(gray, req.filter, req.padding, req.stride);
  // In bands, yielding between them: a cancel (or another client's request) is not kept waiting for the whole image.
  const data = await convolvePlaneAsync(gray, req.filter, req.padding, req.stride, shape.rows, shape.cols, signal, onBand);
  let response: Plane = { ...shape, data };
  if (req.pool) response = poolPlane(response, req.pool.mode, req.pool.size, req.pool.stride);
  if (signal?.aborted) throw new VwError('E_CANCELLED', 'The request was cancelled.');
  const grayBytes = new Uint8Array(gray.data.length);
  for (let i = 0; i < grayBytes.length; i++) grayBytes[i] = Math.round(gray.data[i]!);
  const [input, output] = await Promise.all([
    grayPng(grayBytes, px.width, px.height),
    grayPng(responseToBytes(response), response.cols, response.rows),
  ]);
  return { width: px.width, height: px.height, input, output, outputSize: { rows: response.rows, cols: response.cols } };
}
