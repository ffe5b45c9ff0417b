/**
 * Image decoding with limits. Only JPEG, PNG, WebP and GIF (its first frame)
 * are accepted, recognised by their magic bytes before sharp sees them — so
 * SVG (an XML document that can reference other files), TIFF, HEIF, PDF and
 * whatever else libvips can open are refused up front. The pixel count is read
 * from the header and checked *before* any pixel is decoded, so a
 * 50 000×50 000 bomb costs nothing.
 */
import fs from 'node:fs/promises';
import sharp from 'sharp';
import { VwError } from '../errors';

/** Decoded pixels, row-major, interleaved. */
export interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Default pixel limit: 64 megapixels (well above any camera, far below a bomb). */
export const DEFAULT_MAX_PIXELS = 64_000_000;
/** Default byte limit for an encoded image. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

export interface DecodeOptions {
  maxPixels?: number;
  /** Output RGB (3) or RGBA (4). Default 3. */
  channels?: 3 | 4;
}

/** Read a file into bytes with a typed error for a missing/unreadable file. */
export async function readImageFile(file: string): Promise<Uint8Array> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new VwError('E_BAD_IMAGE', `${file} is not a file.`);
    if (st.size > DEFAULT_MAX_BYTES)
      throw new VwError('E_IMAGE_TOO_LARGE', `${file} is ${st.size} bytes; the limit is ${DEFAULT_MAX_BYTES}.`);
    return new Uint8Array(await fs.readFile(file));
  } catch (err) {
    if (err instanceof VwError) throw err;
    throw new VwError('E_NOT_FOUND', `Cannot read ${file}: ${(err as Error).message}`);
  }
}

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';
export const ACCEPTED_FORMATS = 'JPEG, PNG, WebP or GIF';

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((x, i) => b[at + i] === x);

/**
 * The format from the file's first bytes, or undefined for anything not accepted.
 *
 * @example
 *   sniffFormat(await readImageFile('dog.jpg')); // 'jpeg'
 */
export function sniffFormat(b: Uint8Array): ImageFormat | undefined {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38]) && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) return 'gif';
  return undefined;
}

/** Width and height from the header only. */
export async function probeImage(bytes: Uint8Array): Promise<{ width: number; height: number; format: string }> {
  if (bytes.length === 0) throw new VwError('E_BAD_IMAGE', 'The image is empty (0 bytes).');
  const format = sniffFormat(bytes);
  if (!format) {
    throw new VwError('E_BAD_IMAGE', `Not a ${ACCEPTED_FORMATS} image.`, {
      hint: `Vision Workstation reads ${ACCEPTED_FORMATS} (a GIF's first frame); convert other formats (SVG, TIFF, HEIC, …) first.`,
    });
  }
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new VwError('E_BAD_IMAGE', `Not a readable image: ${(err as Error).message}`, {
      hint: `Use a ${ACCEPTED_FORMATS} file.`,
    });
  }
  // The bytes said one format and libvips found another (a polyglot): refuse rather than guess.
  if (meta.format !== format) throw new VwError('E_BAD_IMAGE', `The file starts like ${format} but reads as ${meta.format ?? 'nothing'}.`);
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (!width || !height) throw new VwError('E_BAD_IMAGE', `The image has no pixels (${width}×${height}).`);
  return { width, height, format };
}

/**
 * Decode an encoded image to interleaved 8-bit pixels, EXIF orientation applied.
 *
 * @example
 *   const px = await decodeImage(await readImageFile('dog.jpg'));
 *   px.width; // 768
 */
export async function decodeImage(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<Pixels> {
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  const channels = opts.channels ?? 3;
  const { width, height } = await probeImage(bytes);
  if (width * height > maxPixels) {
    throw new VwError('E_IMAGE_TOO_LARGE', `The image is ${width}×${height} (${width * height} pixels); the limit is ${maxPixels}.`, {
      hint: 'Scale the image down before using it.',
      details: { width, height, maxPixels },
    });
  }
  try {
    let img = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate();
    img = channels === 4 ? img.ensureAlpha() : img.removeAlpha();
    const { data, info } = await img.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels };
  } catch (err) {
    throw new VwError('E_BAD_IMAGE', `The image could not be decoded: ${(err as Error).message}`, {
      hint: 'The file may be truncated or corrupt.',
    });
  }
}

/** Encode interleaved pixels as PNG. */
export async function encodePng(px: Pixels): Promise<Uint8Array> {
  const buf = await sharp(px.data, { raw: { width: px.width, height: px.height, channels: px.channels } })
    .png()
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

/** Encode interleaved pixels as JPEG. */
export async function encodeJpeg(px: Pixels, quality = 90): Promise<Uint8Array> {
  const buf = await sharp(px.data, { raw: { width: px.width, height: px.height, channels: px.channels } })
    .jpeg({ quality })
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

/** Check a raw RGBA frame's dimensions against its buffer. */
export function checkRawFrame(frame: { width: number; height: number; data: Uint8Array }, maxPixels = DEFAULT_MAX_PIXELS): void {
  const { width, height, data } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new VwError('E_BAD_IMAGE', `A frame must have positive integer size; got ${width}×${height}.`);
  }
  if (width * height > maxPixels)
    throw new VwError('E_IMAGE_TOO_LARGE', `The frame is ${width}×${height}; the limit is ${maxPixels} pixels.`);
  if (data.length !== width * height * 4) {
    throw new VwError('E_BAD_IMAGE', `A ${width}×${height} RGBA frame needs ${width * height * 4} bytes; got ${data.length}.`);
  }
}
