/**
 * Reverse-mode differentiation of an ONNX graph, emitted as more ONNX nodes.
 *
 * onnxruntime has no autodiff, so the style engine writes the backward pass
 * itself: walk the forward nodes in reverse topological order, and for each
 * node on a path from the image to the loss apply that op's backward rule to
 * the gradients of its outputs. Gradients reaching one tensor from several
 * consumers are summed. The forward tensors stay in the same model, so the
 * backward pass reads the activations it needs without recomputing them.
 */
import { VwError } from '../../errors';
import type { Builder } from '../builder';
import type { GNode } from '../graph';
import {
  batchNormBackward,
  clipBackward,
  hardSigmoidBackward,
  hardSwishBackward,
  identityBackward,
  leakyReluBackward,
  reluBackward,
  sigmoidBackward,
  tanhBackward,
} from './activation';
import { convBackward } from './conv';
import { addBackward, divBackward, mulBackward, negBackward, sqrtBackward, subBackward } from './elementwise';
import { gemmBackward, matmulBackward } from './matmul';
import { averagePoolBackward, maxPoolBackward } from './pool';
import { globalAveragePoolBackward, reduceMeanBackward, reduceSumBackward } from './reduce';
import { concatBackward, padBackward, reshapeBackward, sliceBackward, transposeBackward } from './shape';
import type { BackwardRule } from './types';

export const RULES: Record<string, BackwardRule> = {
  Conv: convBackward,
  Relu: reluBackward,
  LeakyRelu: leakyReluBackward,
  Clip: clipBackward,
  HardSigmoid: hardSigmoidBackward,
  HardSwish: hardSwishBackward,
  Sigmoid: sigmoidBackward,
  Tanh: tanhBackward,
  Identity: identityBackward,
  Dropout: identityBackward,
  BatchNormalization: batchNormBackward,
  Add: addBackward,
  Sum: addBackward,
  Sub: subBackward,
  Mul: mulBackward,
  Div: divBackward,
  Neg: negBackward,
  Sqrt: sqrtBackward,
  ReduceSum: reduceSumBackward,
  ReduceMean: reduceMeanBackward,
  GlobalAveragePool: globalAveragePoolBackward,
  MatMul: matmulBackward,
  Gemm: gemmBackward,
  Transpose: transposeBackward,
  Reshape: reshapeBackward,
  Flatten: reshapeBackward,
  Squeeze: reshapeBackward,
  Unsqueeze: reshapeBackward,
  Pad: padBackward,
  Slice: sliceBackward,
  Concat: concatBackward,
  MaxPool: maxPoolBackward,
  AveragePool: averagePoolBackward,
};

/** Ops whose outputs never carry a gradient (shapes, comparisons, indices). */
const NON_DIFFERENTIABLE = new Set([
  'Shape',
  'Size',
  'Constant',
  'ConstantOfShape',
  'Equal',
  'Greater',
  'Less',
  'GreaterOrEqual',
  'LessOrEqual',
  'ArgMax',
  'ArgMin',
  'NonZero',
  'Not',
  'And',
  'Or',
]);

/** Ops the generator can differentiate (for error messages and docs). */
export function supportedOps(): string[] {
  return Object.keys(RULES).sort();
}

/**
 * Append the backward pass of `forward` to `b` and return the name of
 * ∂loss/∂wrt. `loss` must be a scalar produced by `forward`; every forward
 * tensor's shape must already be in `b.shapes`.
 */
export function appendGradient(b: Builder, forward: GNode[], wrt: string, loss: string): string {
  // Forward: which tensors depend on the input.
  const active = new Set<string>([wrt]);
  for (const n of forward) {
    if (NON_DIFFERENTIABLE.has(n.op)) continue;
    if (n.inputs.some((i) => active.has(i))) n.outputs.forEach((o) => active.add(o));
  }
  if (!active.has(loss)) throw new VwError('E_BAD_ARGUMENT', `The loss "${loss}" does not depend on "${wrt}".`);
  // Backward: which tensors the loss depends on.
  const useful = new Set<string>([loss]);
  for (let i = forward.length - 1; i >= 0; i--) {
    const n = forward[i]!;
    if (n.outputs.some((o) => useful.has(o))) n.inputs.forEach((x) => x && useful.add(x));
  }
  const onPath = (t: string) => active.has(t) && useful.has(t);

  const producers = new Map<string, GNode>();
  for (const n of forward) n.outputs.forEach((o) => producers.set(o, n));
  const pending = new Map<string, string[]>();
  const push = (t: string, g: string) => {
    const list = pending.get(t);
    if (list) list.push(g);
    else pending.set(t, [g]);
  };
  const take = (t: string): string | undefined => {
    const list = pending.get(t);
    if (!list || list.length === 0) return undefined;
    pending.delete(t);
    return list.length === 1 ? list[0] : b.one('Sum', list);
  };

  push(loss, b.constF([1], b.shape(loss)));
  for (let i = forward.length - 1; i >= 0; i--) {
    const n = forward[i]!;
    if (!n.outputs.some(onPath)) continue;
    const dOut = n.outputs.map((o) => (onPath(o) ? take(o) : undefined));
    if (dOut.every((d) => d === undefined)) continue;
    const rule = RULES[n.op];
    if (!rule || (n.domain && n.domain !== 'ai.onnx')) {
      throw new VwError(
        'E_UNSUPPORTED_OP',
        `The style engine cannot differentiate ${n.domain ? `${n.domain}.` : ''}${n.op} (node "${n.name}").`,
        {
          hint: `Supported ops: ${supportedOps().join(', ')}. Pick layers before this node or use another backbone.`,
          details: { op: n.op, node: n.name },
        },
      );
    }
    const needs = (k: number) => !!n.inputs[k] && onPath(n.inputs[k]);
    const grads = rule(n, dOut, { b, needs, producer: (t) => producers.get(t) });
    grads.forEach((g, k) => {
      if (g && needs(k)) push(n.inputs[k]!, g);
    });
  }
  const g = take(wrt);
  if (!g) throw new VwError('E_INTERNAL', `No gradient reached "${wrt}".`);
  return g;
}
