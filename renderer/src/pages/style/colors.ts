/**
 * "Keep original colours" for the live preview, as the engine does for the
 * result: the preview's luminance with the content image's chroma (YCbCr,
 * ITU-R BT.601), computed at the preview's size.
 */
export async function withOriginalColors(preview: Blob, content: Blob): Promise<Blob> {
  const p = await createImageBitmap(preview);
  const c = await createImageBitmap(content, { resizeWidth: p.width, resizeHeight: p.height, resizeQuality: 'medium' });
  const canvas = document.createElement('canvas');
  canvas.width = p.width;
  canvas.height = p.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(p, 0, 0);
  const pd = ctx.getImageData(0, 0, p.width, p.height);
  ctx.drawImage(c, 0, 0);
  const cd = ctx.getImageData(0, 0, p.width, p.height);
  const a = pd.data;
  const b = cd.data;
  for (let i = 0; i < a.length; i += 4) {
    const y = 0.299 * a[i]! + 0.587 * a[i + 1]! + 0.114 * a[i + 2]!;
    const cb = -0.168736 * b[i]! - 0.331264 * b[i + 1]! + 0.5 * b[i + 2]!;
    const cr = 0.5 * b[i]! - 0.418688 * b[i + 1]! - 0.081312 * b[i + 2]!;
    a[i] = y + 1.402 * cr;
    a[i + 1] = y - 0.344136 * cb - 0.714136 * cr;
    a[i + 2] = y + 1.772 * cb;
  }
  ctx.putImageData(pd, 0, 0);
  return new Promise((res, rej) => canvas.toBlob((bl) => (bl ? res(bl) : rej(new Error('could not encode the preview'))), 'image/png'));
}
