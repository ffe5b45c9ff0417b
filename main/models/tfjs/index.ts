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
 * An op outside LOWERINGS is an E_UNSUPPORTED_OP naming op and node.
 *
 * Layout: graph.ts (TF.js format, topological order, pruning), fold.ts
 * (constant folding, shape inference), converter.ts (bookkeeping and the run),
 * ops/ (one file per op family), and the table below.
 */
import { VwError } from '../../errors';
import type { OnnxTypes } from '../../onnx/proto';
import { decodeWeights } from '../weights';
import { Converter, type ConvertOptions, type Lowering } from './converter';
import type { TfGraphModel } from './graph';
import { conv, pad, pool } from './ops/conv';
import { constant, identity, placeholder } from './ops/io';
import { binary, cast, floorDivMod, leakyRelu, matmul, mean, prelu, relu6, softmax, unary } from './ops/math';
import { concat, expandDims, gather, reshape, resize, sparseToDense, splitV, squeeze, stridedSlice, topk, transpose } from './ops/shape';

export type { ConvertOptions } from './converter';

/** TF op → its lowering (the list of the Models issue plus a few trivial neighbours). */
export const LOWERINGS: Readonly<Record<string, Lowering>> = {
  Const: constant,
  Placeholder: placeholder,
  Identity: identity,
  _FusedConv2D: conv,
  Conv2D: conv,
  DepthwiseConv2dNative: conv,
  FusedDepthwiseConv2dNative: conv,
  MaxPool: pool,
  AvgPool: pool,
  Pad: pad,
  Add: binary('Add'),
  AddV2: binary('Add'),
  BiasAdd: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Minimum: binary('Min'),
  Maximum: binary('Max'),
  Relu: unary,
  Relu6: relu6,
  Prelu: prelu,
  Sigmoid: unary,
  Tanh: unary,
  Softmax: softmax,
  Mean: mean,
  Reshape: reshape,
  ConcatV2: concat,
  ResizeBilinear: resize,
  StridedSlice: stridedSlice,
  ExpandDims: expandDims,
  Squeeze: squeeze,
  Cast: cast,
  FloorDiv: floorDivMod('div'),
  FloorMod: floorDivMod('mod'),
  TopKV2: topk,
  GatherV2: gather,
  Equal: binary('Equal'),
  _FusedMatMul: matmul,
  MatMul: matmul,
  // NanoDet (human-models): an ONNX → TF → TF.js export keeps NCHW with explicit Transposes.
  Transpose: transpose,
  LeakyRelu: leakyRelu,
  PadV2: pad,
  SplitV: splitV,
  SparseToDense: sparseToDense,
};

/** Ops the converter understands: the keys of LOWERINGS. */
export const SUPPORTED_OPS: readonly string[] = Object.freeze(Object.keys(LOWERINGS));

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
  return new Converter(g, weights, opts, LOWERINGS).run();
}
