/** Jobs over their work or memory budget are refused before they start, with E_RESOURCE naming the limit. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { budgets, checkLabWork, checkStyleMemory, DEFAULT_BUDGETS } from '../../../main/host/budgets';
import { labHandlers } from '../../../main/host/areas/lab';
import { styleHandlers } from '../../../main/host/areas/style';
import type { HostEnv, RequestContext } from '../../../main/host/types';

const ctx = { requestId: 'r', signal: new AbortController().signal, emit: () => undefined } as RequestContext;
const env = {} as HostEnv; // neither handler reaches its engine when the budget refuses
const failure = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'resolved' }),
    (e: { code: string; message: string; hint?: string; details?: unknown }) => e,
  );

describe('budgets', () => {
  it('refuses a 4000×4000 image under a 64×64 filter (lab) with E_RESOURCE, hint naming the limit', async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: 4000, height: 4000, channels: 3, background: '#777' } })
        .png()
        .toBuffer(),
    );
    const filter = { rows: 64, cols: 64, data: new Array<number>(64 * 64).fill(0) };
    const e = await failure(labHandlers(env).handlers['vw:lab.image']!({ image: png, filter, padding: 0, stride: 1 }, ctx));
    expect(e).toMatchObject({ code: 'E_RESOURCE', details: { limit: DEFAULT_BUDGETS.labWork, budget: 'VWS_BUDGET_LAB_WORK' } });
    expect((e as { hint: string }).hint).toMatch(/VWS_BUDGET_LAB_WORK/);
    const input = { rows: 4096, cols: 4096, data: [] as number[] };
    expect(await failure(labHandlers(env).handlers['vw:lab.convolve']!({ input, filter, padding: 0, stride: 1 }, ctx))).toMatchObject({
      code: 'E_RESOURCE',
    });
    // A lesson-sized job passes: 512×512 under 3×3.
    expect(() => checkLabWork({ rows: 512, cols: 512 }, { rows: 3, cols: 3 }, 1, 1)).not.toThrow();
  });

  it('refuses a 2048-px style transfer before it starts; 1024 and the presets fit', async () => {
    const e = await failure(
      styleHandlers(env).handlers['vw:style.start']!(
        { content: new Uint8Array(1), styles: [new Uint8Array(1)], options: { size: 2048 } },
        ctx,
      ),
    );
    expect(e).toMatchObject({ code: 'E_RESOURCE', details: { budget: 'VWS_BUDGET_STYLE_BYTES' } });
    for (const size of [256, 512, 768, 1024]) expect(() => checkStyleMemory(size)).not.toThrow();
  });

  it('reads raised limits from the environment and ignores nonsense', () => {
    expect(budgets({ VWS_BUDGET_LAB_WORK: '1e11' }).labWork).toBe(1e11);
    expect(budgets({ VWS_BUDGET_LAB_WORK: '-5', VWS_BUDGET_STYLE_BYTES: 'x' })).toEqual(DEFAULT_BUDGETS);
    expect(() => checkStyleMemory(2048, budgets({ VWS_BUDGET_STYLE_BYTES: String(16 * 1024 ** 3) }))).not.toThrow();
  });
});
