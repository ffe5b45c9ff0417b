/**
 * Finite-difference checking for generated gradient models: build a forward
 * graph, weight its output with a fixed random tensor so every element
 * matters differently, and compare the generated ∂L/∂x with central
 * differences run through onnxruntime.
 */
import { Builder, numel } from '../../../main/style/builder';
import { buildGradientModel } from '../../../main/style/model';
import { probeShapes } from '../../../main/style/shapes';
import { mulberry32 } from '../../../main/style/rng';
import { createSession } from '../../../main/runtime/index';

export interface FdResult {
  relErr: number;
  gradNorm: number;
  maxAbsErr: number;
}

/** Distinct values on a grid, shuffled: no ties (MaxPool) and no value within step/2 of a multiple of step (kinks). */
export function gridInput(n: number, step: number, seed: number, offset = 0): Float32Array {
  const rand = mulberry32(seed);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return Float32Array.from(idx, (k) => (k + 0.5 - n / 2) * step + offset);
}

export function randomConst(b: Builder, dims: number[], seed: number, scale = 1): string {
  const rand = mulberry32(seed);
  return b.constF(
    Array.from({ length: numel(dims) }, () => (rand() * 2 - 1) * scale),
    dims,
  );
}

export async function checkGradient(
  build: (b: Builder, x: string) => string,
  xDims: number[],
  opts: { step?: number; eps?: number; seed?: number; offset?: number; x?: Float32Array } = {},
): Promise<FdResult> {
  const seed = opts.seed ?? 1;
  const eps = opts.eps ?? 2e-3;
  const b = new Builder({ nodes: [], initializers: new Map() });
  const y = build(b, 'x');
  const yShape = (await probeShapes({ nodes: b.nodes, initializers: b.initializers, opset: 17 }, [{ name: 'x', dims: xDims }])).get(y)!;
  const r = randomConst(b, yShape, seed + 1000);
  const loss = b.one('ReduceSum', [b.one('Mul', [y, r])], { keepdims: { i: 0 } });
  const model = await buildGradientModel({
    forward: { nodes: b.nodes, initializers: b.initializers, opset: 17 },
    wrt: { name: 'x', dims: xDims },
    loss,
  });
  const s = await createSession(model.bytes, { label: 'fd', executionProviders: ['cpu'], threads: 1 });
  try {
    const x = opts.x ?? gridInput(numel(xDims), opts.step ?? 0.01, seed, opts.offset);
    const run = async (v: Float32Array) => s.run({ x: { data: v, dims: xDims } });
    const out = await run(x);
    const g = out.grad!.data as Float32Array;
    let num = 0;
    let den = 0;
    let maxAbs = 0;
    const xp = Float32Array.from(x);
    for (let i = 0; i < x.length; i++) {
      xp[i] = x[i]! + eps;
      const lp = (await run(xp))[loss]!.data[0] as number;
      xp[i] = x[i]! - eps;
      const lm = (await run(xp))[loss]!.data[0] as number;
      xp[i] = x[i]!;
      const fd = (lp - lm) / (2 * eps);
      num += (g[i]! - fd) ** 2;
      den += fd ** 2;
      maxAbs = Math.max(maxAbs, Math.abs(g[i]! - fd));
    }
    return { relErr: Math.sqrt(num / Math.max(den, 1e-30)), gradNorm: Math.sqrt(den), maxAbsErr: maxAbs };
  } finally {
    await s.release();
  }
}
