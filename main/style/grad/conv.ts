/**
 * Conv backward for the input: the adjoint of a (grouped, strided, padded,
 * dilated) convolution is the transposed convolution with the same weights.
 * The ONNX Conv weight layout [M, C/g, k…] is exactly the ConvTranspose layout
 * [C_in, C_out/g, k…] for the reverse direction, so the weights are reused
 * without a copy. `output_padding` restores the rows and columns that a
 * strided forward pass never read (they get zero gradient).
 *
 * For stride 1 with constant weights we emit a plain Conv instead, with the
 * weights transposed per group and flipped in space (the adjoint of a
 * correlation is the correlation with the flipped kernel): onnxruntime's CPU
 * Conv is several times faster than its ConvTranspose, most of all for
 * depthwise layers.
 */
import { VwError } from '../../errors';
import { numel, type Builder } from '../builder';
import { attrInt, attrInts, attrString, type GNode } from '../graph';
import type { BackwardRule } from './types';

/** Explicit begin/end pads of a windowed op, resolving auto_pad against the input size. */
export function explicitPads(
  node: GNode,
  inSpatial: number[],
  kernel: number[],
  strides: number[],
  dilations: number[],
): { begin: number[]; end: number[] } {
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
  const outputPadding = x
    .slice(2)
    .map((xi, i) => xi - ((y[i + 2]! - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - begin[i]! - end[i]!));
  const group = attrInt(node, 'group', 1);
  if (nsp === 2) {
    const flipped = flippedWeights(b, node.inputs[1]!, w, group);
    // Strided: spread dY onto the input grid (zeros between), then correlate.
    const pb = begin.map((p, i) => (kernel[i]! - 1) * dilations[i]! - p);
    const pe = x.slice(2).map((xi, i) => xi + begin[i]! - y[i + 2]! * strides[i]!);
    if (flipped && pb.every((p) => p >= 0) && pe.every((p) => p >= 0)) {
      const spread = strides.every((v) => v === 1) ? dY : zeroInsert(b, dY, y, strides);
      return [
        b.one('Conv', [spread, flipped], {
          group: { i: group },
          kernel_shape: { ints: kernel },
          dilations: { ints: dilations },
          pads: { ints: [...pb, ...pe] },
        }),
      ];
    }
  }
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

/** W [M, C/g, kh, kw] → W' [C, M/g, kh, kw], transposed within each group and flipped in space; undefined if W is not a constant. */
function flippedWeights(b: Builder, name: string, dims: number[], group: number): string | undefined {
  const values = b.constValue(name);
  if (!values || values.length !== numel(dims)) return undefined;
  const [m, cg, kh, kw] = dims as [number, number, number, number];
  const mg = m / group;
  const c = cg * group;
  const out = new Float32Array(values.length);
  for (let j = 0; j < group; j++)
    for (let mo = 0; mo < mg; mo++)
      for (let ci = 0; ci < cg; ci++)
        for (let y = 0; y < kh; y++)
          for (let x = 0; x < kw; x++) {
            const src = (((j * mg + mo) * cg + ci) * kh + y) * kw + x;
            const dst = (((j * cg + ci) * mg + mo) * kh + (kh - 1 - y)) * kw + (kw - 1 - x);
            out[dst] = values[src]!;
          }
  return b.constF(out, [c, mg, kh, kw]);
}

/**
 * [N, C, H, W] → [N, C, H·sh, W·sw] with each value at (i·sh, j·sw) and zeros
 * elsewhere. Built from Concat with zeros and Reshape: onnxruntime's 6-D Pad
 * was measured several times slower for the same result.
 */
function zeroInsert(b: Builder, t: string, dims: number[], strides: number[]): string {
  const [n, c, h, w] = dims as [number, number, number, number];
  const [sh, sw] = strides as [number, number];
  const interleave = (src: string, shape: number[], s: number): string => {
    const zeros = b.one('ConstantOfShape', [b.constI([...shape.slice(0, -1), s - 1])]);
    return b.one('Concat', [src, zeros], { axis: { i: shape.length - 1 } });
  };
  let u = b.one('Reshape', [t, b.constI([n, c, h, w, 1])]);
  if (sw > 1) u = interleave(u, [n, c, h, w, 1], sw);
  u = b.one('Reshape', [u, b.constI([n, c, h, 1, w * sw])]);
  if (sh > 1) {
    const zeros = b.one('ConstantOfShape', [b.constI([n, c, h, sh - 1, w * sw])]);
    u = b.one('Concat', [u, zeros], { axis: { i: 3 } });
  }
  return b.one('Reshape', [u, b.constI([n, c, h * sh, w * sw])]);
}
