import { describe, expect, it } from 'vitest';
import { formatInspectTable, inspectModel } from '../../../main/models/inspect';
import { makeModel, node, saveModel, tensor, valueInfo } from '../../../main/onnx/proto';
import { seeded } from './tfjs-graph';

/** LeNet-5 as in the course: 32×32×3 → CONV5 (8) → POOL2 → CONV5 (16) → POOL2 → FC120 → FC84 → softmax 10. */
function lenet5(): Uint8Array {
  const w = (name: string, dims: number[]) =>
    tensor(
      name,
      dims,
      Float32Array.from(
        seeded(
          dims.reduce((a, b) => a * b, 1),
          name.length,
          -0.1,
          0.1,
        ),
      ),
    );
  return saveModel(
    makeModel({
      inputs: [valueInfo('image', 'float32', ['batch', 3, 32, 32])],
      outputs: [valueInfo('probs', 'float32', ['batch', 10])],
      initializers: [
        w('w1', [8, 3, 5, 5]),
        w('b1', [8]),
        w('w2', [16, 8, 5, 5]),
        w('b2', [16]),
        w('w3', [400, 120]),
        w('b3', [120]),
        w('w4', [120, 84]),
        w('b4', [84]),
        w('w5', [84, 10]),
        w('b5', [10]),
      ],
      nodes: [
        node('Conv', ['image', 'w1', 'b1'], ['conv1'], { kernel_shape: [5, 5], strides: [1, 1], pads: [0, 0, 0, 0] }),
        node('Relu', ['conv1'], ['relu1']),
        node('MaxPool', ['relu1'], ['pool1'], { kernel_shape: [2, 2], strides: [2, 2] }),
        node('Conv', ['pool1', 'w2', 'b2'], ['conv2'], { kernel_shape: [5, 5], strides: [1, 1] }),
        node('Relu', ['conv2'], ['relu2']),
        node('MaxPool', ['relu2'], ['pool2'], { kernel_shape: [2, 2], strides: [2, 2] }),
        node('Flatten', ['pool2'], ['flat'], { axis: 1 }),
        node('Gemm', ['flat', 'w3', 'b3'], ['fc3']),
        node('Relu', ['fc3'], ['relu3']),
        node('Gemm', ['relu3', 'w4', 'b4'], ['fc4']),
        node('Relu', ['fc4'], ['relu4']),
        node('Gemm', ['relu4', 'w5', 'b5'], ['fc5']),
        node('Softmax', ['fc5'], ['probs'], { axis: 1 }),
      ],
    }),
  );
}

describe('inspector', () => {
  it("gives the course's LeNet-5 activation shapes and parameter counts", async () => {
    const r = await inspectModel(lenet5(), { label: 'lenet5' });
    const main = r.layers.filter((l) => !l.kind.startsWith('ACT'));
    expect(main.map((l) => l.kind)).toEqual([
      'CONV 5x5 s1 p0',
      'POOL max 2x2 s2',
      'CONV 5x5 s1 p0',
      'POOL max 2x2 s2',
      'FC',
      'FC',
      'FC',
      'SOFTMAX',
    ]);
    expect(main.map((l) => l.shape)).toEqual([[28, 28, 8], [14, 14, 8], [10, 10, 16], [5, 5, 16], [120], [84], [10], [10]]);
    expect(main.map((l) => l.activationSize)).toEqual([6272, 1568, 1600, 400, 120, 84, 10, 10]);
    expect(main.filter((l) => l.params > 0).map((l) => l.params)).toEqual([608, 3216, 48120, 10164, 850]);
    expect(r.layers.find((l) => l.name === 'conv1')!.macs).toBe(28 * 28 * 8 * 5 * 5 * 3);
    expect(r.layers.find((l) => l.name === 'fc3')!.macs).toBe(400 * 120);
    expect(r.totals.params).toBe(608 + 3216 + 48120 + 10164 + 850);
    expect(r.totals.activationSize).toBe(r.layers.reduce((a, l) => a + l.activationSize, 0));
    expect(r.inputShape).toEqual([1, 3, 32, 32]);
    expect(formatInspectTable(r)).toMatch(/conv1\s+CONV 5x5 s1 p0\s+\(28,28,8\)\s+6272\s+608/);
  });

  it('honours --input-shape and explains a rank mismatch', async () => {
    await expect(inspectModel(lenet5(), { inputShape: [1, 3, 32] })).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    const r = await inspectModel(lenet5(), { inputShape: [2, 3, 32, 32] });
    expect(r.layers[0]!.shape).toEqual([28, 28, 8]);
  });

  it('rejects bytes that are not ONNX', async () => {
    await expect(inspectModel(new Uint8Array([1, 2, 3, 4, 5]))).rejects.toMatchObject({ code: 'E_MODEL_INVALID' });
  });
});
