/**
 * A small editable view of an ONNX graph, enough for the style engine to cut a
 * backbone prefix and append loss and gradient nodes to it.
 *
 * Nodes keep their original attribute protos untouched so that anything we do
 * not understand survives a load → save round trip byte-for-byte. Initializers
 * stay as protos too (raw_data is not copied) — the backbone's weights are the
 * bulk of the model and we only ever read a handful of small constant tensors
 * (shapes, axes, pads, clip bounds).
 *
 * Protobuf access goes through the shared helpers in main/onnx/proto.
 */
import { VwError } from '../errors';
import { loadModel, onnx, readTensor, saveModel, type OnnxTypes } from '../onnx/proto';

type IAttr = OnnxTypes.IAttributeProto;
type ITensor = OnnxTypes.ITensorProto;

const AT = onnx.AttributeProto.AttributeType;
const DT = onnx.TensorProto.DataType;

export interface GNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: IAttr[];
  domain?: string;
}

export interface Graph {
  nodes: GNode[];
  initializers: Map<string, ITensor>;
  /** Graph inputs that are not initializers: name and declared dims (symbolic dims as -1). */
  inputs: { name: string; dims: number[]; elemType: number }[];
  outputs: string[];
  opset: number;
}

/** Attribute value for a new node; the kind picks the proto field. */
export type AttrValue = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { s: string } | { t: ITensor };

function long(x: unknown): number {
  return typeof x === 'number' ? x : Number(x as bigint);
}

export function loadGraph(bytes: Uint8Array): Graph {
  let model: OnnxTypes.ModelProto;
  try {
    model = loadModel(bytes);
  } catch (err) {
    throw new VwError('E_MODEL_INVALID', `Not an ONNX model: ${(err as Error).message}`);
  }
  const g = model.graph;
  if (!g) throw new VwError('E_MODEL_INVALID', 'The ONNX model has no graph.');
  const initializers = new Map<string, ITensor>();
  for (const t of g.initializer ?? []) initializers.set(t.name ?? '', t);
  const opset = (model.opsetImport ?? []).filter((o) => !o.domain || o.domain === 'ai.onnx').map((o) => long(o.version))[0] ?? 13;
  return {
    nodes: (g.node ?? []).map((n, i) => ({
      op: n.opType ?? '',
      name: n.name || `${n.opType}_${i}`,
      inputs: [...(n.input ?? [])],
      outputs: [...(n.output ?? [])],
      attrs: [...(n.attribute ?? [])],
      domain: n.domain || undefined,
    })),
    initializers,
    inputs: (g.input ?? [])
      .filter((v) => !initializers.has(v.name ?? ''))
      .map((v) => ({
        name: v.name ?? '',
        elemType: v.type?.tensorType?.elemType ?? DT.FLOAT,
        dims: (v.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimValue != null && long(d.dimValue) > 0 ? long(d.dimValue) : -1)),
      })),
    outputs: (g.output ?? []).map((v) => v.name ?? ''),
    opset,
  };
}

function valueInfo(name: string, elemType: number, dims?: (number | string)[]): OnnxTypes.IValueInfoProto {
  // Element type 0 = unknown: leave the type out and let the runtime infer it.
  if (elemType === 0) return { name };
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: dims
          ? { dim: dims.map((d) => (typeof d === 'number' && d >= 0 ? { dimValue: d } : { dimParam: String(d === -1 ? `d_${name}` : d) })) }
          : undefined,
      },
    },
  };
}

/**
 * Serialize a graph. `inputs` and `outputs` say what the model's signature is;
 * outputs without known dims are declared with element type only.
 */
export function saveGraph(
  g: Graph,
  sig: { inputs: { name: string; dims: (number | string)[]; elemType?: number }[]; outputs: { name: string; elemType?: number }[] },
): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'vws-style',
    opsetImport: [{ domain: '', version: g.opset }],
    graph: {
      name: 'style',
      node: g.nodes.map((n) => ({
        opType: n.op,
        name: n.name,
        input: n.inputs,
        output: n.outputs,
        attribute: n.attrs,
        domain: n.domain ?? '',
      })),
      initializer: [...g.initializers.values()],
      input: sig.inputs.map((i) => valueInfo(i.name, i.elemType ?? DT.FLOAT, i.dims)),
      output: sig.outputs.map((o) => valueInfo(o.name, o.elemType ?? DT.FLOAT)),
    },
  });
  return saveModel(model);
}

export function attr(name: string, v: AttrValue): IAttr {
  if ('i' in v) return { name, type: AT.INT, i: v.i };
  if ('f' in v) return { name, type: AT.FLOAT, f: v.f };
  if ('ints' in v) return { name, type: AT.INTS, ints: v.ints };
  if ('floats' in v) return { name, type: AT.FLOATS, floats: v.floats };
  if ('t' in v) return { name, type: AT.TENSOR, t: v.t };
  return { name, type: AT.STRING, s: new TextEncoder().encode(v.s) };
}

export function getAttr(n: GNode, name: string): IAttr | undefined {
  return n.attrs.find((a) => a.name === name);
}
export function attrInt(n: GNode, name: string, def: number): number {
  const a = getAttr(n, name);
  return a ? long(a.i) : def;
}
export function attrFloat(n: GNode, name: string, def: number): number {
  const a = getAttr(n, name);
  return a ? (a.f ?? def) : def;
}
export function attrInts(n: GNode, name: string): number[] | undefined {
  const a = getAttr(n, name);
  return a ? (a.ints ?? []).map(long) : undefined;
}
export function attrString(n: GNode, name: string, def: string): string {
  const a = getAttr(n, name);
  return a?.s ? new TextDecoder().decode(a.s) : def;
}

/** Read a (small) tensor proto as numbers. */
export function tensorValues(t: ITensor): number[] {
  try {
    return Array.from(readTensor(t).data as ArrayLike<number | bigint>, Number);
  } catch (err) {
    throw new VwError('E_MODEL_INVALID', `Constant tensor ${t.name} cannot be read: ${(err as Error).message}`);
  }
}

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): ITensor {
  const data = Float32Array.from(values as ArrayLike<number>);
  return { name, dims, dataType: DT.FLOAT, rawData: new Uint8Array(data.buffer) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): ITensor {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, dims, dataType: DT.INT64, rawData: new Uint8Array(data.buffer) };
}

export const ELEM_FLOAT = DT.FLOAT;
export const ELEM_INT64 = DT.INT64;

/** Values of a tensor known at build time: an initializer or a Constant node's output. */
export function constantOf(g: { initializers: Map<string, ITensor>; nodes: GNode[] }, name: string): number[] | undefined {
  const init = g.initializers.get(name);
  if (init) return tensorValues(init);
  const producer = g.nodes.find((n) => n.outputs.includes(name));
  if (producer?.op === 'Constant') {
    const v = getAttr(producer, 'value');
    if (v?.t) return tensorValues(v.t);
    const vf = getAttr(producer, 'value_float');
    if (vf) return [vf.f ?? 0];
    const vi = getAttr(producer, 'value_int');
    if (vi) return [long(vi.i)];
    const vfs = getAttr(producer, 'value_floats');
    if (vfs) return [...(vfs.floats ?? [])];
    const vis = getAttr(producer, 'value_ints');
    if (vis) return (vis.ints ?? []).map(long);
  }
  return undefined;
}

/**
 * The nodes needed to compute `targets`, in the original (topological) order.
 * This is how a backbone is cut at the deepest layer the loss uses: everything
 * after it (the detection head, later stages) is dropped.
 */
export function prefixNodes(nodes: GNode[], targets: string[]): GNode[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)));
  const keep = new Set<number>();
  const stack = [...targets];
  while (stack.length) {
    const t = stack.pop()!;
    const i = producer.get(t);
    if (i === undefined || keep.has(i)) continue;
    keep.add(i);
    for (const inp of nodes[i]!.inputs) if (inp) stack.push(inp);
  }
  return nodes.filter((_, i) => keep.has(i));
}

/**
 * Find the tensor a user-facing layer name refers to. Converted TF graphs
 * name tensors like `StatefulPartitionedCall/.../expanded_conv_5/add:0`, so a
 * short name also matches a unique tensor or node name that ends with it.
 */
export function resolveLayer(nodes: GNode[], layer: string): string {
  const tensors = new Set<string>();
  for (const n of nodes) n.outputs.forEach((o) => tensors.add(o));
  if (tensors.has(layer)) return layer;
  const byNode = nodes.find((n) => n.name === layer);
  if (byNode?.outputs[0]) return byNode.outputs[0];
  if (tensors.has(`${layer}:0`)) return `${layer}:0`;
  const cands = new Set<string>();
  const strip = (s: string) => s.replace(/:0$/, '');
  for (const t of tensors) if (strip(t).endsWith(`/${layer}`)) cands.add(t);
  for (const n of nodes) if (n.name.endsWith(`/${layer}`) && n.outputs[0]) cands.add(n.outputs[0]);
  if (cands.size === 1) return [...cands][0]!;
  throw new VwError(
    'E_BAD_ARGUMENT',
    cands.size ? `Layer "${layer}" is ambiguous: ${[...cands].slice(0, 5).join(', ')}.` : `The backbone has no layer "${layer}".`,
    {
      hint: 'Use a tensor or node name from the ONNX graph (vws models inspect lists them).',
    },
  );
}
