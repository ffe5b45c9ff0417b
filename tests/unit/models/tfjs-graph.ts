/**
 * Test helper: build small TF.js graph models in memory (model.json + one
 * weight shard), with optional float16 / uint8 / uint16 quantized weights, and
 * run them through TF.js itself (the oracle) and through our converter + ORT.
 */
import * as tf from '@tensorflow/tfjs';
import { convertTfjsGraph, type ConvertOptions } from '../../../main/models/tfjs';
import { floatToHalf, type TfWeightSpec } from '../../../main/models/weights';
import { createSession } from '../../../main/runtime';
import { saveModel } from '../../../main/onnx/proto';

export interface ConstSpec {
  shape: number[];
  values: number[];
  dtype?: 'float32' | 'int32';
  quant?: 'float16' | 'uint8' | 'uint16';
}
type Attr = Record<string, unknown>;
export interface NodeSpec {
  name: string;
  op: string;
  input?: string[];
  attr?: Attr;
}

export const s = (v: string) => ({ s: Buffer.from(v).toString('base64') });
export const i = (v: number) => ({ i: String(v) });
export const b = (v: boolean) => ({ b: v });
export const li = (v: number[]) => ({ list: { i: v.map(String) } });
export const ls = (v: string[]) => ({ list: { s: v.map((x) => Buffer.from(x).toString('base64')) } });
export const T = { type: 'DT_FLOAT' };

export function placeholder(name: string, shape: number[]): NodeSpec {
  return {
    name,
    op: 'Placeholder',
    attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: shape.map((d) => ({ size: String(d) })) } } },
  };
}

export function graph(
  nodes: NodeSpec[],
  consts: Record<string, ConstSpec>,
  outputs?: string[],
): { json: unknown; shard: Uint8Array; specs: TfWeightSpec[] } {
  const specs: TfWeightSpec[] = [];
  const parts: Uint8Array[] = [];
  const constNodes: NodeSpec[] = [];
  for (const [name, c] of Object.entries(consts)) {
    const dtype = c.dtype ?? 'float32';
    constNodes.push({ name, op: 'Const', attr: { dtype: { type: dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT' }, value: {} } });
    if (!c.quant) {
      specs.push({ name, shape: c.shape, dtype });
      const arr = dtype === 'int32' ? Int32Array.from(c.values) : Float32Array.from(c.values);
      parts.push(new Uint8Array(arr.buffer));
    } else if (c.quant === 'float16') {
      specs.push({ name, shape: c.shape, dtype, quantization: { dtype: 'float16', original_dtype: 'float32' } });
      parts.push(new Uint8Array(Uint16Array.from(c.values, floatToHalf).buffer));
    } else {
      const levels = c.quant === 'uint8' ? 255 : 65535;
      const min = Math.min(...c.values);
      const max = Math.max(...c.values);
      const scale = (max - min) / levels || 1;
      const q = c.values.map((v) => Math.round((v - min) / scale));
      specs.push({ name, shape: c.shape, dtype, quantization: { dtype: c.quant, scale, min, original_dtype: dtype } });
      parts.push(c.quant === 'uint8' ? Uint8Array.from(q) : new Uint8Array(Uint16Array.from(q).buffer));
    }
  }
  const total = parts.reduce((a, p) => a + p.byteLength, 0);
  const shard = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    shard.set(p, o);
    o += p.byteLength;
  }
  const json = {
    format: 'graph-model',
    modelTopology: { node: [...constNodes, ...nodes], library: {}, versions: {} },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: specs }],
    ...(outputs ? { signature: { outputs: Object.fromEntries(outputs.map((o) => [o, { name: `${o}:0` }])) } } : {}),
  };
  return { json, shard, specs };
}

/** Seeded uniform values in [lo, hi). */
export function seeded(n: number, seed = 1, lo = -1, hi = 1): number[] {
  let x = seed >>> 0;
  return Array.from({ length: n }, () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * x) / 2 ** 32;
  });
}

/** Run both TF.js (cpu backend) and the converted ONNX model; return outputs by name. */
export async function runBoth(
  g: ReturnType<typeof graph>,
  input: { name: string; shape: number[]; values: number[] },
  outputs: string[],
  opts: ConvertOptions = {},
): Promise<{ tf: Record<string, { data: number[]; shape: number[] }>; ort: Record<string, { data: number[]; shape: number[] }> }> {
  await tf.setBackend('cpu');
  const json = g.json as { modelTopology: unknown };
  const model = await tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology as never,
      weightSpecs: g.specs as never,
      weightData: g.shard.slice().buffer,
      format: 'graph-model',
    } as never),
  );
  const x = tf.tensor(input.values, input.shape);
  const res = model.execute({ [input.name]: x }, outputs) as tf.Tensor | tf.Tensor[];
  const list = Array.isArray(res) ? res : [res];
  const tfOut: Record<string, { data: number[]; shape: number[] }> = {};
  outputs.forEach((n, k) => (tfOut[n] = { data: Array.from(list[k]!.dataSync()), shape: list[k]!.shape }));
  tf.dispose([x, ...list]);
  model.dispose();

  const onnxModel = convertTfjsGraph(g.json, () => g.shard, opts);
  // The converter exposes graph outputs from the signature, or the graph's sinks.
  const session = await createSession(saveModel(onnxModel), { label: 'test', executionProviders: ['cpu'] });
  const r = await session.run({ [input.name]: { data: Float32Array.from(input.values), dims: input.shape } });
  await session.release();
  const ortOut: Record<string, { data: number[]; shape: number[] }> = {};
  for (const [k, v] of Object.entries(r)) ortOut[k] = { data: Array.from(v.data as ArrayLike<number>, Number), shape: [...v.dims] };
  return { tf: tfOut, ort: ortOut };
}

export function maxAbsDiff(a: number[], b: number[]): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
}
