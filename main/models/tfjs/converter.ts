/**
 * The converter's bookkeeping: which ONNX value carries each TF tensor (with
 * its dtype, static shape and, for constants, its value), unique ONNX names,
 * the nodes and initializers emitted so far, and the run that walks the TF
 * graph in dependency order handing each node to its lowering.
 *
 * Output is a pure function of the input (node order, names and initializer
 * order follow the TF graph), so the sha256 of the produced file is stable:
 * a lowering must emit and name things in a fixed order.
 */
import { VwError } from '../../errors';
import { makeModel, node as onnxNode, tensor, valueInfo, type ElemType, type OnnxTypes } from '../../onnx/proto';
import type { DecodedWeight } from '../weights';
import { prune, topoSort, type DType, type Info, type TfGraphModel, type TfNode, type Values } from './graph';

export interface ConvertOptions {
  /** Graph name. */
  name?: string;
  /** Make dim 0 of every input symbolic ("batch"); Reshape targets that pin it to 1 copy it instead. */
  dynamicBatch?: boolean;
}

/** Lowers one TF node: emits its ONNX nodes through `c` and records its output tensors with `c.set`. */
export type Lowering = (c: Converter, n: TfNode) => void;

export class Converter {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly inits: OnnxTypes.ITensorProto[] = [];
  private readonly info = new Map<string, Info>();
  private readonly used = new Set<string>();
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private current: TfNode | undefined;

  constructor(
    private readonly g: TfGraphModel,
    private readonly weights: Map<string, DecodedWeight>,
    readonly opts: ConvertOptions,
    private readonly lowerings: Readonly<Record<string, Lowering>>,
  ) {}

  run(): OnnxTypes.ModelProto {
    const nodes = topoSort(this.g.modelTopology.node);
    for (const n of nodes) {
      this.current = n;
      const lower = Object.hasOwn(this.lowerings, n.op) ? this.lowerings[n.op] : undefined;
      if (!lower) this.fail(`unsupported op ${n.op}; supported: ${Object.keys(this.lowerings).join(', ')}`);
      lower(this, n);
    }
    this.current = undefined;
    const outputs = this.outputNames(nodes);
    const outInfos: OnnxTypes.IValueInfoProto[] = [];
    for (const tfName of outputs) {
      const t = this.get(tfName);
      const outName = tfName.replace(/:0$/, '');
      const src = this.use(t, outName);
      if (src !== outName) this.emit('Identity', [src], [outName]);
      outInfos.push(valueInfo(outName, t.dtype as ElemType, this.boundaryShape(t.shape)));
    }
    const { nodes: keptNodes, inits } = prune(
      this.nodes,
      this.inits,
      outInfos.map((o) => o.name!),
    );
    return makeModel({
      name: this.opts.name ?? 'tfjs',
      nodes: keptNodes,
      inputs: this.inputs,
      outputs: outInfos,
      initializers: inits,
      producer: 'vision-workstation tfjs-graph converter',
      producerVersion: '1',
    });
  }

  /** E_UNSUPPORTED_OP naming the node being lowered. */
  fail(msg: string): never {
    const n = this.current;
    throw new VwError('E_UNSUPPORTED_OP', n ? `${msg} (op ${n.op}, node "${n.name}")` : msg, {
      details: n ? { op: n.op, node: n.name } : undefined,
    });
  }

  get(ref: string): Info {
    const name = ref.endsWith(':0') ? ref.slice(0, -2) : ref;
    const t = this.info.get(name);
    if (!t) this.fail(`input "${ref}" is not produced by any node`);
    return t;
  }

  set(name: string, t: Info): void {
    this.info.set(name, t);
  }

  /** Data inputs of the current node (control inputs "^x" dropped). */
  ins(n: TfNode): Info[] {
    return (n.input ?? []).filter((i) => !i.startsWith('^')).map((i) => this.get(i));
  }

  /** A decoded weight of the manifest (a TF Const). */
  weight(name: string): DecodedWeight | undefined {
    return this.weights.get(name);
  }

  /** Declare a graph input (a TF Placeholder). */
  addInput(name: string, dtype: DType, shape: number[] | undefined): void {
    this.inputs.push(valueInfo(name, dtype as ElemType, this.boundaryShape(shape)));
    this.used.add(name);
  }

  unique(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name) || this.info.has(name); k++) name = `${base}__${k}`;
    this.used.add(name);
    return name;
  }

  emit(op: string, inputs: string[], outputs: string[], attrs: Parameters<typeof onnxNode>[3] = {}): void {
    for (const o of outputs) this.used.add(o);
    this.nodes.push(onnxNode(op, inputs, outputs, attrs, outputs[0]));
  }

  /** The ONNX name of a tensor, materializing a constant as an initializer on first use. */
  use(t: Info, hint = 'const'): string {
    if (t.onnx) return t.onnx;
    if (!t.value) this.fail('internal: tensor without a value or a name');
    const name = this.unique(hint);
    this.inits.push(tensor(name, t.shape ?? [t.value.length], t.value as never, t.dtype as ElemType));
    t.onnx = name;
    return name;
  }

  constInit(base: string, dims: number[], values: Values, type: DType): string {
    const name = this.unique(base);
    this.inits.push(tensor(name, dims, values as never, type as ElemType));
    return name;
  }

  i64(base: string, values: readonly (number | bigint)[]): string {
    return this.constInit(base, [values.length], BigInt64Array.from(values.map((v) => BigInt(v))), 'int64');
  }

  scalarF(base: string, v: number): string {
    return this.constInit(base, [], new Float32Array([v]), 'float32');
  }

  /** A constant input's values as numbers (shape-like inputs: axes, sizes, paddings, slice bounds). */
  constValue(t: Info, what: string): number[] {
    if (!t.value) this.fail(`${what} must be a constant`);
    return Array.from(t.value as ArrayLike<number | bigint>, (v) => Number(v));
  }

  /** A static shape as ONNX dims: unknown → null, or "batch" for dim 0 with dynamicBatch. */
  boundaryShape(shape: number[] | undefined): (number | string | null)[] | undefined {
    if (!shape) return undefined;
    return shape.map((d, i) => (d >= 0 ? d : i === 0 && this.opts.dynamicBatch ? 'batch' : null));
  }

  toNCHW(x: Info, base: string): string {
    const out = this.unique(`${base}/nchw`);
    this.emit('Transpose', [this.use(x)], [out], { perm: [0, 3, 1, 2] });
    return out;
  }

  fromNCHW(src: string, out: string): void {
    this.emit('Transpose', [src], [out], { perm: [0, 2, 3, 1] });
  }

  /** The signature's outputs, or else every non-constant node nobody consumes. */
  private outputNames(nodes: TfNode[]): string[] {
    const sig = this.g.signature?.outputs;
    if (sig && Object.keys(sig).length) return Object.values(sig).map((o) => o.name.replace(/:0$/, ''));
    const consumed = new Set<string>();
    for (const n of nodes) for (const i of n.input ?? []) consumed.add(i.replace(/^\^/, '').replace(/:\d+$/, ''));
    return nodes.filter((n) => n.op !== 'Const' && n.op !== 'Placeholder' && !consumed.has(n.name)).map((n) => n.name);
  }
}
