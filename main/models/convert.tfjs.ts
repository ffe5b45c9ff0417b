/**
 * TF.js graph model (model.json + weight shards) → ONNX, our own converter.
 *
 * Keeps NHWC at the graph boundary: each convolution / pooling is wrapped in
 * Transpose NHWC→NCHW … NCHW→NHWC, and onnxruntime's transpose optimizer
 * cancels the inner pairs. Activations fused into a TF op are emitted right
 * after the Conv (in NCHW) so ORT can fuse them again. Constants feeding
 * shape-like inputs (axes, sizes, paddings, slice bounds) become attributes or
 * int64 initializers; other constants become initializers on first use.
 *
 * Output is a pure function of the input (node order, names and initializer
 * order follow the TF graph), so the sha256 of the produced file is stable.
 * An op outside the supported set is an E_UNSUPPORTED_OP naming op and node.
 */
import { VwError } from '../errors';
import { attrFloat, makeModel, node as onnxNode, tensor, valueInfo, type ElemType, type OnnxTypes } from '../onnx/proto';
import { decodeWeights, type TfWeightGroup } from './weights';

export interface ConvertOptions {
  /** Graph name. */
  name?: string;
  /** Make dim 0 of every input symbolic ("batch"); Reshape targets that pin it to 1 copy it instead. */
  dynamicBatch?: boolean;
}

/** Ops the converter understands (the list of the Models issue plus a few trivial neighbours). */
export const SUPPORTED_OPS = [
  'Const',
  'Placeholder',
  'Identity',
  '_FusedConv2D',
  'Conv2D',
  'DepthwiseConv2dNative',
  'FusedDepthwiseConv2dNative',
  'MaxPool',
  'AvgPool',
  'Pad',
  'Add',
  'AddV2',
  'BiasAdd',
  'Sub',
  'Mul',
  'RealDiv',
  'Minimum',
  'Maximum',
  'Relu',
  'Relu6',
  'Prelu',
  'Sigmoid',
  'Tanh',
  'Softmax',
  'Mean',
  'Reshape',
  'ConcatV2',
  'ResizeBilinear',
  'StridedSlice',
  'ExpandDims',
  'Squeeze',
  'Cast',
  'FloorDiv',
  'FloorMod',
  'TopKV2',
  'GatherV2',
  'Equal',
  '_FusedMatMul',
  'MatMul',
  // NanoDet (issue 15): an ONNX → TF → TF.js export keeps NCHW with explicit Transposes.
  'Transpose',
  'LeakyRelu',
  'PadV2',
  'SplitV',
  'SparseToDense',
] as const;

interface TfAttr {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  list?: { i?: (string | number)[]; s?: string[]; f?: number[] };
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
}
interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}
interface TfGraphModel {
  format?: string;
  modelTopology: { node: TfNode[] };
  weightsManifest: TfWeightGroup[];
  signature?: { inputs?: Record<string, { name: string }>; outputs?: Record<string, { name: string }> };
}

type DType = 'float32' | 'int32' | 'int64' | 'bool';
type Values = Float32Array | Int32Array | BigInt64Array | Uint8Array;
/** What the converter knows about a TF tensor. */
interface Info {
  /** ONNX value name carrying it (undefined for a constant not yet materialized). */
  onnx?: string;
  dtype: DType;
  /** Static shape; -1 = unknown dim; undefined = unknown rank. */
  shape?: number[];
  /** Known constant value. */
  value?: Values;
}

const TF_DTYPE: Record<string, DType> = { DT_FLOAT: 'float32', DT_INT32: 'int32', DT_INT64: 'int64', DT_BOOL: 'bool' };
const ONNX_TYPE: Record<DType, number> = { float32: 1, int32: 6, int64: 7, bool: 9 };
const I64_MAX = 9223372036854775807n;
const I64_MIN = -9223372036854775808n;

const b64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64').toString('utf8') : '');
const ints = (a: TfAttr | undefined) => (a?.list?.i ?? []).map((v) => Number(v));

/**
 * Convert a parsed model.json with its weight shards to an ONNX ModelProto.
 *
 * @example
 *   const model = convertTfjsGraph(JSON.parse(fs.readFileSync('centernet.json', 'utf8')),
 *     (shard) => fs.readFileSync(path.join(dir, shard)), { name: 'centernet' });
 *   fs.writeFileSync('centernet.onnx', saveModel(model));
 */
export function convertTfjsGraph(json: unknown, readShard: (path: string) => Uint8Array, opts: ConvertOptions = {}): OnnxTypes.ModelProto {
  const g = json as TfGraphModel;
  if (!g || typeof g !== 'object' || !g.modelTopology || !Array.isArray(g.modelTopology.node))
    throw new VwError('E_MODEL_INVALID', 'Not a TF.js graph model (no modelTopology.node).');
  if (g.format && g.format !== 'graph-model') throw new VwError('E_MODEL_INVALID', `Not a TF.js graph model (format "${g.format}").`);
  const weights = decodeWeights(g.weightsManifest ?? [], readShard);
  return new Converter(g, weights, opts).run();
}

class Converter {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly inits: OnnxTypes.ITensorProto[] = [];
  private readonly info = new Map<string, Info>();
  private readonly used = new Set<string>();
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private current: TfNode | undefined;

  constructor(
    private readonly g: TfGraphModel,
    private readonly weights: ReturnType<typeof decodeWeights>,
    private readonly opts: ConvertOptions,
  ) {}

  run(): OnnxTypes.ModelProto {
    const nodes = topoSort(this.g.modelTopology.node);
    for (const n of nodes) {
      this.current = n;
      this.convertNode(n);
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

  // ───────────── bookkeeping ─────────────

  private fail(msg: string): never {
    const n = this.current;
    throw new VwError('E_UNSUPPORTED_OP', n ? `${msg} (op ${n.op}, node "${n.name}")` : msg, {
      details: n ? { op: n.op, node: n.name } : undefined,
    });
  }

  private get(ref: string): Info {
    const name = ref.endsWith(':0') ? ref.slice(0, -2) : ref;
    const t = this.info.get(name);
    if (!t) this.fail(`input "${ref}" is not produced by any node`);
    return t;
  }

  private set(name: string, t: Info): void {
    this.info.set(name, t);
  }

  /** Data inputs of the current node (control inputs "^x" dropped). */
  private ins(n: TfNode): Info[] {
    return (n.input ?? []).filter((i) => !i.startsWith('^')).map((i) => this.get(i));
  }

  private unique(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name) || this.info.has(name); k++) name = `${base}__${k}`;
    this.used.add(name);
    return name;
  }

  private emit(op: string, inputs: string[], outputs: string[], attrs: Parameters<typeof onnxNode>[3] = {}): void {
    for (const o of outputs) this.used.add(o);
    this.nodes.push(onnxNode(op, inputs, outputs, attrs, outputs[0]));
  }

  /** The ONNX name of a tensor, materializing a constant as an initializer on first use. */
  private use(t: Info, hint = 'const'): string {
    if (t.onnx) return t.onnx;
    if (!t.value) this.fail('internal: tensor without a value or a name');
    const name = this.unique(hint);
    this.inits.push(tensor(name, t.shape ?? [t.value.length], t.value as never, t.dtype as ElemType));
    t.onnx = name;
    return name;
  }

  private constInit(base: string, dims: number[], values: Values, type: DType): string {
    const name = this.unique(base);
    this.inits.push(tensor(name, dims, values as never, type as ElemType));
    return name;
  }

  private i64(base: string, values: readonly (number | bigint)[]): string {
    return this.constInit(base, [values.length], BigInt64Array.from(values.map((v) => BigInt(v))), 'int64');
  }

  private constValue(t: Info, what: string): number[] {
    if (!t.value) this.fail(`${what} must be a constant`);
    return Array.from(t.value as ArrayLike<number | bigint>, (v) => Number(v));
  }

  private boundaryShape(shape: number[] | undefined): (number | string | null)[] | undefined {
    if (!shape) return undefined;
    return shape.map((d, i) => (d >= 0 ? d : i === 0 && this.opts.dynamicBatch ? 'batch' : null));
  }

  private outputNames(nodes: TfNode[]): string[] {
    const sig = this.g.signature?.outputs;
    if (sig && Object.keys(sig).length) return Object.values(sig).map((o) => o.name.replace(/:0$/, ''));
    const consumed = new Set<string>();
    for (const n of nodes) for (const i of n.input ?? []) consumed.add(i.replace(/^\^/, '').replace(/:\d+$/, ''));
    return nodes.filter((n) => n.op !== 'Const' && n.op !== 'Placeholder' && !consumed.has(n.name)).map((n) => n.name);
  }

  // ───────────── ops ─────────────

  private convertNode(n: TfNode): void {
    const a = n.attr ?? {};
    switch (n.op) {
      case 'Const': {
        const w = this.weights.get(n.name);
        if (!w) this.fail('constant has no entry in the weights manifest');
        this.set(n.name, { dtype: w.dtype, shape: w.shape, value: w.data });
        return;
      }
      case 'Placeholder': {
        const dtype = TF_DTYPE[a.dtype?.type ?? 'DT_FLOAT'];
        if (!dtype) this.fail(`input dtype ${a.dtype?.type} is not supported`);
        const dims = a.shape?.shape?.unknownRank ? undefined : (a.shape?.shape?.dim ?? []).map((d) => Number(d.size ?? -1));
        const shape = dims?.map((d, i) => (i === 0 && this.opts.dynamicBatch ? -1 : d));
        this.inputs.push(valueInfo(n.name, dtype as ElemType, this.boundaryShape(shape)));
        this.used.add(n.name);
        this.set(n.name, { onnx: n.name, dtype, shape });
        return;
      }
      case 'Identity': {
        this.set(n.name, this.ins(n)[0]!);
        return;
      }
      case 'Conv2D':
      case 'DepthwiseConv2dNative':
      case '_FusedConv2D':
      case 'FusedDepthwiseConv2dNative':
        return this.conv(n);
      case 'MaxPool':
      case 'AvgPool':
        return this.pool(n);
      case 'Pad':
        return this.pad(n);
      case 'Add':
      case 'AddV2':
      case 'BiasAdd':
        return this.binary(n, 'Add');
      case 'Sub':
        return this.binary(n, 'Sub');
      case 'Mul':
        return this.binary(n, 'Mul');
      case 'RealDiv':
        return this.binary(n, 'Div');
      case 'Minimum':
        return this.binary(n, 'Min');
      case 'Maximum':
        return this.binary(n, 'Max');
      case 'Equal':
        return this.binary(n, 'Equal');
      case 'FloorDiv':
        return this.floorDivMod(n, 'div');
      case 'FloorMod':
        return this.floorDivMod(n, 'mod');
      case 'Relu':
      case 'Sigmoid':
      case 'Tanh': {
        const [x] = this.ins(n);
        this.emit(n.op, [this.use(x!)], [n.name]);
        this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape });
        return;
      }
      case 'Relu6': {
        const [x] = this.ins(n);
        this.emit('Clip', [this.use(x!), this.scalarF('zero', 0), this.scalarF('six', 6)], [n.name]);
        this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape });
        return;
      }
      case 'Prelu': {
        const [x, alpha] = this.ins(n);
        this.emit('PRelu', [this.use(x!), this.use(alpha!, `${n.name}/alpha`)], [n.name]);
        this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape });
        return;
      }
      case 'Softmax': {
        const [x] = this.ins(n);
        this.emit('Softmax', [this.use(x!)], [n.name], { axis: -1 });
        this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape });
        return;
      }
      case 'Mean':
        return this.mean(n);
      case 'Reshape':
        return this.reshape(n);
      case 'ConcatV2':
        return this.concat(n);
      case 'ResizeBilinear':
        return this.resize(n);
      case 'StridedSlice':
        return this.stridedSlice(n);
      case 'ExpandDims':
        return this.expandDims(n);
      case 'Squeeze':
        return this.squeeze(n);
      case 'Cast':
        return this.cast(n);
      case 'TopKV2':
        return this.topk(n);
      case 'GatherV2':
        return this.gather(n);
      case '_FusedMatMul':
      case 'MatMul':
        return this.matmul(n);
      case 'Transpose':
        return this.transpose(n);
      case 'LeakyRelu': {
        const [x] = this.ins(n);
        this.emit('LeakyRelu', [this.use(x!)], [n.name], { alpha: attrFloat('alpha', a.alpha?.f ?? 0.2) });
        this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape });
        return;
      }
      case 'PadV2':
        return this.pad(n);
      case 'SplitV':
        return this.splitV(n);
      case 'SparseToDense':
        return this.sparseToDense(n);
      default:
        this.fail(`unsupported op ${n.op}; supported: ${SUPPORTED_OPS.join(', ')}`);
    }
  }

  private scalarF(base: string, v: number): string {
    return this.constInit(base, [], new Float32Array([v]), 'float32');
  }

  private toNCHW(x: Info, base: string): string {
    const out = this.unique(`${base}/nchw`);
    this.emit('Transpose', [this.use(x)], [out], { perm: [0, 3, 1, 2] });
    return out;
  }

  private fromNCHW(src: string, out: string): void {
    this.emit('Transpose', [src], [out], { perm: [0, 2, 3, 1] });
  }

  /** TF padding → ONNX pads [top, left, bottom, right] (or auto_pad when spatial dims are unknown). */
  private pads(n: TfNode, inHW: [number, number] | undefined, k: [number, number], s: [number, number], d: [number, number]) {
    const padding = b64(n.attr?.padding?.s);
    if (padding === 'VALID')
      return { pads: [0, 0, 0, 0], out: inHW?.map((v, i) => (v < 0 ? -1 : Math.floor((v - (k[i]! - 1) * d[i]! - 1) / s[i]!) + 1)) };
    if (padding === 'EXPLICIT') {
      const e = ints(n.attr?.explicit_paddings); // NHWC pairs
      const p = [e[2] ?? 0, e[4] ?? 0, e[3] ?? 0, e[5] ?? 0];
      return {
        pads: p,
        out: inHW?.map((v, i) => (v < 0 ? -1 : Math.floor((v + p[i]! + p[i + 2]! - (k[i]! - 1) * d[i]! - 1) / s[i]!) + 1)),
      };
    }
    if (padding !== 'SAME') this.fail(`padding "${padding}" is not supported`);
    if (!inHW || inHW.some((v) => v < 0)) return { autoPad: 'SAME_UPPER', out: inHW?.map((v, i) => (v < 0 ? -1 : Math.ceil(v / s[i]!))) };
    const p = [0, 0, 0, 0];
    const out = inHW.map((v, i) => Math.ceil(v / s[i]!));
    for (let i = 0; i < 2; i++) {
      const total = Math.max((out[i]! - 1) * s[i]! + (k[i]! - 1) * d[i]! + 1 - inHW[i]!, 0);
      p[i] = Math.floor(total / 2);
      p[i + 2] = total - p[i]!;
    }
    return { pads: p, out };
  }

  private conv(n: TfNode): void {
    const a = n.attr ?? {};
    const fmt = b64(a.data_format?.s) || 'NHWC';
    if (fmt !== 'NHWC') this.fail(`data_format ${fmt} is not supported`);
    const [x, f, ...args] = this.ins(n);
    const depthwise = n.op.includes('Depthwise');
    if (!f!.value || !f!.shape || f!.shape.length !== 4) this.fail('the filter must be a constant 4-D tensor');
    const [kh, kw, cin, cout] = f!.shape as [number, number, number, number];
    const strides = ints(a.strides);
    const dil = ints(a.dilations);
    const s: [number, number] = [strides[1] ?? 1, strides[2] ?? 1];
    const d: [number, number] = [dil[1] ?? 1, dil[2] ?? 1];
    const inHW = x!.shape && x!.shape.length === 4 ? ([x!.shape[1]!, x!.shape[2]!] as [number, number]) : undefined;
    const pp = this.pads(n, inHW, [kh, kw], s, d);
    // HWIO → OIHW; depthwise HW(C)(M) → (C·M) 1 H W with group = C.
    const src = f!.value as Float32Array;
    const outC = depthwise ? cin * cout : cout;
    const inPerGroup = depthwise ? 1 : cin;
    const w = new Float32Array(outC * inPerGroup * kh * kw);
    for (let y = 0; y < kh; y++)
      for (let xx = 0; xx < kw; xx++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < cout; o++) {
            const v = src[((y * kw + xx) * cin + i) * cout + o]!;
            if (depthwise) w[((i * cout + o) * 1 * kh + y) * kw + xx] = v;
            else w[((o * cin + i) * kh + y) * kw + xx] = v;
          }
    const wName = this.constInit(`${n.name}/W`, [outC, inPerGroup, kh, kw], w, 'float32');
    const inputs = [this.toNCHW(x!, n.name), wName];
    let fused: string[] = [];
    if (n.op === '_FusedConv2D' || n.op === 'FusedDepthwiseConv2dNative') {
      fused = (a.fused_ops?.list?.s ?? []).map(b64);
      if (fused[0] !== 'BiasAdd') this.fail(`fused ops [${fused.join(', ')}] are not supported (only BiasAdd + activation)`);
      const bias = args[0];
      if (!bias?.value) this.fail('the fused bias must be a constant');
      inputs.push(this.constInit(`${n.name}/B`, [outC], Float32Array.from(bias.value as Float32Array), 'float32'));
    }
    const attrs: Record<string, unknown> = { dilations: d, group: depthwise ? cin : 1, kernel_shape: [kh, kw], strides: s };
    if (pp.autoPad) attrs.auto_pad = pp.autoPad;
    else attrs.pads = pp.pads;
    const convOut = this.unique(`${n.name}/conv`);
    this.emit('Conv', inputs, [convOut], attrs as never);
    const act = this.activationNCHW(n, fused.slice(1), convOut, outC, args[1]);
    this.fromNCHW(act, n.name);
    const shape = x!.shape ? [x!.shape[0]!, pp.out?.[0] ?? -1, pp.out?.[1] ?? -1, outC] : undefined;
    this.set(n.name, { onnx: n.name, dtype: 'float32', shape });
  }

  /** Activation after a fused op, in NCHW (channel axis 1). Returns the output name. */
  private activationNCHW(n: TfNode, ops: string[], src: string, channels: number, alpha?: Info): string {
    if (!ops.length) return src;
    if (ops.length > 1) this.fail(`fused ops [BiasAdd, ${ops.join(', ')}] are not supported`);
    const out = this.unique(`${n.name}/act`);
    switch (ops[0]) {
      case 'Relu':
        this.emit('Relu', [src], [out]);
        break;
      case 'Relu6':
        this.emit('Clip', [src, this.scalarF('zero', 0), this.scalarF('six', 6)], [out]);
        break;
      case 'Elu':
        this.emit('Elu', [src], [out], { alpha: attrFloat('alpha', 1) });
        break;
      case 'Sigmoid':
        this.emit('Sigmoid', [src], [out]);
        break;
      case 'LeakyRelu':
        this.emit('LeakyRelu', [src], [out], { alpha: attrFloat('alpha', n.attr?.leakyrelu_alpha?.f ?? 0.2) });
        break;
      case 'Prelu': {
        if (!alpha?.value) this.fail('the fused PReLU alpha must be a constant');
        const v = Float32Array.from(alpha.value as Float32Array);
        if (v.length !== channels && v.length !== 1) this.fail(`PReLU alpha of ${v.length} values for ${channels} channels`);
        const dims = v.length === 1 ? [1] : [channels, 1, 1];
        this.emit('PRelu', [src, this.constInit(`${n.name}/alpha`, dims, v, 'float32')], [out]);
        break;
      }
      default:
        this.fail(`fused activation ${ops[0]} is not supported`);
    }
    return out;
  }

  private pool(n: TfNode): void {
    const a = n.attr ?? {};
    if ((b64(a.data_format?.s) || 'NHWC') !== 'NHWC') this.fail('only NHWC pooling is supported');
    const [x] = this.ins(n);
    const k = ints(a.ksize);
    const st = ints(a.strides);
    const kk: [number, number] = [k[1] ?? 1, k[2] ?? 1];
    const s: [number, number] = [st[1] ?? 1, st[2] ?? 1];
    const inHW = x!.shape && x!.shape.length === 4 ? ([x!.shape[1]!, x!.shape[2]!] as [number, number]) : undefined;
    const pp = this.pads(n, inHW, kk, s, [1, 1]);
    const attrs: Record<string, unknown> = { kernel_shape: kk, strides: s };
    if (pp.autoPad) attrs.auto_pad = pp.autoPad;
    else attrs.pads = pp.pads;
    // TF's AvgPool averages over the valid (unpadded) cells: count_include_pad = 0, ONNX's default.
    const out = this.unique(`${n.name}/pool`);
    this.emit(n.op === 'MaxPool' ? 'MaxPool' : 'AveragePool', [this.toNCHW(x!, n.name)], [out], attrs as never);
    this.fromNCHW(out, n.name);
    const shape = x!.shape ? [x!.shape[0]!, pp.out?.[0] ?? -1, pp.out?.[1] ?? -1, x!.shape[3]!] : undefined;
    this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
  }

  /** Pad, and PadV2 (its third input is the constant fill value, a scalar). */
  private pad(n: TfNode): void {
    const [x, p, fill] = this.ins(n);
    const v = this.constValue(p!, 'paddings');
    const r = v.length / 2;
    const before = Array.from({ length: r }, (_, i) => v[2 * i]!);
    const after = Array.from({ length: r }, (_, i) => v[2 * i + 1]!);
    const inputs = [this.use(x!), this.i64(`${n.name}/pads`, [...before, ...after])];
    if (fill) inputs.push(this.use(fill, `${n.name}/value`));
    this.emit('Pad', inputs, [n.name], { mode: 'constant' });
    const shape = x!.shape?.map((d, i) => (d < 0 ? -1 : d + before[i]! + after[i]!));
    this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
  }

  private binary(n: TfNode, op: string): void {
    const [x, y] = this.ins(n);
    const dtype: DType = op === 'Equal' ? 'bool' : x!.dtype;
    const shape = broadcast(x!.shape, y!.shape);
    if (x!.value && y!.value && op !== 'Equal') {
      const v = foldBinary(op, x!, y!, shape);
      if (v) return this.set(n.name, { dtype, shape, value: v });
    }
    this.emit(op, [this.use(x!, `${n.name}/x`), this.use(y!, `${n.name}/y`)], [n.name]);
    this.set(n.name, { onnx: n.name, dtype, shape });
  }

  /**
   * TF floor division / floor modulo. Integers: ONNX Mod(fmod=0) is already the
   * floor modulo, and a − mod(a, b) divides b exactly. Floats: Floor(a / b), and
   * TF's floormod (fmod, shifted by b when the signs differ).
   */
  private floorDivMod(n: TfNode, kind: 'div' | 'mod'): void {
    const [x, y] = this.ins(n);
    const shape = broadcast(x!.shape, y!.shape);
    if (x!.value && y!.value) {
      const v = foldBinary(kind === 'div' ? 'FloorDiv' : 'FloorMod', x!, y!, shape);
      if (v) return this.set(n.name, { dtype: x!.dtype, shape, value: v });
    }
    const a = this.use(x!, `${n.name}/x`);
    const b = this.use(y!, `${n.name}/y`);
    const t = (s: string) => this.unique(`${n.name}/${s}`);
    if (x!.dtype === 'int32' || x!.dtype === 'int64') {
      const mod = kind === 'mod' ? n.name : t('mod');
      this.emit('Mod', [a, b], [mod], { fmod: 0 });
      if (kind === 'div') {
        const diff = t('sub');
        this.emit('Sub', [a, mod], [diff]);
        this.emit('Div', [diff, b], [n.name]);
      }
    } else if (kind === 'div') {
      const q = t('div');
      this.emit('Div', [a, b], [q]);
      this.emit('Floor', [q], [n.name]);
    } else {
      const r = t('fmod');
      this.emit('Mod', [a, b], [r], { fmod: 1 });
      const zero = this.scalarF('zero', 0);
      const [rNeg, bNeg, signsDiffer, rZero, rNonZero, fix, shifted] = ['rneg', 'bneg', 'xor', 'req0', 'rne0', 'fix', 'shift'].map(
        t,
      ) as string[];
      this.emit('Less', [r, zero], [rNeg!]);
      this.emit('Less', [b, zero], [bNeg!]);
      this.emit('Xor', [rNeg!, bNeg!], [signsDiffer!]);
      this.emit('Equal', [r, zero], [rZero!]);
      this.emit('Not', [rZero!], [rNonZero!]);
      this.emit('And', [signsDiffer!, rNonZero!], [fix!]);
      this.emit('Add', [r, b], [shifted!]);
      this.emit('Where', [fix!, shifted!, r], [n.name]);
    }
    this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
  }

  private mean(n: TfNode): void {
    const [x, ax] = this.ins(n);
    const rank = x!.shape?.length;
    const axes = this.constValue(ax!, 'reduction_indices').map((v) => (v < 0 && rank !== undefined ? v + rank : v));
    const keep = n.attr?.keep_dims?.b ?? false;
    this.emit('ReduceMean', [this.use(x!)], [n.name], { axes, keepdims: keep ? 1 : 0 });
    const shape = x!.shape ? x!.shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d])) : undefined;
    this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
  }

  private reshape(n: TfNode): void {
    const [x, s] = this.ins(n);
    if (!s!.value) {
      const cast = this.unique(`${n.name}/shape64`);
      this.emit('Cast', [this.use(s!)], [cast], { to: 7 });
      this.emit('Reshape', [this.use(x!), cast], [n.name]);
      this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: s!.shape?.[0] !== undefined ? new Array(s!.shape[0]).fill(-1) : undefined });
      return;
    }
    const target = this.constValue(s!, 'shape');
    if (target.includes(0)) this.fail('a zero-sized Reshape target is not supported');
    const shape = inferReshape(x!.shape, target);
    if (x!.value) return this.set(n.name, { dtype: x!.dtype, shape, value: x!.value });
    const onnxTarget = [...target];
    // Dynamic batch: a leading 1 that is the batch dim of the input becomes 0 ("copy dim 0").
    if (this.opts.dynamicBatch && target[0] === 1 && x!.shape?.[0] === -1) {
      onnxTarget[0] = 0;
      shape[0] = -1;
    }
    this.emit('Reshape', [this.use(x!), this.i64(`${n.name}/shape`, onnxTarget)], [n.name]);
    this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
  }

  private concat(n: TfNode): void {
    const all = this.ins(n);
    const ax = all.pop()!;
    const parts = all;
    let axis = this.constValue(ax, 'axis')[0]!;
    const rank = parts.find((p) => p.shape)?.shape?.length;
    if (axis < 0 && rank !== undefined) axis += rank;
    let shape: number[] | undefined;
    if (rank !== undefined && parts.every((p) => p.shape)) {
      shape = [...parts[0]!.shape!];
      shape[axis] = parts.some((p) => p.shape![axis]! < 0) ? -1 : parts.reduce((acc, p) => acc + p.shape![axis]!, 0);
    }
    if (parts.every((p) => p.value) && axis === 0 && (rank === 1 || rank === undefined)) {
      const vals = parts.flatMap((p) => Array.from(p.value as ArrayLike<number>));
      return this.set(n.name, { dtype: parts[0]!.dtype, shape, value: typed(parts[0]!.dtype, vals) });
    }
    this.emit(
      'Concat',
      parts.map((p, i) => this.use(p, `${n.name}/in${i}`)),
      [n.name],
      { axis },
    );
    this.set(n.name, { onnx: n.name, dtype: parts[0]!.dtype, shape });
  }

  private resize(n: TfNode): void {
    const a = n.attr ?? {};
    const [x, size] = this.ins(n);
    const [h, w] = this.constValue(size!, 'size');
    const mode = a.align_corners?.b ? 'align_corners' : a.half_pixel_centers?.b ? 'half_pixel' : 'asymmetric';
    const xs = x!.shape;
    let sizes: string;
    if (xs && xs.length === 4 && xs[0]! > 0 && xs[3]! > 0) {
      sizes = this.i64(`${n.name}/sizes`, [xs[0]!, h!, w!, xs[3]!]);
    } else {
      // Batch (and maybe channels) unknown: sizes = [N, h, w, C] from Shape(x).
      const shp = this.unique(`${n.name}/shape`);
      this.emit('Shape', [this.use(x!)], [shp]);
      const nDim = this.unique(`${n.name}/n`);
      const cDim = this.unique(`${n.name}/c`);
      this.emit('Slice', [shp, this.i64('s0', [0]), this.i64('s1', [1])], [nDim]);
      this.emit('Slice', [shp, this.i64('s3', [3]), this.i64('s4', [4])], [cDim]);
      sizes = this.unique(`${n.name}/sizes`);
      this.emit('Concat', [nDim, this.i64(`${n.name}/hw`, [h!, w!]), cDim], [sizes], { axis: 0 });
    }
    this.emit('Resize', [this.use(x!), '', '', sizes], [n.name], { mode: 'linear', coordinate_transformation_mode: mode });
    this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: xs ? [xs[0]!, h!, w!, xs[3]!] : undefined });
  }

  private stridedSlice(n: TfNode): void {
    const a = n.attr ?? {};
    const [x, b, e, st] = this.ins(n);
    const begin = this.constValue(b!, 'begin');
    const end = this.constValue(e!, 'end');
    const strides = this.constValue(st!, 'strides');
    const mask = (k: string) => Number(a[k]?.i ?? 0);
    const [bm, em, elm, nam, sam] = ['begin_mask', 'end_mask', 'ellipsis_mask', 'new_axis_mask', 'shrink_axis_mask'].map(mask) as number[];
    const rank = x!.shape?.length;
    if (rank === undefined) this.fail('the input rank must be known');
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
      if (step === 0) this.fail('stride 0');
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
    let cur = this.use(x!);
    const needSlice = axes.some((_, k) => !(starts[k] === 0n && ends[k] === I64_MAX && steps[k] === 1));
    const lastStage = newAxes.length || shrink.length ? undefined : n.name;
    if (needSlice || !lastStage) {
      const out = lastStage ?? this.unique(`${n.name}/slice`);
      if (needSlice)
        this.emit(
          'Slice',
          [
            cur,
            this.i64(`${n.name}/starts`, starts),
            this.i64(`${n.name}/ends`, ends),
            this.i64(`${n.name}/axes`, axes),
            this.i64(`${n.name}/steps`, steps),
          ],
          [out],
        );
      else this.emit('Identity', [cur], [out]);
      cur = out;
    }
    if (newAxes.length) {
      // Slice output still has all input dims; new axes are inserted at their output positions.
      const out = shrink.length ? this.unique(`${n.name}/unsqueeze`) : n.name;
      this.emit('Unsqueeze', [cur, this.i64(`${n.name}/newaxes`, newAxes)], [out]);
      cur = out;
    }
    if (shrink.length) this.emit('Squeeze', [cur, this.i64(`${n.name}/shrink`, shrink)], [n.name]);
    const finalShape = outShape.filter((_, i) => !shrink.includes(i));
    this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: finalShape });
  }

  private expandDims(n: TfNode): void {
    const [x, d] = this.ins(n);
    const axis = this.constValue(d!, 'dim')[0]!;
    const rank = x!.shape?.length;
    const pos = axis < 0 && rank !== undefined ? axis + rank + 1 : axis;
    const shape = x!.shape ? [...x!.shape.slice(0, pos), 1, ...x!.shape.slice(pos)] : undefined;
    if (x!.value) return this.set(n.name, { dtype: x!.dtype, shape, value: x!.value });
    this.emit('Unsqueeze', [this.use(x!), this.i64(`${n.name}/axes`, [axis])], [n.name]);
    this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
  }

  private squeeze(n: TfNode): void {
    const [x] = this.ins(n);
    const rank = x!.shape?.length;
    let dims = ints(n.attr?.squeeze_dims);
    if (!dims.length) {
      if (!x!.shape || x!.shape.some((v) => v < 0)) this.fail('Squeeze without squeeze_dims needs a static shape');
      dims = x!.shape.flatMap((v, i) => (v === 1 ? [i] : []));
    }
    dims = dims.map((v) => (v < 0 && rank !== undefined ? v + rank : v));
    this.emit('Squeeze', [this.use(x!), this.i64(`${n.name}/axes`, dims)], [n.name]);
    this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape?.filter((_, i) => !dims.includes(i)) });
  }

  private cast(n: TfNode): void {
    const [x] = this.ins(n);
    const to = TF_DTYPE[n.attr?.DstT?.type ?? ''];
    if (!to) this.fail(`cast to ${n.attr?.DstT?.type} is not supported`);
    if (x!.value && x!.dtype !== 'bool' && to !== 'bool')
      return this.set(n.name, { dtype: to, shape: x!.shape, value: typed(to, Array.from(x!.value as ArrayLike<number>)) });
    this.emit('Cast', [this.use(x!)], [n.name], { to: ONNX_TYPE[to] });
    this.set(n.name, { onnx: n.name, dtype: to, shape: x!.shape });
  }

  private topk(n: TfNode): void {
    const [x, kT] = this.ins(n);
    const k = this.constValue(kT!, 'k')[0]!;
    if (n.attr?.sorted?.b === false) this.fail('unsorted TopK is not supported');
    const idx64 = this.unique(`${n.name}/indices64`);
    // ONNX breaks ties by the lower index, like TF.
    this.emit('TopK', [this.use(x!), this.i64(`${n.name}/k`, [k])], [n.name, idx64], { axis: -1, largest: 1, sorted: 1 });
    this.emit('Cast', [idx64], [`${n.name}:1`], { to: ONNX_TYPE.int32 });
    const shape = x!.shape ? [...x!.shape.slice(0, -1), k] : undefined;
    this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
    this.set(`${n.name}:1`, { onnx: `${n.name}:1`, dtype: 'int32', shape });
  }

  private transpose(n: TfNode): void {
    const [x, p] = this.ins(n);
    const perm = this.constValue(p!, 'perm');
    this.emit('Transpose', [this.use(x!)], [n.name], { perm });
    const shape = x!.shape && x!.shape.length === perm.length ? perm.map((i) => x!.shape![i]!) : undefined;
    this.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
  }

  /** SplitV: sizes (one may be −1, the rest) along a constant axis → outputs "name", "name:1", … */
  private splitV(n: TfNode): void {
    const [x, sz, ax] = this.ins(n);
    let sizes = this.constValue(sz!, 'size_splits');
    const rank = x!.shape?.length;
    let axis = this.constValue(ax!, 'split_dim')[0]!;
    if (axis < 0 && rank !== undefined) axis += rank;
    const dim = x!.shape?.[axis];
    if (sizes.includes(-1)) {
      if (dim === undefined || dim < 0) this.fail('a -1 split size needs a known dimension');
      const rest = dim - sizes.filter((v) => v >= 0).reduce((a, b) => a + b, 0);
      sizes = sizes.map((v) => (v < 0 ? rest : v));
    }
    const outs = sizes.map((_, i) => (i === 0 ? n.name : `${n.name}:${i}`));
    this.emit('Split', [this.use(x!), this.i64(`${n.name}/split`, sizes)], outs, { axis });
    outs.forEach((o, i) => {
      const shape = x!.shape?.map((d, k) => (k === axis ? sizes[i]! : d));
      this.set(o, { onnx: o, dtype: x!.dtype, shape });
    });
  }

  /** SparseToDense with constant inputs only (what exporters leave behind for shape arithmetic): folded here. */
  private sparseToDense(n: TfNode): void {
    const [idx, outShape, vals, def] = this.ins(n);
    const indices = this.constValue(idx!, 'sparse_indices');
    const shape = this.constValue(outShape!, 'output_shape');
    const values = this.constValue(vals!, 'sparse_values');
    const fill = this.constValue(def!, 'default_value')[0]!;
    const rank = shape.length;
    const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
    const out = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(fill);
    for (let k = 0; k < indices.length / rank; k++) {
      let at = 0;
      for (let d = 0; d < rank; d++) at += indices[k * rank + d]! * strides[d]!;
      if (!(at >= 0 && at < out.length)) this.fail('sparse index out of range');
      out[at] = values.length === 1 ? values[0]! : values[k]!;
    }
    this.set(n.name, { dtype: vals!.dtype, shape, value: typed(vals!.dtype, out) });
  }

  private gather(n: TfNode): void {
    const [p, idx, ax] = this.ins(n);
    if (Number(n.attr?.batch_dims?.i ?? 0) !== 0) this.fail('batch_dims ≠ 0 is not supported');
    let axis = this.constValue(ax!, 'axis')[0]!;
    const rank = p!.shape?.length;
    if (axis < 0 && rank !== undefined) axis += rank;
    this.emit('Gather', [this.use(p!, `${n.name}/params`), this.use(idx!, `${n.name}/indices`)], [n.name], { axis });
    const shape = p!.shape && idx!.shape ? [...p!.shape.slice(0, axis), ...idx!.shape, ...p!.shape.slice(axis + 1)] : undefined;
    this.set(n.name, { onnx: n.name, dtype: p!.dtype, shape });
  }

  private matmul(n: TfNode): void {
    const a = n.attr ?? {};
    const [x, wt, ...args] = this.ins(n);
    const ta = a.transpose_a?.b ?? false;
    const tb = a.transpose_b?.b ?? false;
    if (ta) this.fail('transpose_a is not supported');
    const fused = n.op === '_FusedMatMul' ? (a.fused_ops?.list?.s ?? []).map(b64) : [];
    if (fused.length && fused[0] !== 'BiasAdd') this.fail(`fused ops [${fused.join(', ')}] are not supported`);
    const bias = fused.length ? args[0] : undefined;
    const units = wt!.shape ? wt!.shape[tb ? 0 : 1]! : -1;
    let out = fused.length > 1 ? this.unique(`${n.name}/gemm`) : n.name;
    if (x!.shape?.length === 2) {
      const inputs = [this.use(x!), this.use(wt!, `${n.name}/W`)];
      if (bias) inputs.push(this.use(bias, `${n.name}/B`));
      this.emit('Gemm', inputs, [out], tb ? { transB: 1 } : {});
    } else {
      if (tb) this.fail('transpose_b on a rank > 2 input is not supported');
      const mm = bias ? this.unique(`${n.name}/matmul`) : out;
      this.emit('MatMul', [this.use(x!), this.use(wt!, `${n.name}/W`)], [mm]);
      if (bias) this.emit('Add', [mm, this.use(bias, `${n.name}/B`)], [out]);
    }
    if (fused.length > 1) {
      const act = fused.slice(1);
      if (act.length > 1 || !['Relu', 'Relu6', 'Sigmoid', 'Elu', 'LeakyRelu', 'Prelu'].includes(act[0]!))
        this.fail(`fused activation ${act.join(', ')} is not supported`);
      if (act[0] === 'Prelu') {
        this.emit('PRelu', [out, this.use(args[1]!, `${n.name}/alpha`)], [n.name]);
      } else {
        const res = this.activationNCHW(n, act, out, units);
        this.emit('Identity', [res], [n.name]);
      }
      out = n.name;
    }
    const shape = x!.shape ? [...x!.shape.slice(0, -1), units] : undefined;
    this.set(n.name, { onnx: n.name, dtype: 'float32', shape });
  }
}

// ───────────── helpers ─────────────

function topoSort(nodes: TfNode[]): TfNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const done = new Set<string>();
  const out: TfNode[] = [];
  const visiting = new Set<string>();
  const visit = (n: TfNode) => {
    if (done.has(n.name)) return;
    const stack: [TfNode, number][] = [[n, 0]];
    visiting.add(n.name);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [cur, i] = top;
      const deps = cur.input ?? [];
      if (i < deps.length) {
        top[1]++;
        const dep = byName.get(deps[i]!.replace(/^\^/, '').replace(/:\d+$/, ''));
        if (dep && !done.has(dep.name)) {
          if (visiting.has(dep.name)) throw new VwError('E_MODEL_INVALID', `The TF.js graph has a cycle through "${dep.name}".`);
          visiting.add(dep.name);
          stack.push([dep, 0]);
        }
      } else {
        stack.pop();
        visiting.delete(cur.name);
        done.add(cur.name);
        out.push(cur);
      }
    }
  };
  for (const n of nodes) visit(n);
  return out;
}

/** Drop nodes and initializers that no output depends on. */
function prune(nodes: OnnxTypes.INodeProto[], inits: OnnxTypes.ITensorProto[], outputs: string[]) {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.output?.forEach((o) => producer.set(o, i)));
  const need = new Set<string>(outputs);
  const keep = new Set<number>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    if (!n.output?.some((o) => need.has(o))) continue;
    keep.add(i);
    n.input?.forEach((x) => x && need.add(x));
  }
  return { nodes: nodes.filter((_, i) => keep.has(i)), inits: inits.filter((t) => need.has(t.name ?? '')) };
}

function broadcast(a: number[] | undefined, b: number[] | undefined): number[] | undefined {
  if (!a || !b) return undefined;
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    out.push(x === 1 ? y : y === 1 ? x : x < 0 || y < 0 ? -1 : Math.max(x, y));
  }
  return out;
}

function inferReshape(inShape: number[] | undefined, target: number[]): number[] {
  const out = [...target];
  const k = out.indexOf(-1);
  if (k >= 0 && inShape && inShape.every((d) => d >= 0)) {
    const total = inShape.reduce((p, d) => p * d, 1);
    const known = out.reduce((p, d, i) => (i === k ? p : p * d), 1);
    out[k] = total / known;
  }
  return out;
}

function typed(dtype: DType, vals: number[]): Values {
  if (dtype === 'float32') return Float32Array.from(vals);
  if (dtype === 'int32') return Int32Array.from(vals);
  if (dtype === 'int64') return BigInt64Array.from(vals.map((v) => BigInt(v)));
  return Uint8Array.from(vals);
}

/** Fold a binary op over two small constants (numpy broadcasting). */
function foldBinary(op: string, x: Info, y: Info, shape: number[] | undefined): Values | undefined {
  if (!shape || !x.shape || !y.shape || shape.some((d) => d < 0)) return undefined;
  const n = shape.reduce((p, d) => p * d, 1);
  if (n > 4096) return undefined;
  const xv = x.value as ArrayLike<number>;
  const yv = y.value as ArrayLike<number>;
  const idx = (s: number[], flat: number) => {
    let off = 0;
    let mul = 1;
    let rem = flat;
    const coords: number[] = [];
    for (let i = shape.length - 1; i >= 0; i--) {
      coords[i] = rem % shape[i]!;
      rem = Math.floor(rem / shape[i]!);
    }
    for (let i = s.length - 1; i >= 0; i--) {
      const c = coords[shape.length - s.length + i]!;
      off += (s[i] === 1 ? 0 : c) * mul;
      mul *= s[i]!;
    }
    return off;
  };
  const isInt = x.dtype !== 'float32';
  const f: Record<string, (a: number, b: number) => number> = {
    Add: (a, b) => a + b,
    Sub: (a, b) => a - b,
    Mul: (a, b) => (isInt ? Math.imul(a, b) : a * b),
    Div: (a, b) => (isInt ? Math.trunc(a / b) : a / b),
    Min: Math.min,
    Max: Math.max,
    FloorDiv: (a, b) => Math.floor(a / b),
    FloorMod: (a, b) => {
      if (isInt) return a - Math.floor(a / b) * b;
      const r = a % b;
      return r !== 0 && r < 0 !== b < 0 ? r + b : r;
    },
  };
  const fn = f[op];
  if (!fn) return undefined;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = fn(xv[idx(x.shape, i)]!, yv[idx(y.shape, i)]!);
  return typed(x.dtype, out);
}
