/**
 * Conv backward for the input: the adjoint of a (grouped, strided, padded,
 * dilated) convolution is the transposed convolution with the same weights.
 * The ONNX Conv weight layout [M, C/g, k…] is exactly the ConvTranspose layout
 * [C_in, C_out/g, k…] for the reverse direction, so the weights are reused
 * without a copy. `output_padding` restores the rows and columns that a
 * strided forward pass never read (they get zero gradient).
 */
import { VwError } from '../../errors';
import { attrInt, attrInts, attrString, type GNode } from '../graph';
import type { BackwardRule } from './types';

/** Explicit begin/end pads of a windowed op, resolving auto_pad against the input size. */
export function explicitPads(node: GNode, inSpatial: number[], kernel: number[], strides: number[], dilations: number[]): { begin: number[]; end: number[] } {
  const n = inSpatial.length;
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const begin: number[] = [];
    const end: number[] = [];
    for (let i = 0; i < n; i++) {
      const out = Math.ceil(inSpatial[i]! / strides[i]!);
      const total = Math.max((out - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - inSpatial[i]!, 0);
      const small = Math.floor(total / 2);
      begin.push(autoPad === 'SAME_UPPER' ? small : total - small);
      end.push(autoPad === 'SAME_UPPER' ? total - small : small);
    }
    return { begin, end };
  }
  if (autoPad === 'VALID') return { begin: new Array(n).fill(0), end: new Array(n).fill(0) };
  const pads = attrInts(node, 'pads') ?? new Array(2 * n).fill(0);
  return { begin: pads.slice(0, n), end: pads.slice(n) };
}

export const convBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY) return [];
  if (needs(1) || (node.inputs[2] && needs(2))) {
    throw new VwError('E_UNSUPPORTED_OP', `Conv ${node.name}: gradients for weights or bias that depend on the image are not supported.`);
  }
  if (!needs(0)) return [];
  const x = b.shape(node.inputs[0]!);
  const w = b.shape(node.inputs[1]!);
  const y = b.shape(node.outputs[0]!);
  const nsp = x.length - 2;
  const kernel = attrInts(node, 'kernel_shape') ?? w.slice(2);
  const strides = attrInts(node, 'strides') ?? new Array(nsp).fill(1);
  const dilations = attrInts(node, 'dilations') ?? new Array(nsp).fill(1);
  const { begin, end } = explicitPads(node, x.slice(2), kernel, strides, dilations);
  const outputPadding = x.slice(2).map((xi, i) => xi - ((y[i + 2]! - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - begin[i]! - end[i]!));
  const dX = b.one('ConvTranspose', [dY, node.inputs[1]!], {
    group: { i: attrInt(node, 'group', 1) },
    kernel_shape: { ints: kernel },
    strides: { ints: strides },
    dilations: { ints: dilations },
    pads: { ints: [...begin, ...end] },
    output_padding: { ints: outputPadding },
  });
  return [dX];
};
