/**
 * The exact rewrites, verified numerically against the original files from
 * the tarball: PRelu → (1−a)·Relu(x)+a·x on fr_feature (and facemesh), and the
 * dynamic batch dimension (a batch of two equals two single runs).
 */
import { describe, expect, it } from 'vitest';
import { ensureModel, loadManifest, loadSources } from '../../../main/models';
import { applyRewrites } from '../../../main/models/rewrite';
import { loadModel, saveModel } from '../../../main/onnx/proto';
import { createSession } from '../../../main/runtime';
import { compare, photo, seededUniform } from './oracle';

const originals = new Map<string, Promise<Uint8Array>>();
function original(id: string): Promise<Uint8Array> {
  const entry = loadManifest().models.find((m) => m.id === id)!;
  if (!originals.has(id))
    originals.set(
      id,
      loadSources(id, { offline: true }).then((f) => f.get(entry.sources[0]!.path)!),
    );
  return originals.get(id)!;
}

async function run(model: string | Uint8Array, input: Float32Array, dims: number[]): Promise<Record<string, Float32Array>> {
  const s = await createSession(model, { label: 'rewrite-test', executionProviders: ['cpu'] });
  try {
    const out = await s.run({ [s.inputs[0]!.name]: { data: input, dims } });
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
  } finally {
    await s.release();
  }
}

describe('exact rewrites', () => {
  it('fr_feature: the PRelu rewrite (as cached) matches the original on random and real input', async () => {
    const orig = await original('fr_feature');
    expect(loadModel(orig).graph!.node!.filter((n) => n.opType === 'PRelu')).toHaveLength(33);
    const cached = await ensureModel('fr_feature');
    expect(loadModel(cached).graph!.node!.some((n) => n.opType === 'PRelu')).toBe(false);
    const dims = [1, 3, 112, 112];
    for (const input of [
      seededUniform(3 * 112 * 112, 7, -1, 1),
      await photo('faces/gallery/obama/obama.jpg', 112, 112, (v) => (v - 127.5) / 128, 'nchw'),
    ]) {
      const a = await run(orig, input, dims);
      const b = await run(cached, input, dims);
      const d = compare(b.output!, a.output!);
      expect(d.rel).toBeLessThanOrEqual(1e-5);
    }
  });

  it('facemesh is cached with its PReLUs rewritten (its parity with TF.js is checked in parity.test.ts)', async () => {
    const cached = loadModel(await ensureModel('facemesh'));
    expect(cached.graph!.node!.some((n) => n.opType === 'PRelu')).toBe(false);
    expect(cached.graph!.node!.filter((n) => n.opType === 'Relu').length).toBeGreaterThanOrEqual(24);
  });

  for (const [id, dims] of [
    ['fr_detect', [3, 240, 320]],
    ['fr_landmark', [1, 64, 64]],
    ['fr_feature', [3, 112, 112]],
    ['blazeface', [256, 256, 3]],
    ['facemesh', [192, 192, 3]],
  ] as const) {
    it(`${id}: dynamic batch — a batch of two equals two single runs`, async () => {
      const file = await ensureModel(id);
      const n = dims.reduce((a: number, b: number) => a * b, 1);
      const x1 = seededUniform(n, 1, 0, 1);
      const x2 = seededUniform(n, 2, 0, 1);
      const both = new Float32Array(2 * n);
      both.set(x1);
      both.set(x2, n);
      const [r1, r2, rb] = [await run(file, x1, [1, ...dims]), await run(file, x2, [1, ...dims]), await run(file, both, [2, ...dims])];
      for (const k of Object.keys(r1)) {
        const len = r1[k]!.length;
        expect(rb[k]!.length, k).toBe(2 * len);
        expect(compare(rb[k]!.subarray(0, len), r1[k]!).rel, k).toBeLessThanOrEqual(1e-6);
        expect(compare(rb[k]!.subarray(len), r2[k]!).rel, k).toBeLessThanOrEqual(1e-6);
      }
    });
  }

  it('applyRewrites leaves the input model untouched', async () => {
    const m = loadModel(await original('fr_feature'));
    const before = saveModel(m);
    applyRewrites(m, ['prelu', 'dynamicBatch']);
    expect(Buffer.from(saveModel(m)).equals(Buffer.from(before))).toBe(true);
  });
});
