import { describe, expect, it } from 'vitest';
import { createSession } from '../../../main/runtime';
import { loadedSession } from '../../../main/runtime/registry';
import { makeModel, node, saveModel, tensor, valueInfo } from '../../../main/onnx/proto';

const tiny = saveModel(
  makeModel({
    inputs: [valueInfo('x', 'float32', ['batch', 3])],
    outputs: [valueInfo('y', 'float32', ['batch', 3])],
    initializers: [tensor('b', [3], new Float32Array([1, 2, 3]))],
    nodes: [node('Add', ['x', 'b'], ['y'])],
  }),
);

describe('runtime', () => {
  it('an execution provider that does not exist falls back to CPU and says so', async () => {
    const s = await createSession(tiny, { label: 'tiny-fallback', executionProviders: ['warp-drive'] });
    try {
      expect(s.executionProvider).toBe('cpu');
      expect(s.skipped).toEqual([{ name: 'warp-drive', reason: expect.stringContaining('not available') }]);
      expect(s.fallback).toMatch(/asked for warp-drive, using cpu/);
      const out = await s.run({ x: { data: new Float32Array([1, 1, 1, 2, 2, 2]), dims: [2, 3] } });
      expect(Array.from(out.y!.data as Float32Array)).toEqual([2, 3, 4, 3, 4, 5]);
      // While loaded, doctor can see which provider the session uses.
      expect(loadedSession('tiny-fallback')).toMatchObject({ executionProvider: 'cpu' });
    } finally {
      await s.release();
    }
    expect(loadedSession('tiny-fallback')).toBeUndefined();
  });

  it('checks feeds against the model inputs with readable errors', async () => {
    const s = await createSession(tiny, { label: 'tiny', executionProviders: ['cpu'] });
    try {
      await expect(s.run({ z: { data: new Float32Array(3), dims: [1, 3] } })).rejects.toThrow(/needs input "x"/);
      await expect(s.run({ x: { data: new Float32Array(4), dims: [1, 4] } })).rejects.toThrow(/expects \[batch,3\]; got \[1,4\]/);
      await expect(s.run({ x: { data: new Float32Array(5), dims: [1, 3] } })).rejects.toThrow(/need 3 values; got 5/);
      expect(s.fallback).toBeUndefined();
    } finally {
      await s.release();
    }
  });

  it('a corrupt model is E_MODEL_INVALID with a hint to rebuild', async () => {
    await expect(createSession(tiny.subarray(0, 20), { label: 'broken' })).rejects.toMatchObject({ code: 'E_MODEL_INVALID' });
  });
});
