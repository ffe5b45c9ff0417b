/**
 * Reductions: the gradient is the upstream gradient broadcast back over the
 * reduced axes (divided by the count for a mean).
 */
import { VwError } from '../../errors';
import { attrInt, attrInts } from '../graph';
import { numel } from '../builder';
import type { BackwardRule } from './types';

function reduceBackward(mean: boolean): BackwardRule {
  return (node, [dY], { b, needs }) => {
    if (!dY || !needs(0)) return [];
    const x = b.shape(node.inputs[0]!);
    let axes = attrInts(node, 'axes');
    if (!axes && node.inputs[1]) {
      axes = b.constValue(node.inputs[1]);
      if (!axes) throw new VwError('E_UNSUPPORTED_OP', `${node.op} ${node.name}: axes must be a constant.`);
    }
    if (!axes || axes.length === 0) {
      // Empty axes reduce everything unless noop_with_empty_axes says "do nothing".
      if (attrInt(node, 'noop_with_empty_axes', 0)) return [dY];
      axes = x.map((_, i) => i);
    }
    const norm = axes.map((a) => (a < 0 ? a + x.length : a));
    const kept = x.map((d, i) => (norm.includes(i) ? 1 : d));
    let g = b.one('Reshape', [dY, b.constI(kept)]);
    if (mean) g = b.one('Mul', [g, b.constF([1 / (numel(x) / numel(kept))], [])]);
    return [b.one('Expand', [g, b.constI(x)])];
  };
}

export const reduceSumBackward = reduceBackward(false);
export const reduceMeanBackward = reduceBackward(true);

export const globalAveragePoolBackward: BackwardRule = (node, [dY], { b, needs }) => {
  if (!dY || !needs(0)) return [];
  const x = b.shape(node.inputs[0]!);
  const g = b.one('Mul', [dY, b.constF([1 / numel(x.slice(2))], [])]);
  return [b.one('Expand', [g, b.constI(x)])];
};
