/**
 * Graph surgery for UltraFace (fr_detect.onnx, faceplugin-face-recognition-js@0.0.1, MIT).
 *
 * The published export ends with the SSD decode baked in for one input size
 * (4420 priors as constants, input fixed at 1×3×240×320). We cut that tail and
 * expose the raw head instead — softmax scores and the un-decoded regressions —
 * and make the input's height and width symbolic. The convolutional head is
 * size-agnostic (its reshapes read the batch from Shape and use −1), so the
 * cut model runs at any input size, and `decode.ultraface.ts` generates the
 * matching priors. The baked constants are kept for a test that checks our
 * priors reproduce them exactly.
 */
import { VwError } from '../../errors';
import { loadModel, onnx, saveModel, valueInfo, type OnnxTypes } from '../../onnx/proto';

type NodeProto = OnnxTypes.INodeProto;

export interface UltraFaceHead {
  /** Serialized ONNX model with outputs `scores` [1, N, 2] and `loc` [1, N, 4]. */
  bytes: Uint8Array;
  /** The model's own priors baked into the cut tail, [N·4] centre form, for the 320×240 input (test oracle). */
  bakedPriors: Float32Array | null;
}

function constantValue(node: NodeProto | undefined): Float32Array | null {
  const t = node?.attribute?.find((a) => a.name === 'value')?.t;
  if (!t) return null;
  if (t.rawData && t.rawData.length) {
    const raw = t.rawData;
    return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  }
  return t.floatData?.length ? Float32Array.from(t.floatData) : null;
}

/**
 * Cut the baked decode off an UltraFace export.
 *
 * @example
 *   const head = ultraFaceHead(fs.readFileSync(path));
 *   const s = await createSession(head.bytes, { label: 'fr_detect' }); // any H×W
 */
export function ultraFaceHead(modelBytes: Uint8Array): UltraFaceHead {
  const model = loadModel(modelBytes);
  const g = model.graph;
  if (!g) throw new VwError('E_MODEL_INVALID', 'fr_detect has no graph.');
  const nodes = g.node ?? [];
  const producer = new Map<string, NodeProto>();
  for (const n of nodes) for (const o of n.output ?? []) producer.set(o, n);
  const isConst = (name: string) => producer.get(name)?.opType === 'Constant' || (g.initializer ?? []).some((t) => t.name === name);

  const softmax = producer.get('scores');
  const exp = nodes.find((n) => n.opType === 'Exp');
  if (!softmax || softmax.opType !== 'Softmax' || !exp) {
    throw new VwError('E_MODEL_INVALID', 'fr_detect does not look like an UltraFace export (no Softmax "scores" / Exp decode).');
  }
  // Exp(Mul(Slice(loc), var)) — walk back to the raw regression tensor.
  const mulIn = producer.get(exp.input![0]!);
  const sliceName = mulIn?.input?.find((i) => !isConst(i));
  const slice = sliceName ? producer.get(sliceName) : undefined;
  const locName = slice?.opType === 'Slice' ? slice.input![0] : undefined;
  if (!locName) throw new VwError('E_MODEL_INVALID', 'fr_detect: cannot find the raw box regressions.');

  // The baked priors: centre constant is the Add's constant after Mul(Mul(Slice, var), size); size constant is Exp's Mul partner.
  let bakedPriors: Float32Array | null = null;
  const expMul = nodes.find((n) => n.opType === 'Mul' && n.input?.includes(exp.output![0]!));
  const sizeConst = constantValue(producer.get(expMul?.input?.find((i) => i !== exp.output![0]) ?? ''));
  const centreAdd = nodes.find(
    (n) =>
      n.opType === 'Add' &&
      n.input?.some((i) => producer.get(i)?.opType === 'Constant' && constantValue(producer.get(i))?.length === sizeConst?.length),
  );
  const centreConst = constantValue(producer.get(centreAdd?.input?.find((i) => producer.get(i)?.opType === 'Constant') ?? ''));
  if (sizeConst && centreConst && sizeConst.length === centreConst.length) {
    const n = sizeConst.length / 2;
    bakedPriors = new Float32Array(n * 4);
    for (let i = 0; i < n; i++)
      bakedPriors.set([centreConst[2 * i]!, centreConst[2 * i + 1]!, sizeConst[2 * i]!, sizeConst[2 * i + 1]!], 4 * i);
  }

  // Keep only what the two head outputs need.
  const needed = new Set<string>(['scores', locName]);
  const keep = new Set<NodeProto>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    if ((n.output ?? []).some((o) => needed.has(o))) {
      keep.add(n);
      for (const inp of n.input ?? []) needed.add(inp);
    }
  }
  g.node = nodes.filter((n) => keep.has(n));
  for (const n of g.node) n.output = (n.output ?? []).map((o) => (o === locName ? 'loc' : o));
  for (const n of g.node) n.input = (n.input ?? []).map((o) => (o === locName ? 'loc' : o));
  const usedInit = new Set(g.node.flatMap((n) => n.input ?? []));
  g.initializer = (g.initializer ?? []).filter((t) => usedInit.has(t.name ?? ''));
  g.valueInfo = [];

  const dim = (p: string | number) => (typeof p === 'string' ? { dimParam: p } : { dimValue: p });
  const input = g.input?.[0];
  const shape = input?.type?.tensorType?.shape;
  if (!shape?.dim || shape.dim.length !== 4) throw new VwError('E_MODEL_INVALID', 'fr_detect: expected a 4-D image input.');
  shape.dim = [dim(1), dim(3), dim('height'), dim('width')].map((d) => onnx.TensorShapeProto.Dimension.create(d));
  const out = (name: string, last: number) => valueInfo(name, 'float32', [1, 'anchors', last]);
  g.output = [out('scores', 2), out('loc', 4)];
  return { bytes: saveModel(model), bakedPriors };
}
