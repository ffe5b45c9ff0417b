/**
 * Constant folding and static shape inference. Small constant subgraphs in
 * TF.js models (shape arithmetic, index offsets) are evaluated here, so their
 * results reach the ONNX graph as attributes or int64 initializers rather than
 * as nodes; shapes follow numpy broadcasting, with -1 for an unknown dim.
 */
import type { DType, Info, Values } from './graph';

export const TF_DTYPE: Record<string, DType> = { DT_FLOAT: 'float32', DT_INT32: 'int32', DT_INT64: 'int64', DT_BOOL: 'bool' };
export const ONNX_TYPE: Record<DType, number> = { float32: 1, int32: 6, int64: 7, bool: 9 };
/** int64 bounds: ONNX Slice's "to the end" in either direction. */
export const I64_MAX = 9223372036854775807n;
export const I64_MIN = -9223372036854775808n;

/** numpy broadcasting of two static shapes (undefined when a rank is unknown). */
export function broadcast(a: number[] | undefined, b: number[] | undefined): number[] | undefined {
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

/** The shape a Reshape to `target` gives, resolving its -1 when the input shape is static. */
export function inferReshape(inShape: number[] | undefined, target: number[]): number[] {
  const out = [...target];
  const k = out.indexOf(-1);
  if (k >= 0 && inShape && inShape.every((d) => d >= 0)) {
    const total = inShape.reduce((p, d) => p * d, 1);
    const known = out.reduce((p, d, i) => (i === k ? p : p * d), 1);
    out[k] = total / known;
  }
  return out;
}

/** Numbers as the typed array of a dtype. */
export function typed(dtype: DType, vals: number[]): Values {
  if (dtype === 'float32') return Float32Array.from(vals);
  if (dtype === 'int32') return Int32Array.from(vals);
  if (dtype === 'int64') return BigInt64Array.from(vals.map((v) => BigInt(v)));
  return Uint8Array.from(vals);
}

/** Fold a binary op over two small constants (numpy broadcasting). */
export function foldBinary(op: string, x: Info, y: Info, shape: number[] | undefined): Values | undefined {
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
