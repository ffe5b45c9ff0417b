/**
 * Annotated images for `--save` (detection and faces): SVG shapes composited
 * onto the photo by sharp, written as JPEG.
 */
import sharp from 'sharp';
import { probeImage } from './decode';

export interface OverlayScale {
  width: number;
  height: number;
  /** Line width and label font size, scaled to the image. */
  stroke: number;
  font: number;
}

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An outlined box with a filled label tab at `labelY` (top of the tab). */
export function labelledBox(box: readonly number[], text: string, color: string, s: OverlayScale, labelY: number, extra = ''): string {
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = box;
  const tw = Math.round(text.length * s.font * 0.6) + 6;
  return (
    `<rect x="${x1}" y="${y1}" width="${Math.max(0, x2 - x1)}" height="${Math.max(0, y2 - y1)}" fill="none" stroke="${color}" stroke-width="${s.stroke}"/>` +
    extra +
    `<rect x="${x1}" y="${labelY}" width="${tw}" height="${s.font + 4}" fill="${color}"/>` +
    `<text x="${x1 + 3}" y="${labelY + s.font}" font-family="sans-serif" font-size="${s.font}" fill="#fff">${escapeXml(text)}</text>`
  );
}

/**
 * Encoded image → JPEG with the SVG fragments from `draw` on top (EXIF
 * orientation applied; the size is read from the header, not by decoding twice).
 */
export async function drawOverlay(image: Uint8Array, draw: (s: OverlayScale) => string[]): Promise<Uint8Array> {
  const { width, height } = await probeImage(image);
  const s: OverlayScale = {
    width,
    height,
    stroke: Math.max(2, Math.round(Math.min(width, height) / 250)),
    font: Math.max(12, Math.round(Math.min(width, height) / 40)),
  };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${draw(s).join('')}</svg>`;
  const out = await sharp(image)
    .rotate()
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .jpeg({ quality: 90 })
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
