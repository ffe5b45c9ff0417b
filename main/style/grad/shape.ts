/**
 * Data-movement ops: their gradients move the gradient back the same way
 * (inverse permutation, reshape to the input shape, slice away padding,
 * zero-pad a slice, split a concatenation).
 */
import { VwError } from '../../errors';
import { attrInt, attrInts, attrString } from '../graph';
import type { Builder } from '../builder';
import type { BackwardRule } from './types';

export const transposeBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const rank = b.shape(node.inputs[0]!).length;
  const perm = attrInts(node, 'perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const inv = new Array<number>(rank);
  perm.forEach((p, i) => (inv[p] = i));
  return [b.one('Transpose', [dY], { perm: { ints: inv } })];
};

/** Reshape, Flatten, Squeeze, Unsqueeze: only the shape changes. */
export const reshapeBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  return [b.one('Reshape', [dY, b.constI(b.shape(node.inputs[0]!))])];
};

function constInput(b: Builder, name: string | undefined, what: string, op: string): number[] | undefined {
  if (!name) return undefined;
  const v = b.constValue(name);
  if (!v) throw new VwError('E_UNSUPPORTED_OP', `${op}: ${what} must be a constant for the gradient generator.`);
  return v;
}

/** Constant-mode Pad: the gradient is the un-padded window of the upstream gradient. */
export const padBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const mode = attrString(node, 'mode', 'constant');
  if (mode !== 'constant') throw new VwError('E_UNSUPPORTED_OP', `Pad ${node.name}: mode "${mode}" has no backward rule (only constant).`);
  const x = b.shape(node.inputs[0]!);
  const pads = attrInts(node, 'pads') ?? constInput(b, node.inputs[1], 'pads', 'Pad')!;
  const axes = constInput(b, node.inputs[3], 'axes', 'Pad') ?? x.map((_, i) => i);
  const n = axes.length;
  if (pads.some((p) => p < 0)) throw new VwError('E_UNSUPPORTED_OP', `Pad ${node.name}: negative pads have no backward rule.`);
  const norm = axes.map((a) => (a < 0 ? a + x.length : a));
  const starts = pads.slice(0, n);
  const ends = norm.map((a, i) => pads[i]! + x[a]!);
  return [b.one('Slice', [dY, b.constI(starts), b.constI(ends), b.constI(norm)])];
};

/** Step-1 Slice: zero-pad the gradient back to the input's extent. */
export const sliceBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const x = b.shape(node.inputs[0]!);
  let starts: number[];
  let ends: number[];
  let axes: number[] | undefined;
  let steps: number[] | undefined;
  if (node.inputs.length > 1) {
    starts = constInput(b, node.inputs[1], 'starts', 'Slice')!;
    ends = constInput(b, node.inputs[2], 'ends', 'Slice')!;
    axes = constInput(b, node.inputs[3], 'axes', 'Slice');
    steps = constInput(b, node.inputs[4], 'steps', 'Slice');
  } else {
    starts = attrInts(node, 'starts') ?? [];
    ends = attrInts(node, 'ends') ?? [];
    axes = attrInts(node, 'axes');
  }
  if (steps?.some((s) => s !== 1)) throw new VwError('E_UNSUPPORTED_OP', `Slice ${node.name}: steps other than 1 have no backward rule.`);
  const ax = (axes ?? starts.map((_, i) => i)).map((a) => (a < 0 ? a + x.length : a));
  const before = new Array<number>(x.length).fill(0);
  const after = new Array<number>(x.length).fill(0);
  ax.forEach((a, i) => {
    const dim = x[a]!;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
    const s = clamp(starts[i]!);
    const e = Math.max(clamp(ends[i]!), s);
    before[a] = s;
    after[a] = dim - e;
  });
  return [b.one('Pad', [dY, b.constI([...before, ...after])], { mode: { s: 'constant' } })];
};

export const concatBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY) return [];
  const rank = b.shape(node.outputs[0]!).length;
  let axis = attrInt(node, 'axis', 0);
  if (axis < 0) axis += rank;
  let offset = 0;
  return node.inputs.map((inp, i) => {
    const len = b.shape(inp)[axis]!;
    const start = offset;
    offset += len;
    return needs(i) ? b.one('Slice', [dY, b.constI([start]), b.constI([start + len]), b.constI([axis])]) : undefined;
  });
};
