/**
 * A float64 interpreter for the handful of ONNX ops in the style loss graph
 * (backbone prefix + Gatys loss). It exists only as a test oracle: finite
 * differences in float32 drown in rounding (one pixel moves the loss by
 * ~1e-7 of itself), in float64 they are exact to ~1e-8 with a step small
 * enough that no ReLU/clip kink is crossed.
 */
import { attrInt, attrInts, constantOf, getAttr, type GNode, type Graph } from '../../../main/style/graph';

export interface T64 {
  dims: number[];
  data: Float64Array;
}

const size = (d: number[]) => d.reduce((a, b) => a * b, 1);
const strides = (d: number[]) => {
  const s = new Array<number>(d.length).fill(1);
  for (let i = d.length - 2; i >= 0; i--) s[i] = s[i + 1]! * d[i + 1]!;
  return s;
};

function broadcast(a: T64, b: T64, f: (x: number, y: number) => number): T64 {
  const r = Math.max(a.dims.length, b.dims.length);
  const da = [...new Array(r - a.dims.length).fill(1), ...a.dims];
  const db = [...new Array(r - b.dims.length).fill(1), ...b.dims];
  const dims = da.map((x, i) => Math.max(x, db[i]!));
  const sa = strides(da);
  const sb = strides(db);
  const so = strides(dims);
  const out = new Float64Array(size(dims));
  for (let i = 0; i < out.length; i++) {
    let ia = 0;
    let ib = 0;
    for (let k = 0; k < r; k++) {
      const c = Math.floor(i / so[k]!) % dims[k]!;
      if (da[k] !== 1) ia += c * sa[k]!;
      if (db[k] !== 1) ib += c * sb[k]!;
    }
    out[i] = f(a.data[ia]!, b.data[ib]!);
  }
  return { dims, data: out };
}

function transpose(x: T64, perm: number[]): T64 {
  const dims = perm.map((p) => x.dims[p]!);
  const sx = strides(x.dims);
  const so = strides(dims);
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) {
    let src = 0;
    for (let k = 0; k < dims.length; k++) src += (Math.floor(i / so[k]!) % dims[k]!) * sx[perm[k]!]!;
    out[i] = x.data[src]!;
  }
  return { dims, data: out };
}

function conv(n: GNode, x: T64, w: T64, b?: T64): T64 {
  const [N, , H, W] = x.dims as [number, number, number, number];
  const [M, Cg, kh, kw] = w.dims as [number, number, number, number];
  const g = attrInt(n, 'group', 1);
  const [sh, sw] = attrInts(n, 'strides') ?? [1, 1];
  const [dh, dw] = attrInts(n, 'dilations') ?? [1, 1];
  const pads = attrInts(n, 'pads') ?? [0, 0, 0, 0];
  if (getAttr(n, 'auto_pad') && attrInts(n, 'pads') === undefined) throw new Error('reference64: auto_pad not supported');
  const Ho = Math.floor((H + pads[0]! + pads[2]! - ((kh - 1) * dh! + 1)) / sh!) + 1;
  const Wo = Math.floor((W + pads[1]! + pads[3]! - ((kw - 1) * dw! + 1)) / sw!) + 1;
  const out = new Float64Array(N * M * Ho * Wo);
  const Mg = M / g;
  for (let m = 0; m < M; m++) {
    const grp = Math.floor(m / Mg);
    for (let oy = 0; oy < Ho; oy++)
      for (let ox = 0; ox < Wo; ox++) {
        let s = b ? b.data[m]! : 0;
        for (let c = 0; c < Cg; c++) {
          const ci = grp * Cg + c;
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * sh! - pads[0]! + ky * dh!;
            if (iy < 0 || iy >= H) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * sw! - pads[1]! + kx * dw!;
              if (ix < 0 || ix >= W) continue;
              s += x.data[(ci * H + iy) * W + ix]! * w.data[((m * Cg + c) * kh + ky) * kw + kx]!;
            }
          }
        }
        out[(m * Ho + oy) * Wo + ox] = s;
      }
  }
  return { dims: [N, M, Ho, Wo], data: out };
}

function reduce(x: T64, axes: number[] | undefined, keep: boolean, mean: boolean): T64 {
  const ax = (axes && axes.length ? axes : x.dims.map((_, i) => i)).map((a) => (a < 0 ? a + x.dims.length : a));
  const kept = x.dims.map((d, i) => (ax.includes(i) ? 1 : d));
  const sx = strides(x.dims);
  const sk = strides(kept);
  const out = new Float64Array(size(kept));
  for (let i = 0; i < x.data.length; i++) {
    let o = 0;
    for (let k = 0; k < x.dims.length; k++) if (!ax.includes(k)) o += (Math.floor(i / sx[k]!) % x.dims[k]!) * sk[k]!;
    out[o]! += x.data[i]!;
  }
  if (mean) {
    const n = x.data.length / out.length;
    for (let i = 0; i < out.length; i++) out[i]! /= n;
  }
  return { dims: keep ? kept : kept.filter((_, i) => !ax.includes(i)), data: out };
}

function slice(x: T64, starts: number[], ends: number[], axes: number[]): T64 {
  const lo = x.dims.map(() => 0);
  const hi = [...x.dims];
  axes.forEach((a, i) => {
    lo[a] = starts[i]!;
    hi[a] = Math.min(ends[i]!, x.dims[a]!);
  });
  const dims = hi.map((h, i) => h - lo[i]!);
  const sx = strides(x.dims);
  const so = strides(dims);
  const out = new Float64Array(size(dims));
  for (let i = 0; i < out.length; i++) {
    let src = 0;
    for (let k = 0; k < dims.length; k++) src += ((Math.floor(i / so[k]!) % dims[k]!) + lo[k]!) * sx[k]!;
    out[i] = x.data[src]!;
  }
  return { dims, data: out };
}

/** Evaluate `wanted` tensors of the graph in float64. */
export function run64(
  g: { nodes: GNode[]; initializers: Graph['initializers'] },
  feeds: Record<string, T64>,
  wanted: string[],
): Record<string, T64> {
  const env = new Map<string, T64>(Object.entries(feeds));
  const get = (name: string): T64 => {
    let t = env.get(name);
    if (!t) {
      const init = g.initializers.get(name);
      if (!init) throw new Error(`reference64: no value for ${name}`);
      t = { dims: (init.dims ?? []).map(Number), data: Float64Array.from(constantOf(g, name)!) };
      env.set(name, t);
    }
    return t;
  };
  for (const n of g.nodes) {
    const i = (k: number) => get(n.inputs[k]!);
    let y: T64;
    switch (n.op) {
      case 'Identity':
        y = i(0);
        break;
      case 'Transpose':
        y = transpose(i(0), attrInts(n, 'perm')!);
        break;
      case 'Conv':
        y = conv(n, i(0), i(1), n.inputs[2] ? i(2) : undefined);
        break;
      case 'Add':
        y = broadcast(i(0), i(1), (a, b) => a + b);
        break;
      case 'Sub':
        y = broadcast(i(0), i(1), (a, b) => a - b);
        break;
      case 'Mul':
        y = broadcast(i(0), i(1), (a, b) => a * b);
        break;
      case 'Sum':
        y = n.inputs.slice(1).reduce((acc, name) => broadcast(acc, get(name), (a, b) => a + b), i(0));
        break;
      case 'Relu':
        y = { dims: i(0).dims, data: i(0).data.map((v) => Math.max(v, 0)) };
        break;
      case 'Clip': {
        const lo = i(1).data[0]!;
        const hi = i(2).data[0]!;
        y = { dims: i(0).dims, data: i(0).data.map((v) => Math.min(Math.max(v, lo), hi)) };
        break;
      }
      case 'ReduceMean':
        y = reduce(i(0), attrInts(n, 'axes'), attrInt(n, 'keepdims', 1) === 1, true);
        break;
      case 'ReduceSum':
        y = reduce(i(0), n.inputs[1] ? Array.from(i(1).data) : undefined, attrInt(n, 'keepdims', 1) === 1, false);
        break;
      case 'Reshape': {
        const shape = Array.from(i(1).data);
        const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
        y = { dims: shape.map((d) => (d === -1 ? i(0).data.length / known : d)), data: i(0).data };
        break;
      }
      case 'MatMul': {
        const a = i(0);
        const b = i(1);
        const [m, k] = a.dims as [number, number];
        const nn = b.dims[1]!;
        const out = new Float64Array(m * nn);
        for (let r = 0; r < m; r++)
          for (let q = 0; q < k; q++) {
            const av = a.data[r * k + q]!;
            for (let c = 0; c < nn; c++) out[r * nn + c]! += av * b.data[q * nn + c]!;
          }
        y = { dims: [m, nn], data: out };
        break;
      }
      case 'Slice':
        y = slice(i(0), Array.from(i(1).data), Array.from(i(2).data), Array.from(i(3).data));
        break;
      default:
        throw new Error(`reference64: op ${n.op} not implemented`);
    }
    env.set(n.outputs[0]!, y);
  }
  return Object.fromEntries(wanted.map((w) => [w, env.get(w)!]));
}
