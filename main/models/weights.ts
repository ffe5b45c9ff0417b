/**
 * TF.js weights-manifest decoding: shards concatenated per group, weights laid
 * out back to back, with float16 and uint8/uint16 affine quantization
 * (value = q · scale + min, rounded for int32 originals) — the same arithmetic
 * as tfjs-core's `io.decodeWeights`, so decoded values are bit-identical.
 */
import { halfToFloat } from '../onnx/proto';
import { VwError } from '../errors';

export type WeightDtype = 'float32' | 'int32' | 'bool';

export interface TfWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number; original_dtype?: string };
}

export interface TfWeightGroup {
  paths: string[];
  weights: TfWeightSpec[];
}

export interface DecodedWeight {
  dtype: WeightDtype;
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/**
 * Decode every weight of a weights manifest.
 *
 * @example const w = decodeWeights(model.weightsManifest, (p) => fs.readFileSync(path.join(dir, p)));
 */
export function decodeWeights(groups: TfWeightGroup[], readShard: (path: string) => Uint8Array): Map<string, DecodedWeight> {
  const out = new Map<string, DecodedWeight>();
  for (const g of groups) {
    const shards = g.paths.map((p) => readShard(p));
    const total = shards.reduce((a, s) => a + s.byteLength, 0);
    const buf = new Uint8Array(total);
    let o = 0;
    for (const s of shards) {
      buf.set(s, o);
      o += s.byteLength;
    }
    let off = 0;
    for (const w of g.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const q = w.quantization;
      const stored = q ? q.dtype : w.dtype;
      const width = BYTES[stored];
      if (!width) throw new VwError('E_UNSUPPORTED_OP', `Weight ${w.name} has dtype ${stored}, which the converter does not decode.`);
      const len = n * width;
      if (off + len > buf.byteLength)
        throw new VwError(
          'E_MODEL_INVALID',
          `Weight ${w.name} needs bytes ${off}..${off + len} but the shards of its group hold ${buf.byteLength}.`,
        );
      const bytes = buf.slice(off, off + len); // copy: aligned and independent
      off += len;
      out.set(w.name, { dtype: dtypeOf(w), shape: [...w.shape], data: decodeOne(w, bytes, n) });
    }
  }
  return out;
}

function dtypeOf(w: TfWeightSpec): WeightDtype {
  const d = w.quantization?.original_dtype ?? w.dtype;
  if (d === 'float32' || d === 'int32' || d === 'bool') return d;
  throw new VwError('E_UNSUPPORTED_OP', `Weight ${w.name} has dtype ${d}, which the converter does not support.`);
}

function decodeOne(w: TfWeightSpec, bytes: Uint8Array, n: number): Float32Array | Int32Array | Uint8Array {
  const q = w.quantization;
  const dtype = dtypeOf(w);
  if (!q) {
    if (dtype === 'float32') return new Float32Array(bytes.buffer, 0, n);
    if (dtype === 'int32') return new Int32Array(bytes.buffer, 0, n);
    return bytes;
  }
  if (q.dtype === 'float16') {
    if (dtype !== 'float32') throw new VwError('E_UNSUPPORTED_OP', `Weight ${w.name}: float16 quantization of ${dtype} is not supported.`);
    const halves = new Uint16Array(bytes.buffer, 0, n);
    const outF = new Float32Array(n);
    for (let i = 0; i < n; i++) outF[i] = halfToFloat(halves[i]!);
    return outF;
  }
  const qv = q.dtype === 'uint8' ? bytes : new Uint16Array(bytes.buffer, 0, n);
  const scale = q.scale ?? 1;
  const min = q.min ?? 0;
  if (dtype === 'int32') return Int32Array.from(qv, (v) => Math.round(v * scale + min));
  if (dtype === 'float32') return Float32Array.from(qv, (v) => v * scale + min);
  throw new VwError('E_UNSUPPORTED_OP', `Weight ${w.name}: ${q.dtype} quantization of ${dtype} is not supported.`);
}

/** float → IEEE binary16 bits (round to nearest even); used by tests to build float16 weights. */
export function floatToHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const x = new Uint32Array(f32.buffer)[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  e = half >>> 10;
  return sign | half;
}
