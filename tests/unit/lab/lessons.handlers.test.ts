import { describe, expect, it } from 'vitest';
import { labHandlers, labSchemas } from '../../../main/host/areas/lab';
import type { HostEnv, RequestContext } from '../../../main/host/types';
import type { Api, Channel } from '../../../preload/contract';

const env: HostEnv = {
  paths: { data: '/nonexistent', models: '/nonexistent', db: '/nonexistent' },
  models: async (id) => `/nonexistent/${id}.onnx`,
  emit: () => {},
};
const ctx = (): RequestContext => ({ requestId: 'r1', signal: new AbortController().signal, emit: () => {} });
const { handlers } = labHandlers(env);

async function call<C extends Channel>(ch: C, req: unknown): Promise<Api[C]['res']> {
  const parsed = labSchemas[ch]!.parse(req) as Api[C]['req'];
  const h = handlers[ch] as (r: Api[C]['req'], c: RequestContext) => Promise<Api[C]['res']>;
  return h(parsed, ctx());
}

describe("lab handlers: the seed's lessons", () => {
  it('vw:lab.networks lists, vw:lab.network describes', async () => {
    expect((await call('vw:lab.networks', {})).length).toBe(8);
    const r = await call('vw:lab.network', { id: 'vgg16' });
    expect(r).toMatchObject({ id: 'vgg16', title: 'VGG-16', totals: { params: 138_357_544 } });
  });

  it('vw:lab.oneByOne and vw:lab.largeImage compute the notes’ numbers', async () => {
    const o = await call('vw:lab.oneByOne', { height: 28, width: 28, channels: 192, f: 5, filters: 32, bottleneck: 16 });
    expect([o.direct, o.bottlenecked]).toEqual([120_422_400, 12_443_648]);
    const l = await call('vw:lab.largeImage', { height: 1000, width: 1000, channels: 3, units: 1000, f: 3, filters: 1000 });
    expect(l.denseWeights).toBe(3e9);
  });

  it('schemas refuse an unknown network and sizes out of range', () => {
    expect(labSchemas['vw:lab.network']!.safeParse({ id: 'nope' }).success).toBe(false);
    expect(
      labSchemas['vw:lab.oneByOne']!.safeParse({ height: 0, width: 28, channels: 192, f: 5, filters: 32, bottleneck: 16 }).success,
    ).toBe(false);
    expect(labSchemas['vw:lab.largeImage']!.safeParse({ height: 1e6, width: 1, channels: 3, units: 1, f: 3, filters: 1 }).success).toBe(
      false,
    );
  });
});
