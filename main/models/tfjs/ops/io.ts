/**
 * Where tensors come from: TF constants (decoded weights, kept as values and
 * materialized as initializers on first use), placeholders (graph inputs, dim
 * 0 made symbolic with dynamicBatch) and Identity (an alias, no node).
 */
import type { Converter } from '../converter';
import { TF_DTYPE } from '../fold';
import type { TfNode } from '../graph';

export function constant(c: Converter, n: TfNode): void {
  const w = c.weight(n.name);
  if (!w) c.fail('constant has no entry in the weights manifest');
  c.set(n.name, { dtype: w.dtype, shape: w.shape, value: w.data });
}

export function placeholder(c: Converter, n: TfNode): void {
  const a = n.attr ?? {};
  const dtype = TF_DTYPE[a.dtype?.type ?? 'DT_FLOAT'];
  if (!dtype) c.fail(`input dtype ${a.dtype?.type} is not supported`);
  const dims = a.shape?.shape?.unknownRank ? undefined : (a.shape?.shape?.dim ?? []).map((d) => Number(d.size ?? -1));
  const shape = dims?.map((d, i) => (i === 0 && c.opts.dynamicBatch ? -1 : d));
  c.addInput(n.name, dtype, shape);
  c.set(n.name, { onnx: n.name, dtype, shape });
}

export function identity(c: Converter, n: TfNode): void {
  c.set(n.name, c.ins(n)[0]!);
}
