/**
 * Binary arithmetic with numpy broadcasting. The gradient of a broadcast
 * operand is summed over the axes it was stretched along and reshaped back.
 */
import type { BackwardRule } from './types';

export const addBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY) return [];
  const out = b.shape(node.outputs[0]!);
  return node.inputs.map((inp, i) => (needs(i) ? b.unbroadcast(dY, out, b.shape(inp)) : undefined));
};

export const subBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY) return [];
  const out = b.shape(node.outputs[0]!);
  const [a, c] = node.inputs as [string, string];
  return [
    needs(0) ? b.unbroadcast(dY, out, b.shape(a)) : undefined,
    needs(1) ? b.unbroadcast(b.one('Neg', [dY]), out, b.shape(c)) : undefined,
  ];
};

export const mulBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY) return [];
  const out = b.shape(node.outputs[0]!);
  const [a, c] = node.inputs as [string, string];
  return [
    needs(0) ? b.unbroadcast(b.one('Mul', [dY, c]), out, b.shape(a)) : undefined,
    needs(1) ? b.unbroadcast(b.one('Mul', [dY, a]), out, b.shape(c)) : undefined,
  ];
};

/** d(a/c)/dc = −a/c² = −y/c, which reuses the forward output. */
export const divBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY) return [];
  const out = b.shape(node.outputs[0]!);
  const [a, c] = node.inputs as [string, string];
  return [
    needs(0) ? b.unbroadcast(b.one('Div', [dY, c]), out, b.shape(a)) : undefined,
    needs(1) ? b.unbroadcast(b.one('Neg', [b.one('Mul', [dY, b.one('Div', [node.outputs[0]!, c])])]), out, b.shape(c)) : undefined,
  ];
};

export const negBackward: BackwardRule = (_node, [dY], { b, needs }) => (dY && needs(0) ? [b.one('Neg', [dY])] : []);

/** d√x/dx = 1/(2√x) = 0.5/y, which reuses the forward output (the triplet projection's unit-length step). */
export const sqrtBackward: BackwardRule = (node, [dY], { b, needs }) =>
  dY && needs(0) ? [b.one('Div', [b.one('Mul', [dY, b.constF([0.5], [])]), node.outputs[0]!])] : [];
