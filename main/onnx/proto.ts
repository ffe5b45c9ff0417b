/**
 * ONNX ModelProto in plain TypeScript: load, save and small builders.
 *
 * Wraps the protobufjs classes of the `onnx-proto` package (ONNX IR 8) so the
 * rest of the product never touches protobuf details. Used by the TF.js → ONNX
 * converter, the exact graph rewrites, the inspector, and the style engine's
 * generated gradient graphs.
 *
 * @example
 *   import { makeModel, node, tensor, valueInfo, saveModel, loadModel } from '../onnx/proto';
 *   const model = makeModel({
 *     inputs: [valueInfo('x', 'float32', ['batch', 4])],
 *     outputs: [valueInfo('y', 'float32', ['batch', 4])],
 *     initializers: [tensor('two', [1], new Float32Array([2]))],
 *     nodes: [node('Mul', ['x', 'two'], ['y'])],
 *   });
 *   const bytes = saveModel(model);            // Uint8Array, deterministic for equal input
 *   const again = loadModel(bytes);            // onnx.ModelProto
 */
import fs from 'node:fs';
import * as onnxProtoModule from 'onnx-proto';

type OnnxModule = typeof onnxProtoModule;
// onnx-proto is CommonJS (`module.exports = $root`): under Node's ESM loader the
// namespace sits on `default`; under bundlers it may be a named export.
const mod = onnxProtoModule as unknown as OnnxModule & { default?: OnnxModule };
/** The protobufjs `onnx` namespace (ModelProto, GraphProto, NodeProto, TensorProto, …). */
export const onnx: OnnxModule['onnx'] = mod.onnx ?? mod.default!.onnx;
export type { onnx as OnnxTypes } from 'onnx-proto';
import type { onnx as O } from 'onnx-proto';

/** Default opset of generated models (ORT 1.30 supports up to 22; 13 covers every op we emit). */
export const DEFAULT_OPSET = 13;
export const IR_VERSION = 8;

/** ONNX element types by name. */
export const DataType = {
  float32: 1,
  uint8: 2,
  int8: 3,
  uint16: 4,
  int16: 5,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  float16: 10,
  float64: 11,
  uint32: 12,
  uint64: 13,
} as const;
export type ElemType = keyof typeof DataType;

const TYPE_NAME: Record<number, ElemType> = Object.fromEntries(Object.entries(DataType).map(([k, v]) => [v, k as ElemType]));

/** Name of an ONNX element type number ("float32", "int64", …); "unknown(n)" if unsupported. */
export function elemTypeName(t: number | null | undefined): string {
  return TYPE_NAME[t ?? 0] ?? `unknown(${t})`;
}

/** Convert protobuf int64 (number or Long) to a JS number. */
export function toNum(x: number | { toNumber(): number } | null | undefined): number {
  if (x === null || x === undefined) return 0;
  return typeof x === 'number' ? x : x.toNumber();
}

// ───────────────────────────── load / save ─────────────────────────────

/** Decode a model from bytes or a file path. Throws on malformed protobuf. */
export function loadModel(src: Uint8Array | string): O.ModelProto {
  const bytes = typeof src === 'string' ? fs.readFileSync(src) : src;
  return onnx.ModelProto.decode(bytes);
}

/** Encode a model to bytes. Same model object in → same bytes out. */
export function saveModel(model: O.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

// ───────────────────────────── builders ─────────────────────────────

export type AttrValue =
  number | string | number[] | string[] | Float32Array | O.ITensorProto | O.IGraphProto | { floats: number[] } | { ints: number[] };

/**
 * An attribute. Numbers are INT when integral, else FLOAT; force a float with
 * `{ floats: [x] }`-style wrappers (`attrFloat`) where the op spec needs FLOAT.
 */
export function attr(name: string, value: AttrValue): O.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return Number.isInteger(value) ? { name, type: T.INT, i: value } : { name, type: T.FLOAT, f: value };
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (value instanceof Float32Array) return { name, type: T.FLOATS, floats: Array.from(value) };
  if (Array.isArray(value)) {
    if (value.length && typeof value[0] === 'string')
      return { name, type: T.STRINGS, strings: (value as string[]).map((s) => new TextEncoder().encode(s)) };
    return { name, type: T.INTS, ints: value as number[] };
  }
  if ('floats' in value && Array.isArray(value.floats)) return { name, type: T.FLOATS, floats: value.floats };
  if ('ints' in value && Array.isArray(value.ints)) return { name, type: T.INTS, ints: value.ints };
  if ('node' in value || 'initializer' in value) return { name, type: T.GRAPH, g: value as O.IGraphProto };
  return { name, type: T.TENSOR, t: value as O.ITensorProto };
}

/** A FLOAT attribute even for integral values (e.g. `alpha: 1`). */
export function attrFloat(name: string, value: number): O.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value };
}

/** Read an attribute as a plain JS value (INT → number, INTS → number[], STRING → string, …). */
export function attrValue(a: O.IAttributeProto): unknown {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case T.INT:
      return toNum(a.i as number);
    case T.FLOAT:
      return a.f ?? 0;
    case T.STRING:
      return new TextDecoder().decode(a.s ?? new Uint8Array());
    case T.INTS:
      return (a.ints ?? []).map((v) => toNum(v as number));
    case T.FLOATS:
      return a.floats ?? [];
    case T.STRINGS:
      return (a.strings ?? []).map((s) => new TextDecoder().decode(s));
    case T.TENSOR:
      return a.t;
    case T.GRAPH:
      return a.g;
    default:
      return undefined;
  }
}

/** Attributes of a node as a name → value map (see `attrValue`). */
export function nodeAttrs(n: O.INodeProto): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of n.attribute ?? []) out[a.name ?? ''] = attrValue(a);
  return out;
}

/**
 * A node. `attrs` values follow `attr()`; pass a ready IAttributeProto (from
 * `attrFloat`) to force a type.
 *
 * @example node('Conv', ['x', 'w', 'b'], ['y'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, 'conv1')
 */
export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, AttrValue | O.IAttributeProto | undefined> = {},
  name?: string,
  domain?: string,
): O.INodeProto {
  const attribute: O.IAttributeProto[] = [];
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    if (
      typeof v === 'object' &&
      !Array.isArray(v) &&
      !(v instanceof Float32Array) &&
      'name' in v &&
      'type' in v &&
      (v as O.IAttributeProto).name === k
    )
      attribute.push(v as O.IAttributeProto);
    else attribute.push(attr(k, v as AttrValue));
  }
  const n: O.INodeProto = { opType, input: inputs, output: outputs, attribute, name: name ?? outputs[0] ?? opType };
  if (domain) n.domain = domain;
  return n;
}

export type TensorValues =
  Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Uint16Array | Float64Array | number[] | bigint[];

/**
 * An initializer / constant tensor, stored as raw little-endian bytes.
 * The element type follows the array type (Float32Array → float32, Int32Array →
 * int32, BigInt64Array → int64, Uint8Array → uint8); plain arrays need `type`.
 *
 * @example tensor('shape', [2], new BigInt64Array([1n, -1n]))
 */
export function tensor(name: string, dims: readonly number[], values: TensorValues, type?: ElemType): O.ITensorProto {
  const t = type ?? inferElemType(values);
  let raw: Uint8Array;
  if (Array.isArray(values)) {
    raw = toRaw(t, values);
  } else if (t === 'bool' && values instanceof Uint8Array) {
    raw = new Uint8Array(values);
  } else {
    const v = values as Exclude<TensorValues, number[] | bigint[]>;
    // Copy so later mutation of the caller's array cannot change the model.
    raw = new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  }
  const n = dims.reduce((a, b) => a * b, 1);
  const width = elemBytes(t);
  if (raw.byteLength !== n * width)
    throw new Error(`tensor ${name}: dims [${dims.join(',')}] need ${n} values, got ${raw.byteLength / width}`);
  return { name, dims: [...dims], dataType: DataType[t], rawData: raw };
}

/** int64 1-D tensor from numbers (shapes, axes, pads). */
export function int64s(name: string, values: readonly number[]): O.ITensorProto {
  return tensor(name, [values.length], BigInt64Array.from(values.map((v) => BigInt(v))));
}

/** float32 scalar (0-D) tensor. */
export function scalar(name: string, value: number): O.ITensorProto {
  return tensor(name, [], new Float32Array([value]));
}

function inferElemType(v: TensorValues): ElemType {
  if (v instanceof Float32Array) return 'float32';
  if (v instanceof Int32Array) return 'int32';
  if (v instanceof BigInt64Array) return 'int64';
  if (v instanceof Uint8Array) return 'uint8';
  if (v instanceof Int8Array) return 'int8';
  if (v instanceof Uint16Array) return 'float16';
  if (v instanceof Float64Array) return 'float64';
  throw new Error('tensor(): pass `type` for plain arrays');
}

function elemBytes(t: ElemType): number {
  switch (t) {
    case 'float64':
    case 'int64':
    case 'uint64':
      return 8;
    case 'float32':
    case 'int32':
    case 'uint32':
      return 4;
    case 'float16':
    case 'int16':
    case 'uint16':
      return 2;
    default:
      return 1;
  }
}

function toRaw(t: ElemType, values: number[] | bigint[]): Uint8Array {
  const nums = values as (number | bigint)[];
  switch (t) {
    case 'float32':
      return new Uint8Array(Float32Array.from(nums.map(Number)).buffer);
    case 'float64':
      return new Uint8Array(Float64Array.from(nums.map(Number)).buffer);
    case 'int32':
      return new Uint8Array(Int32Array.from(nums.map(Number)).buffer);
    case 'int64':
      return new Uint8Array(BigInt64Array.from(nums.map((x) => BigInt(x))).buffer);
    case 'uint8':
    case 'bool':
      return Uint8Array.from(nums.map(Number));
    case 'int8':
      return new Uint8Array(Int8Array.from(nums.map(Number)).buffer);
    default:
      throw new Error(`tensor(): plain arrays of ${t} are not supported`);
  }
}

/**
 * Read any TensorProto (raw_data or typed fields) into a typed array.
 * float16 is widened to Float32Array; bool comes back as Uint8Array.
 */
export function readTensor(t: O.ITensorProto): {
  dims: number[];
  type: string;
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Float64Array;
} {
  const dims = (t.dims ?? []).map((d) => toNum(d as number));
  const n = dims.reduce((a, b) => a * b, 1);
  const dt = t.dataType ?? 0;
  const type = elemTypeName(dt);
  const raw = t.rawData && t.rawData.length ? t.rawData : undefined;
  const view = (Ctor: { new (b: ArrayBuffer): ArrayLike<unknown> }) => {
    const copy = new Uint8Array(raw!.byteLength);
    copy.set(raw!);
    return new Ctor(copy.buffer);
  };
  switch (dt) {
    case DataType.float32:
      return { dims, type, data: raw ? (view(Float32Array) as Float32Array) : Float32Array.from(t.floatData ?? []) };
    case DataType.float64:
      return { dims, type, data: raw ? (view(Float64Array) as Float64Array) : Float64Array.from(t.doubleData ?? []) };
    case DataType.int32:
      return { dims, type, data: raw ? (view(Int32Array) as Int32Array) : Int32Array.from(t.int32Data ?? []) };
    case DataType.int64:
      return {
        dims,
        type,
        data: raw ? (view(BigInt64Array) as BigInt64Array) : BigInt64Array.from((t.int64Data ?? []).map((v) => BigInt(toNum(v as number)))),
      };
    case DataType.uint8:
    case DataType.bool:
      return { dims, type, data: raw ? Uint8Array.from(raw) : Uint8Array.from(t.int32Data ?? []) };
    case DataType.int8:
      return { dims, type, data: raw ? (view(Int8Array) as Int8Array) : Int8Array.from(t.int32Data ?? []) };
    case DataType.float16: {
      const halves = raw ? (view(Uint16Array) as Uint16Array) : Uint16Array.from(t.int32Data ?? []);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToFloat(halves[i]!);
      return { dims, type: 'float32', data: out };
    }
    default:
      throw new Error(`readTensor: element type ${type} of ${t.name} is not supported`);
  }
}

/** IEEE 754 binary16 → number (exact). */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/**
 * A graph input/output description. Dims: number = fixed, string = symbolic
 * ("batch"), null = unknown. Omit `shape` for unknown rank.
 *
 * @example valueInfo('images', 'float32', ['batch', 512, 512, 3])
 */
export function valueInfo(name: string, type: ElemType, shape?: readonly (number | string | null)[]): O.IValueInfoProto {
  const tensorType: O.TypeProto.ITensor = { elemType: DataType[type] };
  if (shape) tensorType.shape = { dim: shape.map((d) => (d === null ? {} : typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
  return { name, type: { tensorType } };
}

/** Shape of a ValueInfo: numbers, symbolic names, or null for unknown dims; undefined when the rank is unknown. */
export function valueInfoShape(v: O.IValueInfoProto): (number | string | null)[] | undefined {
  const s = v.type?.tensorType?.shape;
  if (!s) return undefined;
  return (s.dim ?? []).map((d) =>
    d.dimParam ? d.dimParam : d.dimValue !== undefined && d.dimValue !== null ? toNum(d.dimValue as number) : null,
  );
}

export interface MakeModelOptions {
  nodes: O.INodeProto[];
  inputs: O.IValueInfoProto[];
  outputs: O.IValueInfoProto[];
  initializers?: O.ITensorProto[];
  valueInfo?: O.IValueInfoProto[];
  name?: string;
  opset?: number;
  /** Extra opset imports, e.g. [{ domain: 'com.microsoft', version: 1 }]. */
  extraOpsets?: { domain: string; version: number }[];
  producer?: string;
  producerVersion?: string;
  docString?: string;
  /** Stored as metadata_props (sorted by key so output is deterministic). */
  metadata?: Record<string, string>;
}

/** Assemble a ModelProto (IR 8, default opset 13). */
export function makeModel(o: MakeModelOptions): O.ModelProto {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: o.producer ?? 'vision-workstation',
    producerVersion: o.producerVersion ?? '1',
    opsetImport: [{ domain: '', version: o.opset ?? DEFAULT_OPSET }, ...(o.extraOpsets ?? [])],
    graph: {
      name: o.name ?? 'graph',
      node: o.nodes,
      input: o.inputs,
      output: o.outputs,
      initializer: o.initializers ?? [],
      valueInfo: o.valueInfo ?? [],
    },
  });
  if (o.docString) model.docString = o.docString;
  if (o.metadata)
    model.metadataProps = Object.keys(o.metadata)
      .sort()
      .map((key) => ({ key, value: o.metadata![key] }));
  return model;
}

/** The opset version of the default domain. */
export function opsetOf(model: O.IModelProto): number {
  const imp = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return toNum(imp?.version as number);
}

/** Initializers of a graph by name. */
export function initializerMap(graph: O.IGraphProto): Map<string, O.ITensorProto> {
  return new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
}
