/**
 * Shape and indexing ops: Reshape, ConcatV2, StridedSlice, ExpandDims,
 * Squeeze, GatherV2, TopKV2, ResizeBilinear. Their shape-like inputs (target
 * shapes, axes, slice bounds, sizes) must be constants and become attributes
 * or int64 initializers; reshapes and concatenations of constants fold.
 */
import type { Converter } from '../converter';
import { I64_MAX, I64_MIN, inferReshape, ONNX_TYPE, typed } from '../fold';
import { ints, type TfNode } from '../graph';

export function reshape(c: Converter, n: TfNode): void {
  const [x, s] = c.ins(n);
  if (!s!.value) {
    const cast = c.unique(`${n.name}/shape64`);
    c.emit('Cast', [c.use(s!)], [cast], { to: 7 });
    c.emit('Reshape', [c.use(x!), cast], [n.name]);
    c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: s!.shape?.[0] !== undefined ? new Array(s!.shape[0]).fill(-1) : undefined });
    return;
  }
  const target = c.constValue(s!, 'shape');
  if (target.includes(0)) c.fail('a zero-sized Reshape target is not supported');
  const shape = inferReshape(x!.shape, target);
  if (x!.value) return c.set(n.name, { dtype: x!.dtype, shape, value: x!.value });
  const onnxTarget = [...target];
  // Dynamic batch: a leading 1 that is the batch dim of the input becomes 0 ("copy dim 0").
  if (c.opts.dynamicBatch && target[0] === 1 && x!.shape?.[0] === -1) {
    onnxTarget[0] = 0;
    shape[0] = -1;
  }
  c.emit('Reshape', [c.use(x!), c.i64(`${n.name}/shape`, onnxTarget)], [n.name]);
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
}

export function concat(c: Converter, n: TfNode): void {
  const all = c.ins(n);
  const ax = all.pop()!;
  const parts = all;
  let axis = c.constValue(ax, 'axis')[0]!;
  const rank = parts.find((p) => p.shape)?.shape?.length;
  if (axis < 0 && rank !== undefined) axis += rank;
  let shape: number[] | undefined;
  if (rank !== undefined && parts.every((p) => p.shape)) {
    shape = [...parts[0]!.shape!];
    shape[axis] = parts.some((p) => p.shape![axis]! < 0) ? -1 : parts.reduce((acc, p) => acc + p.shape![axis]!, 0);
  }
  if (parts.every((p) => p.value) && axis === 0 && (rank === 1 || rank === undefined)) {
    const vals = parts.flatMap((p) => Array.from(p.value as ArrayLike<number>));
    return c.set(n.name, { dtype: parts[0]!.dtype, shape, value: typed(parts[0]!.dtype, vals) });
  }
  c.emit(
    'Concat',
    parts.map((p, i) => c.use(p, `${n.name}/in${i}`)),
    [n.name],
    { axis },
  );
  c.set(n.name, { onnx: n.name, dtype: parts[0]!.dtype, shape });
}

export function stridedSlice(c: Converter, n: TfNode): void {
  const a = n.attr ?? {};
  const [x, b, e, st] = c.ins(n);
  const begin = c.constValue(b!, 'begin');
  const end = c.constValue(e!, 'end');
  const strides = c.constValue(st!, 'strides');
  const mask = (k: string) => Number(a[k]?.i ?? 0);
  const [bm, em, elm, nam, sam] = ['begin_mask', 'end_mask', 'ellipsis_mask', 'new_axis_mask', 'shrink_axis_mask'].map(mask) as number[];
  const rank = x!.shape?.length;
  if (rank === undefined) c.fail('the input rank must be known');
  // Expand the sparse spec into one entry per input dim.
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  const axes: number[] = [];
  const steps: number[] = [];
  const shrink: number[] = [];
  const newAxes: number[] = []; // positions in the output (before shrinking)
  const outShape: number[] = [];
  let dim = 0;
  const specLen = begin.length;
  for (let i = 0; i < specLen; i++) {
    if (elm! & (1 << i)) {
      const nonEllipsisAfter = Array.from({ length: specLen - i - 1 }, (_, j) => i + 1 + j).filter((j) => !(nam! & (1 << j))).length;
      const skip = rank - dim - nonEllipsisAfter;
      for (let k = 0; k < skip; k++) outShape.push(x!.shape![dim++]!);
      continue;
    }
    if (nam! & (1 << i)) {
      newAxes.push(outShape.length);
      outShape.push(1);
      continue;
    }
    const size = x!.shape![dim]!;
    const step = strides[i]!;
    if (step === 0) c.fail('stride 0');
    let s = begin[i]!;
    let en = end[i]!;
    const shrinkThis = !!(sam! & (1 << i));
    let sB: bigint;
    let eB: bigint;
    if (shrinkThis) {
      sB = BigInt(s);
      eB = s === -1 ? I64_MAX : BigInt(s + 1);
      shrink.push(outShape.length);
      outShape.push(1);
    } else {
      sB = bm! & (1 << i) ? (step > 0 ? 0n : I64_MAX) : BigInt(s);
      eB = em! & (1 << i) ? (step > 0 ? I64_MAX : I64_MIN) : BigInt(en);
      if (size >= 0) {
        const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
        const norm = (v: bigint, isEnd: boolean) => {
          if (v === I64_MAX) return step > 0 ? size : size - 1;
          if (v === I64_MIN) return -1;
          let k = Number(v);
          if (k < 0) k += size;
          return step > 0 ? clamp(k, 0, size) : clamp(k, -1, size - 1) + (isEnd ? 0 : 0);
        };
        s = norm(sB, false);
        en = norm(eB, true);
        outShape.push(Math.max(0, Math.ceil((en - s) / step)));
      } else outShape.push(-1);
    }
    starts.push(sB);
    ends.push(eB);
    axes.push(dim);
    steps.push(step);
    dim++;
  }
  while (dim < rank) outShape.push(x!.shape![dim++]!);
  let cur = c.use(x!);
  const needSlice = axes.some((_, k) => !(starts[k] === 0n && ends[k] === I64_MAX && steps[k] === 1));
  const lastStage = newAxes.length || shrink.length ? undefined : n.name;
  if (needSlice || !lastStage) {
    const out = lastStage ?? c.unique(`${n.name}/slice`);
    if (needSlice)
      c.emit(
        'Slice',
        [
          cur,
          c.i64(`${n.name}/starts`, starts),
          c.i64(`${n.name}/ends`, ends),
          c.i64(`${n.name}/axes`, axes),
          c.i64(`${n.name}/steps`, steps),
        ],
        [out],
      );
    else c.emit('Identity', [cur], [out]);
    cur = out;
  }
  if (newAxes.length) {
    // Slice output still has all input dims; new axes are inserted at their output positions.
    const out = shrink.length ? c.unique(`${n.name}/unsqueeze`) : n.name;
    c.emit('Unsqueeze', [cur, c.i64(`${n.name}/newaxes`, newAxes)], [out]);
    cur = out;
  }
  if (shrink.length) c.emit('Squeeze', [cur, c.i64(`${n.name}/shrink`, shrink)], [n.name]);
  const finalShape = outShape.filter((_, i) => !shrink.includes(i));
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: finalShape });
}

export function expandDims(c: Converter, n: TfNode): void {
  const [x, d] = c.ins(n);
  const axis = c.constValue(d!, 'dim')[0]!;
  const rank = x!.shape?.length;
  const pos = axis < 0 && rank !== undefined ? axis + rank + 1 : axis;
  const shape = x!.shape ? [...x!.shape.slice(0, pos), 1, ...x!.shape.slice(pos)] : undefined;
  if (x!.value) return c.set(n.name, { dtype: x!.dtype, shape, value: x!.value });
  c.emit('Unsqueeze', [c.use(x!), c.i64(`${n.name}/axes`, [axis])], [n.name]);
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
}

export function squeeze(c: Converter, n: TfNode): void {
  const [x] = c.ins(n);
  const rank = x!.shape?.length;
  let dims = ints(n.attr?.squeeze_dims);
  if (!dims.length) {
    if (!x!.shape || x!.shape.some((v) => v < 0)) c.fail('Squeeze without squeeze_dims needs a static shape');
    dims = x!.shape.flatMap((v, i) => (v === 1 ? [i] : []));
  }
  dims = dims.map((v) => (v < 0 && rank !== undefined ? v + rank : v));
  c.emit('Squeeze', [c.use(x!), c.i64(`${n.name}/axes`, dims)], [n.name]);
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape?.filter((_, i) => !dims.includes(i)) });
}

export function gather(c: Converter, n: TfNode): void {
  const [p, idx, ax] = c.ins(n);
  if (Number(n.attr?.batch_dims?.i ?? 0) !== 0) c.fail('batch_dims ≠ 0 is not supported');
  let axis = c.constValue(ax!, 'axis')[0]!;
  const rank = p!.shape?.length;
  if (axis < 0 && rank !== undefined) axis += rank;
  c.emit('Gather', [c.use(p!, `${n.name}/params`), c.use(idx!, `${n.name}/indices`)], [n.name], { axis });
  const shape = p!.shape && idx!.shape ? [...p!.shape.slice(0, axis), ...idx!.shape, ...p!.shape.slice(axis + 1)] : undefined;
  c.set(n.name, { onnx: n.name, dtype: p!.dtype, shape });
}

export function topk(c: Converter, n: TfNode): void {
  const [x, kT] = c.ins(n);
  const k = c.constValue(kT!, 'k')[0]!;
  if (n.attr?.sorted?.b === false) c.fail('unsorted TopK is not supported');
  const idx64 = c.unique(`${n.name}/indices64`);
  // ONNX breaks ties by the lower index, like TF.
  c.emit('TopK', [c.use(x!), c.i64(`${n.name}/k`, [k])], [n.name, idx64], { axis: -1, largest: 1, sorted: 1 });
  c.emit('Cast', [idx64], [`${n.name}:1`], { to: ONNX_TYPE.int32 });
  const shape = x!.shape ? [...x!.shape.slice(0, -1), k] : undefined;
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
  c.set(`${n.name}:1`, { onnx: `${n.name}:1`, dtype: 'int32', shape });
}

export function resize(c: Converter, n: TfNode): void {
  const a = n.attr ?? {};
  const [x, size] = c.ins(n);
  const [h, w] = c.constValue(size!, 'size');
  const mode = a.align_corners?.b ? 'align_corners' : a.half_pixel_centers?.b ? 'half_pixel' : 'asymmetric';
  const xs = x!.shape;
  let sizes: string;
  if (xs && xs.length === 4 && xs[0]! > 0 && xs[3]! > 0) {
    sizes = c.i64(`${n.name}/sizes`, [xs[0]!, h!, w!, xs[3]!]);
  } else {
    // Batch (and maybe channels) unknown: sizes = [N, h, w, C] from Shape(x).
    const shp = c.unique(`${n.name}/shape`);
    c.emit('Shape', [c.use(x!)], [shp]);
    const nDim = c.unique(`${n.name}/n`);
    const cDim = c.unique(`${n.name}/c`);
    c.emit('Slice', [shp, c.i64('s0', [0]), c.i64('s1', [1])], [nDim]);
    c.emit('Slice', [shp, c.i64('s3', [3]), c.i64('s4', [4])], [cDim]);
    sizes = c.unique(`${n.name}/sizes`);
    c.emit('Concat', [nDim, c.i64(`${n.name}/hw`, [h!, w!]), cDim], [sizes], { axis: 0 });
  }
  c.emit('Resize', [c.use(x!), '', '', sizes], [n.name], { mode: 'linear', coordinate_transformation_mode: mode });
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: xs ? [xs[0]!, h!, w!, xs[3]!] : undefined });
}

/** Transpose by a constant permutation (NanoDet's ONNX → TF → TF.js export keeps NCHW with explicit Transposes). */
export function transpose(c: Converter, n: TfNode): void {
  const [x, p] = c.ins(n);
  const perm = c.constValue(p!, 'perm');
  c.emit('Transpose', [c.use(x!)], [n.name], { perm });
  const shape = x!.shape && x!.shape.length === perm.length ? perm.map((i) => x!.shape![i]!) : undefined;
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
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

/** SparseToDense with constant inputs only (what exporters leave behind for shape arithmetic): folded here. */
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
