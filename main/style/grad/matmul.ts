/**
 * MatMul (rank ≥ 2, with batch broadcasting): dA = dY·Bᵀ, dB = Aᵀ·dY, each
 * summed back over broadcast batch axes. The Gram matrices of the style loss
 * go through this rule.
 */
import { VwError } from '../../errors';
import type { Builder } from '../builder';
import type { BackwardRule } from './types';

function swapLast(b: Builder, t: string, rank: number): string {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  return b.one('Transpose', [t], { perm: { ints: perm } });
}

export const matmulBackward: BackwardRule = (node, [dY], { b, needs, producer }) => {
  if (!dY) return [];
  const [a, c] = node.inputs as [string, string];
  const sa = b.shape(a);
  const sc = b.shape(c);
  // Gram matrix Y = Fᵀ·F: both operands are F, so dF = F·(dY + dYᵀ) in one
  // product instead of two (and no transposed copy of the large F).
  const t = producer(a);
  if (sa.length === 2 && sc.length === 2 && t?.op === 'Transpose' && t.inputs[0] === c && needs(1)) {
    const perm = t.attrs.find((x) => x.name === 'perm')?.ints?.map(Number);
    if (!perm || (perm[0] === 1 && perm[1] === 0)) {
      const sym = b.one('Add', [dY, b.one('Transpose', [dY], { perm: { ints: [1, 0] } })]);
      return [undefined, b.one('MatMul', [c, sym])];
    }
  }
  if (sa.length < 2 || sc.length < 2)
    throw new VwError('E_UNSUPPORTED_OP', `MatMul ${node.name}: 1-D operands are not supported by the gradient generator.`);
  const y = b.shape(node.outputs[0]!);
  const r = y.length;
  const gradA = needs(0) ? b.one('MatMul', [dY, swapLast(b, c, sc.length)]) : undefined;
  const gradC = needs(1) ? b.one('MatMul', [swapLast(b, a, sa.length), dY]) : undefined;
  // The products above have the broadcast batch shape of Y; sum them down.
  return [
    gradA ? b.unbroadcast(gradA, [...y.slice(0, r - 2), ...sa.slice(-2)], sa) : undefined,
    gradC ? b.unbroadcast(gradC, [...y.slice(0, r - 2), ...sc.slice(-2)], sc) : undefined,
  ];
};

/** Gemm Y = α·op(A)·op(B) + β·C, 2-D only. */
export const gemmBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY) return [];
  const get = (n: string, d: number) => {
    const a = node.attrs.find((x) => x.name === n);
    return a ? Number(a.f ?? a.i ?? d) : d;
  };
  const alpha = get('alpha', 1);
  const beta = get('beta', 1);
  const transA = node.attrs.find((x) => x.name === 'transA')?.i ? 1 : 0;
  const transB = node.attrs.find((x) => x.name === 'transB')?.i ? 1 : 0;
  const [a, c, bias] = node.inputs as [string, string, string | undefined];
  const scaled = alpha === 1 ? dY : b.one('Mul', [dY, b.constF([alpha], [])]);
  const out: (string | undefined)[] = [undefined, undefined, undefined];
  if (needs(0)) {
    // dA = dY·op(B)ᵀ, transposed back when A was used transposed.
    const g = b.one('Gemm', [scaled, c], { transB: { i: transB ? 0 : 1 } });
    out[0] = transA ? b.one('Transpose', [g], { perm: { ints: [1, 0] } }) : g;
  }
  if (needs(1)) {
    const g = b.one('Gemm', [a, scaled], { transA: { i: transA ? 0 : 1 } });
    out[1] = transB ? b.one('Transpose', [g], { perm: { ints: [1, 0] } }) : g;
  }
  if (bias && needs(2)) {
    const g = beta === 1 ? dY : b.one('Mul', [dY, b.constF([beta], [])]);
    out[2] = b.unbroadcast(g, b.shape(node.outputs[0]!), b.shape(bias));
  }
  return out;
};
