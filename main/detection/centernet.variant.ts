/**
 * CenterNet at another square input size. The converted graph is fully
 * convolutional except for a few constants that were frozen for 512×512 when
 * the TF.js graph was exported: the three FPN upsampling sizes (stride 16, 8
 * and 4 maps), the [H/4·W/4, 4] reshape of the box regressions and the H/4
 * divisor that turns a flat peak index back into (y, x). Rewriting exactly
 * those gives the same network at, e.g., 384 or 320 — fewer pixels, less
 * compute, smaller objects lost. At 512 the result is the original graph.
 */
import { VwError } from '../errors';
import { loadModel, readTensor, saveModel, tensor, type OnnxTypes } from '../onnx/proto';

const BASE = 512;

/** Sizes the variant supports: multiples of 32 (the backbone's stride) in [128, 1024]. */
export function checkCenterNetSize(size: number): void {
  if (!Number.isInteger(size) || size % 32 !== 0 || size < 128 || size > 1024)
    throw new VwError('E_BAD_ARGUMENT', `CenterNet input size must be a multiple of 32 in [128, 1024]; got ${size}.`);
}

/**
 * The CenterNet ONNX model rewritten for a `size`×`size` input.
 *
 * @example const bytes = centerNetAtSize(fs.readFileSync(file), 384); await createSession(bytes);
 */
export function centerNetAtSize(onnx: Uint8Array, size: number): Uint8Array {
  checkCenterNetSize(size);
  const model = loadModel(onnx);
  const g = model.graph;
  if (!g?.input?.[0]) throw new VwError('E_MODEL_INVALID', 'CenterNet graph has no input.');
  const r = size / BASE;
  const inits = new Map((g.initializer ?? []).map((t, i) => [t.name ?? '', i]));
  const replace = (name: string, make: (old: ReturnType<typeof readTensor>) => OnnxTypes.ITensorProto) => {
    const i = inits.get(name);
    if (i === undefined) return false;
    g.initializer![i] = make(readTensor(g.initializer![i]!));
    return true;
  };
  let resized = 0;
  let reshaped = 0;
  let divisors = 0;
  const grid = BASE / 4;
  for (const n of g.node ?? []) {
    const inputs = n.input ?? [];
    if (n.opType === 'Resize' && inputs[3]) {
      const ok = replace(inputs[3], (old) => {
        const s = Array.from(old.data as BigInt64Array, Number);
        const spatial = s[1] === s[2] && s[2] !== s[3] ? [1, 2] : s[2] === s[3] && s[1] !== s[2] ? [2, 3] : undefined;
        if (s.length !== 4 || !spatial) throw new VwError('E_MODEL_INVALID', `Unexpected Resize sizes [${s.join(',')}] in CenterNet.`);
        for (const k of spatial) s[k] = s[k]! * r;
        return tensor(inputs[3]!, [4], BigInt64Array.from(s.map(BigInt)));
      });
      if (ok) resized++;
    }
    if (n.opType === 'Reshape' && inputs[1]) {
      const i = inits.get(inputs[1]);
      const v = i === undefined ? [] : Array.from(readTensor(g.initializer![i]!).data as BigInt64Array, Number);
      if (v.length === 2 && v[0] === grid * grid && v[1] === 4) {
        const side = grid * r;
        replace(inputs[1], () => tensor(inputs[1]!, [2], BigInt64Array.from([BigInt(side * side), 4n])));
        reshaped++;
      }
    }
    if ((n.opType === 'Div' || n.opType === 'Mod') && inputs[1]) {
      const i = inits.get(inputs[1]);
      const t = i === undefined ? undefined : readTensor(g.initializer![i]!);
      if (t && t.type === 'int32' && t.data.length === 1 && Number(t.data[0]) === grid) {
        replace(inputs[1], () => tensor(inputs[1]!, [1], new Int32Array([grid * r])));
        divisors++;
      }
    }
  }
  if (resized !== 3 || reshaped !== 1 || divisors < 1)
    throw new VwError(
      'E_MODEL_INVALID',
      `This CenterNet graph does not have the expected fixed-size constants (Resize ${resized}/3, Reshape ${reshaped}/1, divisor ${divisors}).`,
    );
  const dims = g.input[0].type?.tensorType?.shape?.dim;
  if (!dims || dims.length !== 4) throw new VwError('E_MODEL_INVALID', 'CenterNet input is not rank 4.');
  dims[1] = { dimValue: size };
  dims[2] = { dimValue: size };
  // Output maps shrink with the input; let the runtime infer them.
  for (const o of g.output ?? []) {
    const od = o.type?.tensorType?.shape?.dim;
    if (od && od.length === 4) {
      od[1] = { dimValue: size / 4 };
      od[2] = { dimValue: size / 4 };
    }
  }
  return saveModel(model);
}
