import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { labHandlers, labSchemas } from '../../../main/host/areas/lab';
import { FILTERS, LESSON_6X6 } from '../../../main/lab/filters';
import { encodePng } from '../../../main/imaging/decode';
import type { HostEnv, RequestContext } from '../../../main/host/types';
import type { Api, Channel } from '../../../preload/contract';

const env: HostEnv = {
  paths: { data: '/nonexistent', models: '/nonexistent', db: '/nonexistent' },
  models: async (id) => `/nonexistent/${id}.onnx`,
  emit: () => {},
};
const ctx = (): RequestContext => ({ requestId: 'r1', signal: new AbortController().signal, emit: () => {} });
const { handlers } = labHandlers(env);

async function call<C extends Channel>(ch: C, req: Api[C]['req']): Promise<Api[C]['res']> {
  const parsed = labSchemas[ch]!.parse(req) as Api[C]['req'];
  const h = handlers[ch] as (r: Api[C]['req'], c: RequestContext) => Promise<Api[C]['res']>;
  return h(parsed, ctx());
}

describe('lab handlers', () => {
  it('vw:lab.convolve returns the lesson result and its size', async () => {
    const res = await call('vw:lab.convolve', { input: LESSON_6X6, filter: FILTERS.vertical, padding: 0, stride: 1 });
    expect(res.outputSize).toEqual({ rows: 4, cols: 4 });
    expect(res.output.data.slice(0, 4)).toEqual([-5, -4, 0, 8]);
    expect(res.output.data.slice(12)).toEqual([-3, -2, -3, -16]);
  });

  it('vw:lab.pool max-pools', async () => {
    const res = await call('vw:lab.pool', {
      input: { rows: 4, cols: 4, data: [1, 3, 2, 1, 2, 9, 1, 1, 1, 3, 2, 3, 5, 6, 1, 2] },
      mode: 'max',
      size: 2,
      stride: 2,
    });
    expect(res.output.data).toEqual([9, 2, 6, 3]);
  });

  it('schemas reject wrong payload types', () => {
    expect(labSchemas['vw:lab.convolve']!.safeParse({ input: LESSON_6X6, filter: FILTERS.vertical, padding: -1, stride: 1 }).success).toBe(
      false,
    );
    expect(labSchemas['vw:lab.convolve']!.safeParse({ input: LESSON_6X6, filter: 'vertical', padding: 0, stride: 1 }).success).toBe(false);
    expect(labSchemas['vw:lab.image']!.safeParse({ image: [1, 2], filter: FILTERS.vertical, padding: 0, stride: 1 }).success).toBe(false);
  });

  it('vw:lab.image filters a synthetic step edge: the response peaks on the edge and is flat elsewhere', async () => {
    // 8×6 picture: left half white, right half black.
    const w = 8;
    const h = 6;
    const rgb = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < 4; x++) rgb.fill(255, (y * w + x) * 3, (y * w + x) * 3 + 3);
    const res = await call('vw:lab.image', {
      image: await encodePng({ data: rgb, width: w, height: h, channels: 3 }),
      filter: FILTERS.vertical,
      padding: 0,
      stride: 1,
    });
    expect(res.outputSize).toEqual({ rows: 4, cols: 6 });
    const out = await sharp(res.output).greyscale().raw().toBuffer();
    // Columns 0..5 of the valid output: windows straddling the edge (cols 2,3) are the positive maximum → 255; flat → 128.
    expect(Array.from(out.subarray(0, 6))).toEqual([128, 128, 255, 255, 128, 128]);
    const input = await sharp(res.input).greyscale().raw().toBuffer();
    expect(input[0]).toBe(255);
    expect(input[7]).toBe(0);
  });

  it('vw:lab.image on dog.jpg keeps the size with "same" padding and halves it with max pooling', async () => {
    const image = new Uint8Array(await fs.readFile(path.join(import.meta.dirname, '../../fixtures/lab/dog.jpg')));
    const same = await call('vw:lab.image', { image, filter: FILTERS['sobel-vertical'], padding: 1, stride: 1 });
    expect([same.width, same.height]).toEqual([768, 576]);
    expect(same.outputSize).toEqual({ rows: 576, cols: 768 });
    const meta = await sharp(same.output).metadata();
    expect([meta.width, meta.height]).toEqual([768, 576]);
    const pooled = await call('vw:lab.image', {
      image,
      filter: FILTERS['sobel-vertical'],
      padding: 1,
      stride: 1,
      pool: { mode: 'max', size: 2, stride: 2 },
    });
    expect(pooled.outputSize).toEqual({ rows: 288, cols: 384 });
    const s2 = await call('vw:lab.image', { image, filter: FILTERS.horizontal, padding: 0, stride: 2 });
    expect(s2.outputSize).toEqual({ rows: Math.floor((576 - 3) / 2) + 1, cols: Math.floor((768 - 3) / 2) + 1 });
  });

  it('vw:lab.image refuses bytes that are not an image with E_BAD_IMAGE', async () => {
    await expect(
      call('vw:lab.image', { image: new Uint8Array([1, 2, 3]), filter: FILTERS.vertical, padding: 0, stride: 1 }),
    ).rejects.toMatchObject({ code: 'E_BAD_IMAGE' });
  });
});
