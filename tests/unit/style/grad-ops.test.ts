/**
 * Every backward rule alone against central finite differences through
 * onnxruntime, on small graphs (float32, so tolerances are ~1e-2 relative).
 */
import { describe, expect, it } from 'vitest';
import { checkGradient, randomConst } from './fd';
import { appendGradient } from '../../../main/style/grad/index';
import { Builder } from '../../../main/style/builder';
import { VwError } from '../../../main/errors';

const TOL = 1e-2;

async function expectOk(p: ReturnType<typeof checkGradient>) {
  const r = await p;
  expect(r.gradNorm).toBeGreaterThan(1e-3); // the check must not pass on an all-zero gradient
  expect(r.relErr).toBeLessThan(TOL);
  return r;
}

describe('style gradient rules vs finite differences', () => {
  it('Conv: stride 2, asymmetric pads, bias', async () => {
    await expectOk(
      checkGradient(
        (b, x) =>
          b.one('Conv', [x, randomConst(b, [4, 3, 3, 3], 2), randomConst(b, [4], 3)], {
            strides: { ints: [2, 2] },
            pads: { ints: [0, 1, 1, 0] },
          }),
        [1, 3, 7, 8],
      ),
    );
  });
  it('Conv: depthwise (group = channels), SAME_UPPER, stride 2', async () => {
    await expectOk(
      checkGradient(
        (b, x) =>
          b.one('Conv', [x, randomConst(b, [4, 1, 3, 3], 4)], {
            group: { i: 4 },
            strides: { ints: [2, 2] },
            auto_pad: { s: 'SAME_UPPER' },
          }),
        [1, 4, 6, 7],
      ),
    );
  });
  it('Conv: grouped with dilation', async () => {
    await expectOk(
      checkGradient(
        (b, x) =>
          b.one('Conv', [x, randomConst(b, [4, 2, 3, 3], 5)], {
            group: { i: 2 },
            dilations: { ints: [2, 2] },
            pads: { ints: [2, 2, 2, 2] },
          }),
        [1, 4, 6, 6],
      ),
    );
  });
  it('Conv: pads wider than the kernel (the ConvTranspose fallback)', async () => {
    await expectOk(
      checkGradient(
        (b, x) => b.one('Conv', [x, randomConst(b, [3, 2, 3, 3], 14)], { strides: { ints: [2, 1] }, pads: { ints: [3, 3, 3, 3] } }),
        [1, 2, 5, 5],
      ),
    );
  });
  it('Conv: 1×1 pointwise', async () => {
    await expectOk(checkGradient((b, x) => b.one('Conv', [x, randomConst(b, [5, 3, 1, 1], 6)]), [1, 3, 4, 4]));
  });
  it('Relu', async () => {
    await expectOk(checkGradient((b, x) => b.one('Relu', [x]), [1, 2, 5, 5]));
  });
  it('Clip with min/max inputs (ReLU6 style)', async () => {
    await expectOk(checkGradient((b, x) => b.one('Clip', [x, b.constF([-0.3], []), b.constF([0.2], [])]), [1, 2, 5, 5]));
  });
  it('HardSigmoid', async () => {
    await expectOk(
      checkGradient((b, x) => b.one('HardSigmoid', [x], { alpha: { f: 1 / 6 }, beta: { f: 0.5 } }), [1, 2, 6, 6], { step: 0.1 }),
    );
  });
  it('HardSwish (all three pieces)', async () => {
    await expectOk(checkGradient((b, x) => b.one('HardSwish', [x]), [1, 2, 6, 6], { step: 0.1 }));
  });
  it('hard-swish decomposed as x·relu6(x+3)/6 (the TF form)', async () => {
    await expectOk(
      checkGradient(
        (b, x) => {
          const r6 = b.one('Clip', [b.one('Add', [x, b.constF([3], [])]), b.constF([0], []), b.constF([6], [])]);
          return b.one('Mul', [x, b.one('Div', [r6, b.constF([6], [])])]);
        },
        [1, 2, 6, 6],
        { step: 0.1 },
      ),
    );
  });
  it('Add / Sub / Mul / Div with broadcasting, both operands depending on x', async () => {
    for (const op of ['Add', 'Sub', 'Mul', 'Div']) {
      await expectOk(
        checkGradient(
          (b, x) => {
            const m = b.one('ReduceMean', [x], { axes: { ints: [2, 3] }, keepdims: { i: 1 } }); // [1,3,1,1]
            const shifted = op === 'Div' ? b.one('Add', [m, b.constF([2], [])]) : m;
            const y = b.one(op, [x, shifted]);
            return b.one(op, [y, randomConst(b, [4, 1], 7)]); // broadcast a constant [4,1] against [1,3,4,5]
          },
          [1, 3, 4, 5],
          { offset: op === 'Div' ? 0 : 0 },
        ),
      );
    }
  });
  it('Div by an x-dependent denominator', async () => {
    await expectOk(
      checkGradient((b, x) => b.one('Div', [b.constF([1], []), b.one('Add', [b.one('Mul', [x, x]), b.constF([1], [])])]), [1, 2, 3, 3], {
        step: 0.1,
      }),
    );
  });
  it('ReduceSum (axes input) and ReduceMean (axes attribute)', async () => {
    await expectOk(
      checkGradient((b, x) => b.one('ReduceSum', [b.one('Mul', [x, x]), b.constI([1, 3])], { keepdims: { i: 0 } }), [2, 3, 4, 5]),
    );
    await expectOk(
      checkGradient((b, x) => b.one('ReduceMean', [b.one('Mul', [x, x])], { axes: { ints: [-1] }, keepdims: { i: 1 } }), [2, 3, 4]),
    );
  });
  it('GlobalAveragePool', async () => {
    await expectOk(
      checkGradient(
        (b, x) => b.one('Mul', [b.one('GlobalAveragePool', [x]), b.one('GlobalAveragePool', [b.one('Mul', [x, x])])]),
        [1, 3, 4, 4],
      ),
    );
  });
  it('MatMul: x·W, W·x, batched, and the Gram x·xᵀ', async () => {
    await expectOk(checkGradient((b, x) => b.one('MatMul', [x, randomConst(b, [5, 3], 8)]), [4, 5]));
    await expectOk(checkGradient((b, x) => b.one('MatMul', [randomConst(b, [3, 4], 9), x]), [4, 5]));
    await expectOk(checkGradient((b, x) => b.one('MatMul', [x, randomConst(b, [5, 2], 10)]), [2, 3, 4, 5]));
    await expectOk(checkGradient((b, x) => b.one('MatMul', [x, b.one('Transpose', [x], { perm: { ints: [1, 0] } })]), [4, 6]));
  });
  it('MatMul: the Gram pattern xᵀ·x (one fused product), also when xᵀ feeds another op', async () => {
    await expectOk(checkGradient((b, x) => b.one('MatMul', [b.one('Transpose', [x], { perm: { ints: [1, 0] } }), x]), [6, 4]));
    await expectOk(
      checkGradient(
        (b, x) => {
          const t = b.one('Transpose', [x], { perm: { ints: [1, 0] } });
          return b.one('Add', [b.one('MatMul', [t, x]), b.one('MatMul', [t, randomConst(b, [6, 4], 15)])]);
        },
        [6, 4],
      ),
    );
  });
  it('Gemm with transposes and bias', async () => {
    await expectOk(
      checkGradient(
        (b, x) => b.one('Gemm', [x, randomConst(b, [3, 5], 11), randomConst(b, [3], 12)], { transB: { i: 1 }, alpha: { f: 0.7 } }),
        [4, 5],
      ),
    );
  });
  it('Transpose and Reshape (NHWC ↔ NCHW, flatten)', async () => {
    await expectOk(checkGradient((b, x) => b.one('Transpose', [x], { perm: { ints: [0, 3, 1, 2] } }), [1, 4, 5, 3]));
    await expectOk(checkGradient((b, x) => b.one('Reshape', [b.one('Mul', [x, x]), b.constI([3, -1])]), [1, 3, 4, 5]));
  });
  it('Pad (constant) and Slice', async () => {
    await expectOk(
      checkGradient((b, x) => b.one('Pad', [x, b.constI([0, 0, 1, 0, 0, 0, 2, 3])], { mode: { s: 'constant' } }), [1, 2, 4, 4]),
    );
    await expectOk(checkGradient((b, x) => b.one('Slice', [x, b.constI([1, 0]), b.constI([4, -1]), b.constI([2, 3])]), [1, 2, 5, 5]));
  });
  it('Concat along channels', async () => {
    await expectOk(
      checkGradient(
        (b, x) => b.one('Concat', [x, b.one('Mul', [x, x]), randomConst(b, [1, 1, 3, 3], 13)], { axis: { i: 1 } }),
        [1, 2, 3, 3],
      ),
    );
  });
  it('MaxPool: overlapping 3×3 stride 2 with pads', async () => {
    await expectOk(
      checkGradient(
        (b, x) => b.one('MaxPool', [x], { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] } }),
        [1, 2, 7, 7],
      ),
    );
  });
  it('MaxPool: 2×2 stride 2 (VGG)', async () => {
    await expectOk(
      checkGradient((b, x) => b.one('MaxPool', [x], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }), [1, 3, 6, 6]),
    );
  });
  it('AveragePool: with pads excluded from the count, and ceil_mode', async () => {
    await expectOk(
      checkGradient(
        (b, x) => b.one('AveragePool', [x], { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] } }),
        [1, 2, 6, 7],
      ),
    );
    await expectOk(
      checkGradient(
        (b, x) => b.one('AveragePool', [x], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] }, ceil_mode: { i: 1 } }),
        [1, 2, 5, 5],
      ),
    );
    await expectOk(
      checkGradient(
        (b, x) =>
          b.one('AveragePool', [x], {
            kernel_shape: { ints: [3, 3] },
            strides: { ints: [1, 1] },
            pads: { ints: [1, 1, 1, 1] },
            count_include_pad: { i: 1 },
          }),
        [1, 2, 4, 4],
      ),
    );
  });
  it('BatchNormalization (inference), Sigmoid, LeakyRelu', async () => {
    await expectOk(
      checkGradient(
        (b, x) =>
          b.one('BatchNormalization', [
            x,
            b.constF([1.5, -0.5], [2]),
            b.constF([0.1, 0.2], [2]),
            b.constF([0.3, -0.1], [2]),
            b.constF([2, 0.5], [2]),
          ]),
        [1, 2, 3, 3],
      ),
    );
    await expectOk(checkGradient((b, x) => b.one('Sigmoid', [x]), [1, 2, 3, 3], { step: 0.2 }));
    await expectOk(checkGradient((b, x) => b.one('LeakyRelu', [x], { alpha: { f: 0.1 } }), [1, 2, 3, 3]));
  });
  it('an op without a backward rule is a typed error naming it', () => {
    const b = new Builder({ nodes: [], initializers: new Map() });
    const y = b.one('Erf', ['x']);
    const loss = b.one('ReduceSum', [y], { keepdims: { i: 0 } });
    b.shapes.set('x', [2]);
    b.shapes.set(y, [2]);
    b.shapes.set(loss, []);
    let err: unknown;
    try {
      appendGradient(b, [...b.nodes], 'x', loss);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VwError);
    expect((err as VwError).code).toBe('E_UNSUPPORTED_OP');
    expect((err as VwError).message).toContain('Erf');
  });
});
