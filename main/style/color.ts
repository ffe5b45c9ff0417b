/**
 * Luminance-only transfer ("original colors", Gatys et al. 2016, "Preserving
 * Color in Neural Artistic Style Transfer"): keep the stylized image's Y and
 * the content image's chroma, in BT.601 YUV.
 */
import type { FloatImage } from './images';

export function rgbToYuv(r: number, g: number, b: number): [number, number, number] {
  const y = 0.299 * r + 0.587 * g + 0.114 * b;
  return [y, 0.492 * (b - y), 0.877 * (r - y)];
}

export function yuvToRgb(y: number, u: number, v: number): [number, number, number] {
  const b = y + u / 0.492;
  const r = y + v / 0.877;
  const g = (y - 0.299 * r - 0.114 * b) / 0.587;
  return [r, g, b];
}

/** Y from `stylized`, U and V from `content` (same size), clamped to 0–255. */
export function originalColors(stylized: FloatImage, content: FloatImage): FloatImage {
  const out = new Float32Array(stylized.data.length);
  for (let i = 0; i < out.length; i += 3) {
    const [y] = rgbToYuv(stylized.data[i]!, stylized.data[i + 1]!, stylized.data[i + 2]!);
    const [, u, v] = rgbToYuv(content.data[i]!, content.data[i + 1]!, content.data[i + 2]!);
    const rgb = yuvToRgb(y, u, v);
    for (let c = 0; c < 3; c++) out[i + c] = Math.min(255, Math.max(0, rgb[c]!));
  }
  return { data: out, width: stylized.width, height: stylized.height };
}
