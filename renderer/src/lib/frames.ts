import type { RawFrame } from '../../../preload/contract';

/** Size that fits `longSide` on the longer side, keeping the aspect ratio. */
export function fitSize(width: number, height: number, longSide: number): { width: number; height: number } {
  const s = longSide / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

let scratch: HTMLCanvasElement | undefined;
function canvas2d(width: number, height: number): CanvasRenderingContext2D {
  scratch ??= document.createElement('canvas');
  if (scratch.width !== width) scratch.width = width;
  if (scratch.height !== height) scratch.height = height;
  const ctx = scratch.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas');
  return ctx;
}

/** The video's current frame as raw RGBA at `width`×`height` (no encoding round trip). */
export function grabRawFrame(video: HTMLVideoElement, width: number, height: number): RawFrame {
  const ctx = canvas2d(width, height);
  ctx.drawImage(video, 0, 0, width, height);
  const img = ctx.getImageData(0, 0, width, height);
  return { width, height, data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength) };
}

/** The video's current frame at full size, encoded (for enrollment shots and the lab). */
export async function grabEncodedFrame(video: HTMLVideoElement, type = 'image/png'): Promise<Blob> {
  const c = document.createElement('canvas');
  c.width = video.videoWidth;
  c.height = video.videoHeight;
  const ctx = c.getContext('2d');
  if (!ctx || !c.width) throw new Error('The camera has no frame yet.');
  ctx.drawImage(video, 0, 0);
  return canvasBlob(c, type);
}

export function canvasBlob(c: HTMLCanvasElement, type = 'image/png'): Promise<Blob> {
  return new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error('could not encode the image'))), type, 0.92));
}
