/**
 * End to end on real images (tubingen × starry_night, see fixtures/style/PROVENANCE.md)
 * with the bundled CenterNet backbone, plus user backbones and bad inputs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Events, StyleProgress, StyleResult } from '../../../preload/contract';
import { VwError } from '../../../main/errors';
import { decodeImage } from '../../../main/imaging/decode';
import { Builder } from '../../../main/style/builder';
import { rgbToYuv } from '../../../main/style/color';
import { StyleEngine } from '../../../main/style/engine';
import { saveGraph } from '../../../main/style/graph';
import { StyleJobs } from '../../../main/style/job';
import { mulberry32 } from '../../../main/style/rng';

const fixture = (f: string) => new Uint8Array(fs.readFileSync(path.join(__dirname, '../../fixtures/style', f)));
const content = fixture('tubingen.jpg');
const starry = fixture('starry_night.jpg');
const scream = fixture('the_scream.jpg');
const engine = new StyleEngine();
afterAll(() => engine.dispose());

function uv(data: ArrayLike<number>): { u: Float64Array; v: Float64Array } {
  const n = data.length / 3;
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [, a, b] = rgbToYuv(data[3 * i]!, data[3 * i + 1]!, data[3 * i + 2]!);
    u[i] = a;
    v[i] = b;
  }
  return { u, v };
}
const meanAbsDiff = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + Math.abs(x - b[i]!), 0) / a.length;

/** A tiny user backbone (NHWC input like TF exports): conv → relu → maxpool → conv → `extra` op. */
function tinyBackbone(extra: 'Relu' | 'Erf' | 'DivZero'): Uint8Array {
  const b = new Builder({ nodes: [], initializers: new Map() });
  const rand = mulberry32(5);
  const w = (dims: number[]) =>
    b.constF(
      Array.from({ length: dims.reduce((p, q) => p * q, 1) }, () => (rand() - 0.5) * 0.1),
      dims,
    );
  const x = b.one('Transpose', ['input'], { perm: { ints: [0, 3, 1, 2] } });
  const c1 = b.node('Relu', [b.one('Conv', [x, w([8, 3, 3, 3])], { pads: { ints: [1, 1, 1, 1] } })], {}, { hint: 'conv1' })[0]!;
  const p1 = b.one('MaxPool', [c1], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } });
  const c2 = b.one('Conv', [p1, w([8, 8, 3, 3])], { pads: { ints: [1, 1, 1, 1] } });
  const last = extra === 'DivZero' ? b.one('Div', [c2, b.constF([0], [])]) : b.one(extra, [c2]);
  b.nodes.push({
    op: 'Transpose',
    name: 'feat2',
    inputs: [last],
    outputs: ['feat2'],
    attrs: [{ name: 'perm', type: 7, ints: [0, 2, 3, 1] }],
  });
  b.nodes.push({
    op: 'Transpose',
    name: 'feat1',
    inputs: [c1],
    outputs: ['feat1'],
    attrs: [{ name: 'perm', type: 7, ints: [0, 2, 3, 1] }],
  });
  return saveGraph(
    { nodes: b.nodes, initializers: b.initializers, inputs: [], outputs: [], opset: 13 },
    { inputs: [{ name: 'input', dims: [1, 64, 64, 3] }], outputs: [{ name: 'feat1' }, { name: 'feat2' }] },
  );
}
const tinySpec = {
  contentLayer: 'feat2',
  styleLayers: [
    { name: 'feat1', weight: 1 },
    { name: 'feat2', weight: 1 },
  ],
  multiple: 2,
};

describe('style transfer end to end', () => {
  it('tubingen × starry_night at 128 px, 50 L-BFGS iterations: total loss falls ≥ 5×, style ≥ 10×', async () => {
    const r = await engine.stylize({ content, styles: [starry], options: { size: 128, iterations: 50 } });
    expect(r.status).toBe('done');
    expect([r.width, r.height]).toEqual([128, 96]);
    expect(r.iterations).toBe(50);
    expect(r.initialLosses.content).toBe(0); // init = content
    expect(r.initialLosses.total / r.losses.total).toBeGreaterThanOrEqual(5);
    expect(r.initialLosses.style / r.losses.style).toBeGreaterThanOrEqual(10);
    const png = await decodeImage(r.png);
    expect([png.width, png.height]).toEqual([128, 96]);
  });

  it('the same seed gives the same image; another seed another one (noise init, Adam)', async () => {
    const run = (seed: number) =>
      engine.stylize({ content, styles: [starry], options: { size: 64, iterations: 8, init: 'noise', optimizer: 'adam', seed } });
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(Buffer.from(a.png).equals(Buffer.from(b.png))).toBe(true);
    expect(a.losses.total).toBe(b.losses.total);
    expect(meanAbsDiff(Float64Array.from(a.image.data), Float64Array.from(c.image.data))).toBeGreaterThan(5);
    expect(a.losses.total).toBeLessThan(a.initialLosses.total);
  });

  it('init from a given image starts away from the content', async () => {
    const r = await engine.stylize({ content, styles: [starry], options: { size: 64, iterations: 3, init: 'image', initImage: scream } });
    expect(r.initialLosses.content).toBeGreaterThan(0.1);
    expect(r.losses.total).toBeLessThan(r.initialLosses.total);
  });

  it('original colors keep the content chroma (U/V), plain transfer does not', async () => {
    const opts = { size: 96, iterations: 15 };
    const kept = await engine.stylize({ content, styles: [starry], options: { ...opts, originalColors: true } });
    const plain = await engine.stylize({ content, styles: [starry], options: opts });
    const ref = await (await import('../../../main/style/images')).loadFloatImage(content, kept.width, kept.height);
    const c = uv(ref.data);
    const k = uv((await decodeImage(kept.png)).data);
    const p = uv((await decodeImage(plain.png)).data);
    expect(meanAbsDiff(k.u, c.u)).toBeLessThan(1.5);
    expect(meanAbsDiff(k.v, c.v)).toBeLessThan(1.5);
    expect(meanAbsDiff(p.u, c.u) + meanAbsDiff(p.v, c.v)).toBeGreaterThan(8);
  });

  it('two styles with blend weights, style_scale and coarse-to-fine run and lower the loss', async () => {
    const r = await engine.stylize({
      content,
      styles: [starry, scream],
      options: { size: 128, iterations: 12, styleBlendWeights: [3, 1], styleScale: 0.75, coarseToFine: true },
    });
    expect(r.status).toBe('done');
    expect(r.iterations).toBe(12);
    expect([r.width, r.height]).toEqual([128, 96]);
    expect(r.losses.style).toBeLessThan(r.initialLosses.style / 2);
  });

  it('jobs: progress events with preview and ETA, cancel within one iteration returns the best image so far', async () => {
    const events: { name: string; body: unknown }[] = [];
    const ref: { jobs?: StyleJobs } = {};
    let jobId = '';
    let seenAtCancel = -1;
    let cancelled: Promise<StyleResult> | undefined;
    const emit = <E extends keyof Events>(name: E, body: Events[E]) => {
      events.push({ name, body });
      if (name === 'vw:style.onDidProgress' && (body as StyleProgress).iteration >= 4 && !cancelled) {
        seenAtCancel = (body as StyleProgress).iteration;
        cancelled = ref.jobs!.cancel(jobId);
      }
    };
    const jobs = new StyleJobs(engine, emit);
    ref.jobs = jobs;
    jobId = jobs.start({ content, styles: [starry], options: { size: 64, iterations: 400, previewEvery: 2 } }, 'req-1');
    expect((await jobs.result(jobId)).status).toBe('running');
    const done = await jobs.result(jobId, true);
    expect(cancelled).toBeDefined();
    expect((await cancelled!).status).toBe('cancelled');
    expect(done.status).toBe('cancelled');
    expect(done.iterations).toBeGreaterThanOrEqual(seenAtCancel);
    expect(done.iterations).toBeLessThanOrEqual(seenAtCancel + 1);
    const img = await decodeImage(done.png!);
    expect([img.width, img.height]).toEqual([64, 48]);
    const progress = events.filter((e) => e.name === 'vw:style.onDidProgress').map((e) => e.body as StyleProgress);
    expect(progress[0]!.requestId).toBe('req-1');
    expect(progress.some((p) => p.preview && p.preview.length > 100)).toBe(true);
    expect(progress.at(-1)!.etaMs).toBeGreaterThan(0);
    expect(events.at(-1)!.name).toBe('vw:style.onDidFinish');
    await jobs.dispose();
  });

  it('a cancel before the first iteration still returns a valid image (the start image)', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await engine.stylize({ content, styles: [starry], options: { size: 64, iterations: 50 } }, { signal: ac.signal });
    expect(r.status).toBe('cancelled');
    expect(r.iterations).toBe(0);
    const img = await decodeImage(r.png);
    expect([img.width, img.height]).toEqual([64, 48]);
  });

  it('bad inputs are typed errors and the job manager keeps serving', async () => {
    await expect(engine.stylize({ content: new TextEncoder().encode('not an image'), styles: [starry] })).rejects.toMatchObject({
      code: 'E_BAD_IMAGE',
    });
    await expect(engine.stylize({ content, styles: [new Uint8Array(0)] })).rejects.toMatchObject({ code: 'E_BAD_IMAGE' });
    await expect(engine.stylize({ content, styles: [starry], options: { size: 5000 } })).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    await expect(engine.stylize({ content, styles: [] })).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    const jobs = new StyleJobs(engine, () => {});
    const bad = await jobs.result(jobs.start({ content: new Uint8Array([1, 2, 3]), styles: [starry] }), true);
    expect(bad.status).toBe('failed');
    expect(bad.error?.code).toBe('E_BAD_IMAGE');
    const good = await jobs.result(jobs.start({ content, styles: [starry], options: { size: 48, iterations: 2 } }), true);
    expect(good.status).toBe('done');
    await expect(jobs.result('nope')).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await jobs.dispose();
  });

  it('a user backbone: MaxPool network works, an unsupported op and a NaN loss are typed errors', async () => {
    const ok = new StyleEngine({ backbone: async () => tinyBackbone('Relu'), spec: tinySpec });
    const r = await ok.stylize({ content, styles: [starry], options: { size: 48, iterations: 5 } });
    expect(r.losses.total).toBeLessThan(r.initialLosses.total);
    await ok.dispose();

    const erf = new StyleEngine({ backbone: async () => tinyBackbone('Erf'), spec: tinySpec });
    const err = await erf.stylize({ content, styles: [starry], options: { size: 48, iterations: 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VwError);
    expect((err as VwError).code).toBe('E_UNSUPPORTED_OP');
    expect((err as VwError).message).toContain('Erf');
    await erf.dispose();

    const nan = new StyleEngine({ backbone: async () => tinyBackbone('DivZero'), spec: tinySpec });
    await expect(nan.stylize({ content, styles: [starry], options: { size: 48, iterations: 2 } })).rejects.toMatchObject({
      code: 'E_NUMERIC',
    });
    await nan.dispose();
  });
});
