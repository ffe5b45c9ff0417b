/** Draw recognized faces (box, name or "unknown", similarity) onto an image, for `vws faces recognize --save`. */
import sharp from 'sharp';
import type { RecognizedFace } from '../../preload/contract';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * @example await fs.writeFile('out.jpg', await annotateFaces(bytes, result.faces));
 */
export async function annotateFaces(image: Uint8Array, faces: readonly RecognizedFace[]): Promise<Uint8Array> {
  const base = sharp(image).rotate();
  const { width = 0, height = 0 } = (await base.clone().toBuffer({ resolveWithObject: true })).info;
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 250));
  const font = Math.max(12, Math.round(Math.min(width, height) / 40));
  const parts = faces.map((f) => {
    const [x1, y1, x2, y2] = f.box;
    const color = f.match ? '#2e7d32' : '#c62828';
    const text = f.match
      ? `${f.match.name} ${f.match.similarity.toFixed(2)}`
      : `unknown${f.best ? ` (${f.best.similarity.toFixed(2)})` : ''}`;
    const tw = Math.round(text.length * font * 0.6) + 6;
    const ty = y2 + font + 4 <= height ? y2 : Math.max(0, y1 - font - 4);
    const dots = f.landmarks.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${Math.max(1, stroke / 2)}" fill="${color}"/>`).join('');
    return (
      `<rect x="${x1}" y="${y1}" width="${Math.max(0, x2 - x1)}" height="${Math.max(0, y2 - y1)}" fill="none" stroke="${color}" stroke-width="${stroke}"/>` +
      dots +
      `<rect x="${x1}" y="${ty}" width="${tw}" height="${font + 4}" fill="${color}"/>` +
      `<text x="${x1 + 3}" y="${ty + font}" font-family="sans-serif" font-size="${font}" fill="#fff">${esc(text)}</text>`
    );
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
  const out = await base
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .jpeg({ quality: 90 })
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
