/**
 * The `nanodetHead` rewrite (issue 15) on a small synthetic NanoDet-shaped
 * graph (64×64 input, strides 8/16/32, 3 classes, 4 bins per side), against a
 * direct decode written here from the GFL definition: distance = Σ k·softmax_k × stride,
 * points at cell centres, box = point − (l, t) … point + (r, b). The input
 * normalization (RGB → BGR, NanoDet's mean/std) is checked through one class
 * output that adds the normalized channel means.
 */
import { describe, expect, it } from 'vitest';
import { nanodetHead } from '../../../main/models/rewrite.nanodet';
import { makeModel, node, saveModel, tensor, valueInfo } from '../../../main/onnx/proto';
import { createSession } from '../../../main/runtime';
import { seeded } from './tfjs-graph';

const SIZE = 64;
const NC = 3;
const BINS = 4;
const LEVELS = [8, 16, 32].map((stride) => ({ stride, side: SIZE / stride, n: (SIZE / stride) ** 2 }));

describe('nanodetHead rewrite', () => {
  it('turns class + GFL box outputs into one YOLOv8-style [1, 4+nc, N] output, with the normalization in the graph', async () => {
    const inits = [];
    const nodes = [
      node('ReduceMean', ['x'], ['chanMean'], { axes: [2, 3], keepdims: 0 }),
      node('Reshape', ['chanMean', 'shape13'], ['chan']),
    ];
    const outputs = [];
    const cls: Float32Array[] = [];
    const reg: Float32Array[] = [];
    inits.push(tensor('shape13', [3], BigInt64Array.from([1n, 1n, 3n]), 'int64'));
    for (const [i, l] of LEVELS.entries()) {
      cls.push(Float32Array.from(seeded(l.n * NC, 10 + i, 0, 0.5)));
      reg.push(Float32Array.from(seeded(l.n * 4 * BINS, 20 + i, -2, 2)));
      inits.push(tensor(`c${i}`, [1, l.n, NC], cls[i]!), tensor(`r${i}`, [1, l.n, 4 * BINS], reg[i]!));
      // The coarsest level's scores also carry the normalized channel means, so the preprocessing is observable.
      nodes.push(node(i === 2 ? 'Add' : 'Identity', i === 2 ? [`c${i}`, 'chan'] : [`c${i}`], [`cls${i}`]));
      nodes.push(node('Identity', [`r${i}`], [`reg${i}`]));
      outputs.push(valueInfo(`cls${i}`, 'float32', [1, l.n, NC]), valueInfo(`reg${i}`, 'float32', [1, l.n, 4 * BINS]));
    }
    const model = makeModel({ inputs: [valueInfo('x', 'float32', [1, 3, SIZE, SIZE])], outputs, initializers: inits, nodes });
    const rewritten = nanodetHead(model, NC);
    const session = await createSession(saveModel(rewritten), { label: 'nanodet-synthetic' });
    try {
      expect(session.inputs.map((i) => [i.name, i.shape])).toEqual([['images', [1, 3, SIZE, SIZE]]]);
      // A flat RGB image: R = 200, G = 100, B = 50.
      const img = new Float32Array(3 * SIZE * SIZE);
      img.fill(200, 0, SIZE * SIZE);
      img.fill(100, SIZE * SIZE, 2 * SIZE * SIZE);
      img.fill(50, 2 * SIZE * SIZE);
      const out = await session.run({ images: { data: img, dims: [1, 3, SIZE, SIZE], type: 'float32' } });
      const y = out.output0!;
      const N = LEVELS.reduce((s, l) => s + l.n, 0);
      expect(y.dims).toEqual([1, 4 + NC, N]);
      const data = y.data as Float32Array;
      const chan = [(50 - 103.53) / 57.375, (100 - 116.28) / 57.12, (200 - 123.675) / 58.395]; // BGR order
      let j = 0;
      for (const [li, l] of LEVELS.entries()) {
        for (let k = 0; k < l.n; k++, j++) {
          const px = ((k % l.side) + 0.5) * l.stride;
          const py = (Math.floor(k / l.side) + 0.5) * l.stride;
          const d = [0, 1, 2, 3].map((side) => {
            const logits = Array.from(reg[li]!.subarray((k * 4 + side) * BINS, (k * 4 + side + 1) * BINS));
            const m = Math.max(...logits);
            const e = logits.map((v) => Math.exp(v - m));
            const z = e.reduce((a, b) => a + b, 0);
            return (e.reduce((a, v, bin) => a + v * bin, 0) / z) * l.stride;
          });
          const [x1, y1, x2, y2] = [px - d[0]!, py - d[1]!, px + d[2]!, py + d[3]!];
          const want = [(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1];
          for (let c = 0; c < NC; c++) want.push(cls[li]![k * NC + c]! + (li === 2 ? chan[c]! : 0));
          want.forEach((v, r) => expect(data[r * N + j]!, `level ${li} point ${k} row ${r}`).toBeCloseTo(v, 4));
        }
      }
    } finally {
      await session.release();
    }
  });

  it('refuses a graph without NCHW image input or without paired outputs', () => {
    const bad = makeModel({
      inputs: [valueInfo('x', 'float32', [1, 64, 64, 3])],
      outputs: [valueInfo('y', 'float32', [1, 4, 3])],
      initializers: [tensor('c', [1, 4, 3], new Float32Array(12))],
      nodes: [node('Identity', ['c'], ['y'])],
    });
    expect(() => nanodetHead(bad)).toThrow(/NCHW image input/);
  });
});
