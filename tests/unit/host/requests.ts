import sharp from 'sharp';
import type { LabImageRequest } from '../../../preload/contract';

/** A request whose handler awaits real I/O (sharp decoding on libuv's pool), so it stays in flight for a while. */
export async function labImageRequest(): Promise<LabImageRequest> {
  const png = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  return { image: new Uint8Array(png), filter: { rows: 3, cols: 3, data: [1, 0, -1, 1, 0, -1, 1, 0, -1] }, padding: 0, stride: 1 };
}
