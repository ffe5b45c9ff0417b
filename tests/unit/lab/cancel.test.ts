/** A large lab convolution runs in bands and gives way: a cancel stops it part way, and other work gets turns. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { convolvePlane, convolvePlaneAsync } from '../../../main/lab/conv';
import { labImage } from '../../../main/lab/image';

const filter = (n: number) => ({ rows: n, cols: n, data: Array.from({ length: n * n }, (_, i) => ((i * 7) % 5) - 2) });

describe('lab convolution in bands', () => {
  it('gives exactly the one-pass result', async () => {
    const input = { rows: 120, cols: 90, data: Float64Array.from({ length: 120 * 90 }, (_, i) => (i * 31) % 255) };
    const f = filter(9);
    const sync = convolvePlane(input, f, 4, 1, 120, 90);
    expect(await convolvePlaneAsync(input, f, 4, 1, 120, 90)).toEqual(sync);
  });

  it('stops part way when cancelled, with E_CANCELLED, and lets timers run between bands', async () => {
    const side = 1200;
    const png = await sharp({ create: { width: side, height: side, channels: 3, background: { r: 90, g: 120, b: 200 } } })
      .png()
      .toBuffer();
    const ac = new AbortController();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    let bands = 0;
    let total = 0;
    const run = labImage({ image: new Uint8Array(png), filter: filter(31), padding: 15, stride: 1 }, ac.signal, (done, rows) => {
      bands++;
      total = rows;
      if (bands === 3) ac.abort();
    });
    await expect(run).rejects.toMatchObject({ code: 'E_CANCELLED' });
    clearInterval(timer);
    expect(total).toBe(side);
    expect(bands).toBe(3); // not one band more after the cancel
    expect(ticks).toBeGreaterThan(0); // the event loop ran between bands
  });
});
