/**
 * Pointwise activations. Each gradient is the upstream gradient gated or
 * scaled by the activation's derivative, evaluated on the forward tensors
 * (which stay alive in the same ONNX model, so nothing is recomputed).
 */
import { VwError } from '../../errors';
import { attrFloat } from '../graph';
import type { Builder } from '../builder';
import type { BackwardRule } from './types';

function zero(b: Builder): string {
  return b.constF([0], []);
}

export const reluBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const mask = b.one('Greater', [node.inputs[0]!, zero(b)]);
  return [b.one('Where', [mask, dY, zero(b)])];
};

export const leakyReluBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const alpha = attrFloat(node, 'alpha', 0.01);
  const mask = b.one('Greater', [node.inputs[0]!, zero(b)]);
  return [b.one('Where', [mask, dY, b.one('Mul', [dY, b.constF([alpha], [])])])];
};

/** Clip passes the gradient strictly inside (min, max); bounds come from inputs (opset ≥ 11) or attributes. */
export const clipBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  if (needs(1) || needs(2)) throw new VwError('E_UNSUPPORTED_OP', `Clip ${node.name}: image-dependent bounds are not supported.`);
  const x = node.inputs[0]!;
  const lo = node.inputs[1]
    ? node.inputs[1]
    : node.attrs.some((a) => a.name === 'min')
      ? b.constF([attrFloat(node, 'min', 0)], [])
      : undefined;
  const hi = node.inputs[2]
    ? node.inputs[2]
    : node.attrs.some((a) => a.name === 'max')
      ? b.constF([attrFloat(node, 'max', 0)], [])
      : undefined;
  let mask: string | undefined;
  if (lo) mask = b.one('Greater', [x, lo]);
  if (hi) {
    const m = b.one('Less', [x, hi]);
    mask = mask ? b.one('And', [mask, m]) : m;
  }
  return [mask ? b.one('Where', [mask, dY, zero(b)]) : dY];
};

/** HardSigmoid y = max(0, min(1, αx + β)): slope α inside the linear part. */
export const hardSigmoidBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const alpha = attrFloat(node, 'alpha', 0.2);
  const beta = attrFloat(node, 'beta', 0.5);
  const t = b.one('Add', [b.one('Mul', [node.inputs[0]!, b.constF([alpha], [])]), b.constF([beta], [])]);
  const mask = b.one('And', [b.one('Greater', [t, zero(b)]), b.one('Less', [t, b.constF([1], [])])]);
  return [b.one('Where', [mask, b.one('Mul', [dY, b.constF([alpha], [])]), zero(b)])];
};

/**
 * HardSwish y = x·hardsigmoid(x) with α = 1/6, β = ½: derivative 0 below −3,
 * 1 above 3 and x/3 + ½ in between (the product rule on the linear piece).
 */
export const hardSwishBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const x = node.inputs[0]!;
  const mid = b.one('Add', [b.one('Mul', [x, b.constF([1 / 3], [])]), b.constF([0.5], [])]);
  const upper = b.one('Where', [b.one('Less', [x, b.constF([3], [])]), mid, b.constF([1], [])]);
  const slope = b.one('Where', [b.one('Greater', [x, b.constF([-3], [])]), upper, zero(b)]);
  return [b.one('Mul', [dY, slope])];
};

export const sigmoidBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const y = node.outputs[0]!;
  const oneMinus = b.one('Sub', [b.constF([1], []), y]);
  return [b.one('Mul', [dY, b.one('Mul', [y, oneMinus])])];
};

export const tanhBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const y = node.outputs[0]!;
  return [b.one('Mul', [dY, b.one('Sub', [b.constF([1], []), b.one('Mul', [y, y])])])];
};

export const identityBackward: BackwardRule = (_node, [dY], { needs }) => (dY && needs(0) ? [dY] : []);

/** Inference-mode BatchNormalization is a per-channel affine map: scale / √(var + ε). */
export const batchNormBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const scale = b.constValue(node.inputs[1]!);
  const variance = b.constValue(node.inputs[4]!);
  if (!scale || !variance) throw new VwError('E_UNSUPPORTED_OP', `BatchNormalization ${node.name}: scale and variance must be constants.`);
  const eps = attrFloat(node, 'epsilon', 1e-5);
  const rank = b.shape(node.inputs[0]!).length;
  const factor = scale.map((s, i) => s / Math.sqrt(variance[i]! + eps));
  return [b.one('Mul', [dY, b.constF(factor, [factor.length, ...new Array(rank - 2).fill(1)])])];
};
