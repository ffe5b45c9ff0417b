/**
 * Model inspector: the course's layer table for any ONNX model — per layer its
 * kind (CONV f/s/p, POOL, FC, …), output activation shape (batch dropped,
 * channels last), activation size, parameters and MACs, plus totals.
 *
 * Shapes are measured, not guessed: every intermediate value is exposed as a
 * graph output and the model runs once on zeros (batch 1) with
 * graph optimizations off, so shapes are right for any op ORT can run
 * (dynamic reshapes, TopK, …). Parameters and MACs come from the initializers
 * and node attributes. Totals are the sums of the rows.
 */
import fs from 'node:fs';
import type { InspectReport, LayerRow } from '../../preload/contract';
import { VwError } from '../errors';
import { createSession, type TensorArray, type TensorType } from '../runtime';
import { loadModel, nodeAttrs, onnx, saveModel, toNum, valueInfoShape, type OnnxTypes } from '../onnx/proto';

export interface InspectOptions {
  /** Full input shape including batch, e.g. [1, 3, 224, 224]; default: the model's, symbolic dims → 1. */
  inputShape?: number[];
  /** Name shown in the report. */
  label?: string;
}

/** Ops that only move data around; they get no row (their output is the same activation). */
const PLUMBING = new Set([
  'Identity',
  'Reshape',
  'Flatten',
  'Transpose',
  'Shape',
  'Unsqueeze',
  'Squeeze',
  'Constant',
  'ConstantOfShape',
  'Cast',
  'Dropout',
]);

type Layout = 'NCHW' | 'NHWC' | undefined;

/**
 * Inspect a model given as a file path, bytes or a decoded ModelProto.
 *
 * @example
 *   const r = await inspectModel('/cache/models/fr_feature.onnx');
 *   r.layers[0]; // { kind: 'CONV 3x3 s2 p1', shape: [56, 56, 64], params: 1728, … }
 */
export async function inspectModel(src: string | Uint8Array | OnnxTypes.ModelProto, opts: InspectOptions = {}): Promise<InspectReport> {
  let model: OnnxTypes.ModelProto;
  try {
    model = typeof src === 'string' || src instanceof Uint8Array ? loadModel(src) : onnx.ModelProto.decode(saveModel(src));
  } catch (err) {
    throw new VwError('E_MODEL_INVALID', `Not an ONNX model${typeof src === 'string' ? `: ${src}` : ''} (${(err as Error).message})`);
  }
  const g = model.graph;
  if (!g) throw new VwError('E_MODEL_INVALID', 'The ONNX model has no graph.');
  const label = opts.label ?? (typeof src === 'string' ? src : g.name || 'model');
  const inits = new Map((g.initializer ?? []).map((t) => [t.name ?? '', t]));
  const realInputs = (g.input ?? []).filter((i) => !inits.has(i.name ?? ''));
  if (realInputs.length !== 1 && opts.inputShape)
    throw new VwError('E_BAD_ARGUMENT', `--input-shape needs a model with one input; ${label} has ${realInputs.length}.`);

  // Feeds: zeros of the requested / declared shape.
  const feeds: Record<string, { data: TensorArray; dims: number[]; type: TensorType }> = {};
  let inputShape: number[] = [];
  for (const inp of realInputs) {
    const declared = valueInfoShape(inp);
    let dims: number[];
    if (opts.inputShape) {
      if (declared && declared.length !== opts.inputShape.length)
        throw new VwError(
          'E_BAD_ARGUMENT',
          `Input "${inp.name}" has rank ${declared.length} [${declared.join(',')}]; --input-shape gave ${opts.inputShape.length} dims.`,
        );
      dims = opts.inputShape;
    } else {
      if (!declared) throw new VwError('E_BAD_ARGUMENT', `Input "${inp.name}" has no declared shape; pass --input-shape.`);
      dims = declared.map((d, i) => {
        if (typeof d === 'number' && d > 0) return d;
        if (i === 0) return 1;
        throw new VwError('E_BAD_ARGUMENT', `Input "${inp.name}" has a free dim ${i} (${d ?? '?'}); pass --input-shape.`);
      });
    }
    if (inputShape.length === 0) inputShape = dims;
    feeds[inp.name!] = zeros(inp.type?.tensorType?.elemType ?? 1, dims);
  }

  // Expose every node output so one run gives every shape.
  const probe = onnx.ModelProto.decode(saveModel(model));
  const pg = probe.graph!;
  const outNames = new Set((pg.output ?? []).map((o) => o.name));
  for (const n of pg.node ?? [])
    for (const o of n.output ?? []) {
      if (!o || outNames.has(o)) continue;
      pg.output!.push({ name: o });
      outNames.add(o);
    }
  const session = await createSession(saveModel(probe), { label, graphOptimization: 'disabled', executionProviders: ['cpu'] });
  const shapes = new Map<string, number[]>();
  try {
    const out = await session.run(feeds);
    for (const [k, v] of Object.entries(out)) shapes.set(k, [...v.dims]);
  } finally {
    await session.release();
  }
  for (const [k, v] of Object.entries(feeds)) shapes.set(k, v.dims);

  // Layout of each 4-D value: NCHW for ONNX's spatial ops, tracked through Transposes.
  const layout = new Map<string, Layout>();
  for (const inp of realInputs) {
    const d = shapes.get(inp.name!)!;
    layout.set(inp.name!, d.length === 4 ? (d[3]! <= 4 && d[1]! > 4 ? 'NHWC' : 'NCHW') : undefined);
  }

  const counted = new Set<string>();
  const layers: LayerRow[] = [];
  for (const n of g.node ?? []) {
    const op = n.opType ?? '?';
    const a = nodeAttrs(n);
    const x = n.input?.[0] ?? '';
    const y = n.output?.[0] ?? '';
    const inLayout = layout.get(x);
    let outLayout: Layout = inLayout;
    if (
      [
        'Conv',
        'ConvTranspose',
        'MaxPool',
        'AveragePool',
        'GlobalAveragePool',
        'GlobalMaxPool',
        'BatchNormalization',
        'InstanceNormalization',
        'LRN',
      ].includes(op)
    )
      outLayout = 'NCHW';
    if (op === 'Transpose') {
      const perm = (a.perm as number[] | undefined) ?? [];
      if (perm.join() === '0,2,3,1') outLayout = inLayout === 'NCHW' ? 'NHWC' : undefined;
      else if (perm.join() === '0,3,1,2') outLayout = inLayout === 'NHWC' ? 'NCHW' : 'NCHW';
      else outLayout = undefined;
    }
    const yShape = shapes.get(y);
    if (yShape?.length !== 4) outLayout = undefined;
    for (const o of n.output ?? []) layout.set(o, outLayout);
    if (PLUMBING.has(op) || !yShape) continue;

    // Parameters: float initializers consumed here, each counted once per model.
    let params = 0;
    for (const i of n.input ?? []) {
      const t = inits.get(i);
      if (!t || counted.has(i)) continue;
      if (![1, 10, 11].includes(t.dataType ?? 0)) continue; // float32/float16/float64 only; shapes and axes are not parameters
      const size = (t.dims ?? []).reduce((p: number, d) => p * toNum(d as number), 1);
      if (size <= 1) continue; // scalar constants (ReLU6 bounds, hard-swish 1/6) are not learned parameters
      counted.add(i);
      params += (t.dims ?? []).reduce((p: number, d) => p * toNum(d as number), 1);
    }
    const shape = channelsLast(yShape, outLayout);
    const activationSize = shape.reduce((p, d) => p * d, 1);
    const { kind, macs } = describe(op, a, n, shapes, inits);
    layers.push({ name: n.name || y, kind, op, shape, activationSize, params, macs });
  }
  const totals = layers.reduce(
    (t, l) => ({ params: t.params + l.params, macs: t.macs + l.macs, activationSize: t.activationSize + l.activationSize }),
    { params: 0, macs: 0, activationSize: 0 },
  );
  return { model: label, inputShape, layers, totals };
}

function zeros(elemType: number, dims: number[]): { data: TensorArray; dims: number[]; type: TensorType } {
  const n = dims.reduce((p, d) => p * d, 1);
  switch (elemType) {
    case 1:
      return { data: new Float32Array(n), dims, type: 'float32' };
    case 6:
      return { data: new Int32Array(n), dims, type: 'int32' };
    case 7:
      return { data: new BigInt64Array(n), dims, type: 'int64' };
    case 2:
      return { data: new Uint8Array(n), dims, type: 'uint8' };
    default:
      throw new VwError('E_BAD_ARGUMENT', `Inputs of element type ${elemType} are not supported by the inspector.`);
  }
}

/** Drop the batch dim; 4-D NCHW becomes [H, W, C]. */
function channelsLast(shape: number[], layout: Layout): number[] {
  if (shape.length === 4 && layout === 'NCHW') return [shape[2]!, shape[3]!, shape[1]!];
  return shape.length > 1 ? shape.slice(1) : shape;
}

function padText(a: Record<string, unknown>): string {
  const auto = a.auto_pad as string | undefined;
  if (auto && auto !== 'NOTSET') return auto === 'VALID' ? 'p0' : 'pSAME';
  const p = (a.pads as number[] | undefined) ?? [0, 0, 0, 0];
  return p.every((v) => v === p[0]) ? `p${p[0] ?? 0}` : `p${p.join(',')}`;
}

function describe(
  op: string,
  a: Record<string, unknown>,
  n: OnnxTypes.INodeProto,
  shapes: Map<string, number[]>,
  inits: Map<string, OnnxTypes.ITensorProto>,
): { kind: string; macs: number } {
  const y = shapes.get(n.output?.[0] ?? '') ?? [];
  const per = (s: number[]) => s.slice(1).reduce((p, d) => p * d, 1);
  switch (op) {
    case 'Conv':
    case 'ConvTranspose': {
      const w = shapes.get(n.input?.[1] ?? '') ?? dimsOf(inits.get(n.input?.[1] ?? ''));
      const k = (a.kernel_shape as number[] | undefined) ?? w.slice(2);
      const s = (a.strides as number[] | undefined) ?? k.map(() => 1);
      const group = (a.group as number | undefined) ?? 1;
      const cin = (shapes.get(n.input?.[0] ?? '') ?? [])[1] ?? 0;
      const cout = y[1] ?? 0;
      const f = k.every((v) => v === k[0]) ? `${k[0]}x${k[0]}` : k.join('x');
      const st = s.every((v) => v === s[0]) ? `s${s[0]}` : `s${s.join(',')}`;
      const dw = group > 1 && group === cin && cout % cin === 0;
      const name = op === 'ConvTranspose' ? 'DECONV' : dw ? 'DWCONV' : 'CONV';
      const kk = k.reduce((p, v) => p * v, 1);
      const macs = op === 'Conv' ? per(y) * (cin / group) * kk : per(shapes.get(n.input?.[0] ?? '') ?? []) * (cout / group) * kk;
      return { kind: `${name} ${f} ${st} ${padText(a)}${group > 1 && !dw ? ` g${group}` : ''}`, macs: Math.round(macs) };
    }
    case 'MaxPool':
    case 'AveragePool': {
      const k = (a.kernel_shape as number[]) ?? [];
      const s = (a.strides as number[] | undefined) ?? k.map(() => 1);
      const f = k.every((v) => v === k[0]) ? `${k[0]}x${k[0]}` : k.join('x');
      return { kind: `POOL ${op === 'MaxPool' ? 'max' : 'avg'} ${f} s${s[0] ?? 1}${padText(a) === 'p0' ? '' : ' ' + padText(a)}`, macs: 0 };
    }
    case 'GlobalAveragePool':
      return { kind: 'POOL global-avg', macs: 0 };
    case 'GlobalMaxPool':
      return { kind: 'POOL global-max', macs: 0 };
    case 'Gemm':
    case 'MatMul': {
      const xa = shapes.get(n.input?.[0] ?? '') ?? [];
      const k = op === 'Gemm' && a.transA ? xa[0]! : (xa[xa.length - 1] ?? 0);
      const macs = per(y) * k;
      const fc = inits.has(n.input?.[1] ?? '');
      return { kind: fc ? 'FC' : 'MATMUL', macs };
    }
    case 'Softmax':
      return { kind: 'SOFTMAX', macs: 0 };
    case 'Relu':
    case 'PRelu':
    case 'LeakyRelu':
    case 'Sigmoid':
    case 'Tanh':
    case 'Elu':
    case 'HardSigmoid':
    case 'HardSwish':
    case 'Clip':
      return { kind: `ACT ${op === 'Clip' ? 'clip' : op.toLowerCase()}`, macs: 0 };
    case 'BatchNormalization':
      return { kind: 'BN', macs: 0 };
    case 'ReduceMean':
      return { kind: 'MEAN', macs: 0 };
    default:
      return { kind: op.toUpperCase(), macs: 0 };
  }
}

function dimsOf(t: OnnxTypes.ITensorProto | undefined): number[] {
  return (t?.dims ?? []).map((d) => toNum(d as number));
}

/** Read a model file or bytes; convenience for the CLI and the handler. */
export function readModelBytes(file: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch {
    throw new VwError('E_NOT_FOUND', `No such model file: ${file}`);
  }
}

/** Plain-text table in the course's layout. */
export function formatInspectTable(r: InspectReport): string {
  const rows = r.layers.map((l) => [l.name, l.kind, `(${l.shape.join(',')})`, String(l.activationSize), String(l.params), String(l.macs)]);
  const head = ['layer', 'kind', 'activation shape', 'activation size', 'params', 'MACs'];
  const total = ['total', '', '', String(r.totals.activationSize), String(r.totals.params), String(r.totals.macs)];
  const all = [head, ...rows, total];
  const widths = head.map((_, i) => Math.min(48, Math.max(...all.map((row) => row[i]!.length))));
  const fmt = (row: string[]) =>
    row
      .map((c, i) => {
        const cell = c.length > widths[i]! ? '…' + c.slice(c.length - widths[i]! + 1) : c;
        return i >= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join('  ');
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [`${r.model}  input (${r.inputShape.join(',')})`, fmt(head), sep, ...rows.map(fmt), sep, fmt(total)].join('\n');
}
