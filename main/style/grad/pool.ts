/**
 * Pooling. MaxPool routes each output's gradient to the input element that
 * won its window: a second MaxPool gives the winners' flat indices (ONNX
 * defines them over the whole N×C×… tensor, padding excluded), and a
 * ScatterElements with "add" accumulates, because overlapping windows (3×3,
 * stride 2) can pick the same element twice. AveragePool spreads each
 * gradient evenly over its window: a depthwise transposed convolution with a
 * kernel of ones, after dividing by each window's element count.
 */
import { VwError } from '../../errors';
import { attrInt, attrInts, floatTensor } from '../graph';
import { numel } from '../builder';
import { explicitPads } from './conv';
import type { BackwardRule } from './types';

function windowGeometry(node: Parameters<BackwardRule>[0], x: number[], y: number[]) {
  const nsp = x.length - 2;
  const kernel = attrInts(node, 'kernel_shape');
  if (!kernel) throw new VwError('E_MODEL_INVALID', `${node.op} ${node.name} has no kernel_shape.`);
  const strides = attrInts(node, 'strides') ?? new Array(nsp).fill(1);
  const dilations = attrInts(node, 'dilations') ?? new Array(nsp).fill(1);
  const { begin, end } = explicitPads(node, x.slice(2), kernel, strides, dilations);
  // ceil_mode windows may hang past the end pad; widen the end pad so a
  // floor-mode convolution sees the same number of windows.
  const endPad = end.map((e, i) => {
    const need = (y[i + 2]! - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - (x[i + 2]! + begin[i]! + e);
    return e + Math.max(need, 0);
  });
  const outputPadding = x
    .slice(2)
    .map((xi, i) => xi - ((y[i + 2]! - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - begin[i]! - endPad[i]!));
  return { kernel, strides, dilations, begin, endPad, outputPadding };
}

export const maxPoolBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const xName = node.inputs[0]!;
  const x = b.shape(xName);
  let indices = node.outputs[1];
  if (!indices) {
    // Same window attributes; storage_order 0 keeps the indices row-major.
    indices = b.raw(
      'MaxPool',
      [xName],
      node.attrs.filter((a) => a.name !== 'storage_order'),
      2,
    )[1]!;
  }
  const flatIdx = b.one('Reshape', [indices, b.constI([-1])]);
  const flatGrad = b.one('Reshape', [dY, b.constI([-1])]);
  const zeros = b.one('ConstantOfShape', [b.constI([numel(x)])]);
  const scattered = b.one('ScatterElements', [zeros, flatIdx, flatGrad], { axis: { i: 0 }, reduction: { s: 'add' } });
  return [b.one('Reshape', [scattered, b.constI(x)])];
};

export const averagePoolBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const x = b.shape(node.inputs[0]!);
  const y = b.shape(node.outputs[0]!);
  const g = windowGeometry(node, x, y);
  const channels = x[1]!;
  const convAttrs = { strides: { ints: g.strides }, dilations: { ints: g.dilations }, kernel_shape: { ints: g.kernel } };
  const size = numel(g.kernel);
  const includePad = attrInt(node, 'count_include_pad', 0) === 1;
  const hasPad = g.begin.some((p) => p > 0) || g.endPad.some((p) => p > 0);
  let scaled: string;
  if (includePad || !hasPad) {
    scaled = b.one('Mul', [dY, b.constF([1 / size], [])]);
  } else {
    // Each window divides by the number of real (non-pad) elements it covers;
    // counting them is a convolution of ones with a kernel of ones.
    const ones = b.one('ConstantOfShape', [b.constI([1, 1, ...x.slice(2)])], { value: { t: floatTensor('one', [1], [1]) } });
    const kernelOnes = b.constF(new Array(size).fill(1), [1, 1, ...g.kernel]);
    const counts = b.one('Conv', [ones, kernelOnes], { ...convAttrs, pads: { ints: [...g.begin, ...g.endPad] } });
    scaled = b.one('Div', [dY, counts]);
  }
  const spread = b.constF(new Array(channels * size).fill(1), [channels, 1, ...g.kernel]);
  return [
    b.one('ConvTranspose', [scaled, spread], {
      ...convAttrs,
      group: { i: channels },
      pads: { ints: [...g.begin, ...g.endPad] },
      output_padding: { ints: g.outputPadding },
    }),
  ];
};
