/**
 * Exact graph rewrites applied when a model is prepared. Each one is an
 * algebraic identity (equal up to float rounding) and is verified numerically
 * against the original in tests/engines/models/rewrite.test.ts.
 *
 * - `prelu`: PRelu(x, a) → (1 − a)·Relu(x) + a·x. For x ≥ 0 both give x, for
 *   x < 0 both give a·x. onnxruntime's CPU PRelu is a generic broadcasting
 *   kernel that it never fuses; Relu fuses into the preceding Conv and the two
 *   Muls and the Add are vectorized, so the rewrite is much faster.
 * - `dynamicBatch`: dim 0 of inputs and outputs becomes "batch"; constant
 *   Reshape targets whose leading 1 is that batch become 0 (copy from input).
 */
import { VwError } from '../errors';
import { initializerMap, onnx, readTensor, tensor, toNum, type OnnxTypes } from '../onnx/proto';
import type { Rewrite } from './manifest';
import { nanodetHead } from './rewrite.nanodet';

type Model = OnnxTypes.ModelProto;

/**
 * Apply rewrites in order to a copy of `model`.
 *
 * @example const faster = applyRewrites(loadModel(bytes), ['prelu', 'dynamicBatch']);
 */
export function applyRewrites(model: Model, rewrites: readonly Rewrite[]): Model {
  let m = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  for (const r of rewrites) {
    if (r === 'prelu') m = rewritePrelu(m).model;
    else if (r === 'dynamicBatch') m = makeBatchDynamic(m).model;
    else if (r === 'nanodetHead')
      m = nanodetHead(m); // issue 15: not an identity — a decode head, see rewrite.nanodet.ts
    else throw new VwError('E_BAD_ARGUMENT', `Unknown rewrite "${r as string}".`);
  }
  return m;
}

/** Replace every PRelu whose slope is a constant initializer. Mutates and returns `model`. */
export function rewritePrelu(model: Model): { model: Model; count: number } {
  const g = model.graph!;
  const inits = initializerMap(g);
  const newInits: OnnxTypes.ITensorProto[] = [];
  const taken = new Set<string>([...inits.keys(), ...(g.node ?? []).flatMap((n) => n.output ?? [])]);
  const fresh = (base: string) => {
    let name = base;
    for (let k = 1; taken.has(name); k++) name = `${base}_${k}`;
    taken.add(name);
    return name;
  };
  // One (1 − a) initializer per slope initializer, even if shared by several PRelus.
  const oneMinus = new Map<string, string>();
  const nodes: OnnxTypes.INodeProto[] = [];
  let count = 0;
  for (const n of g.node ?? []) {
    const slope = n.opType === 'PRelu' ? inits.get(n.input?.[1] ?? '') : undefined;
    if (!slope) {
      nodes.push(n);
      continue;
    }
    const [x, a] = n.input as [string, string];
    const y = n.output![0]!;
    let b = oneMinus.get(a);
    if (!b) {
      const t = readTensor(slope);
      const v = Float32Array.from(t.data as Float32Array, (s) => 1 - s);
      b = fresh(`${a}_one_minus`);
      newInits.push(tensor(b, t.dims, v));
      oneMinus.set(a, b);
    }
    const base = n.name || y;
    const relu = fresh(`${base}/relu`);
    const pos = fresh(`${base}/pos`);
    const neg = fresh(`${base}/ax`);
    nodes.push(
      { opType: 'Relu', input: [x], output: [relu], name: relu },
      { opType: 'Mul', input: [relu, b], output: [pos], name: pos },
      { opType: 'Mul', input: [x, a], output: [neg], name: neg },
      { opType: 'Add', input: [pos, neg], output: [y], name: base },
    );
    count++;
  }
  g.node = nodes;
  g.initializer = [...(g.initializer ?? []), ...newInits];
  return { model, count };
}

/** Make dim 0 symbolic on inputs/outputs; fix constant Reshape targets that pin it. Mutates and returns `model`. */
export function makeBatchDynamic(model: Model): { model: Model; reshapes: number } {
  const g = model.graph!;
  const inits = initializerMap(g);
  const initNames = new Set(inits.keys());
  for (const v of [...(g.input ?? []).filter((i) => !initNames.has(i.name ?? '')), ...(g.output ?? [])]) {
    const dims = v.type?.tensorType?.shape?.dim;
    if (!dims?.length) continue;
    const d0 = dims[0]!;
    if (d0.dimParam || toNum(d0.dimValue as number) === 1) dims[0] = { dimParam: 'batch' };
  }
  // Intermediate shapes recorded with batch 1 would now be wrong.
  g.valueInfo = [];
  let reshapes = 0;
  const replaced = new Map<string, string>();
  for (const n of g.node ?? []) {
    if (n.opType !== 'Reshape') continue;
    const t = inits.get(n.input?.[1] ?? '');
    if (!t) continue;
    const v = readTensor(t).data as BigInt64Array;
    if (v.length < 2 || v[0] !== 1n) continue;
    let name = replaced.get(t.name!);
    if (!name) {
      const copy = BigInt64Array.from(v);
      copy[0] = 0n;
      name = `${t.name}_batch`;
      g.initializer!.push(tensor(name, [copy.length], copy));
      replaced.set(t.name!, name);
    }
    n.input![1] = name;
    reshapes++;
  }
  if (replaced.size) {
    const used = new Set((g.node ?? []).flatMap((n) => n.input ?? []));
    g.initializer = (g.initializer ?? []).filter((t) => used.has(t.name ?? ''));
  }
  return { model, reshapes };
}
