/**
 * Style costs of a RUNNING stylization (issue #17 item 9), through the style
 * area's real handlers: a short real job; at a progress event the costs of
 * its current iterate are read (vw:style.costs), and again once it is stopped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { styleHandlers, styleSchemas } from '../../../main/host/areas/style';
import type { HostEnv, RequestContext } from '../../../main/host/types';
import { modelResolver } from '../../../main/models/resolver';
import type { Api, Channel, StyleJobCosts, StyleProgress } from '../../../preload/contract';

const rd = (f: string) => new Uint8Array(fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/style', f)));
const progress: StyleProgress[] = [];
const env: HostEnv = {
  paths: { data: '/nonexistent', models: '/nonexistent', db: '/nonexistent' },
  models: modelResolver(),
  emit: (event, body) => {
    if (event === 'vw:style.onDidProgress') progress.push(body as StyleProgress);
  },
};
const area = styleHandlers(env);
afterAll(() => area.dispose?.());
const ctx = (): RequestContext => ({ requestId: 'r1', signal: new AbortController().signal, emit: () => {} });
async function call<C extends Channel>(ch: C, req: unknown): Promise<Api[C]['res']> {
  const parsed = styleSchemas[ch]!.parse(req) as Api[C]['req'];
  return (area.handlers[ch] as (r: Api[C]['req'], c: RequestContext) => Promise<Api[C]['res']>)(parsed, ctx());
}

describe('costs of a running stylization', () => {
  it('reads J_content, J_style per layer with λ and the Grams of the current iterate, while it runs and when done', async () => {
    const { jobId } = await call('vw:style.start', {
      content: rd('tubingen.jpg'),
      styles: [rd('starry_night.jpg')],
      options: { size: 96, iterations: 400, previewEvery: 4, coarseToFine: false, optimizer: 'adam' },
    });
    const atStart = await call('vw:style.costs', { jobId, size: 96 });
    // Read while it runs (a few iterations in), then stop it: a cancelled job answers with its best image.
    await expect.poll(() => progress.at(-1)?.iteration ?? 0, { timeout: 120_000, interval: 5 }).toBeGreaterThanOrEqual(8);
    const running: StyleJobCosts = await call('vw:style.costs', { jobId, size: 96 });
    const stopped = await call('vw:style.cancel', { jobId });
    expect(stopped.status).toBe('cancelled');
    const finished = await call('vw:style.costs', { jobId, size: 96 });

    expect(running.status).toBe('running');
    expect(running.iteration).toBeGreaterThanOrEqual(8);
    expect(running.iterations).toBe(400);
    expect(running.layers.map((l) => l.lambda)).toEqual([1, 1, 1, 1, 1]);
    for (const l of running.layers) expect([...l.gramGenerated.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // PNG
    // The iterate has left the content image (J_content > 0) and the style cost falls as it runs.
    expect(running.jContent).toBeGreaterThan(0);
    expect(running.jStyle).toBeLessThan(atStart.jStyle);
    expect(finished.status).toBe('cancelled');
    expect(finished.iteration).toBe(stopped.iterations);
    expect(finished.jStyle).toBeLessThan(atStart.jStyle);
    expect(finished.jContent).toBeGreaterThan(0);
  }, 180_000);

  it('refuses an unknown job with a typed error', async () => {
    await expect(call('vw:style.costs', { jobId: 'nope' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});
