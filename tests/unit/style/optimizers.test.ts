/** L-BFGS and Adam on a bounded quadratic, whose minimiser is known exactly. */
import { describe, expect, it } from 'vitest';
import { Adam } from '../../../main/style/adam';
import { Lbfgs } from '../../../main/style/lbfgs';
import type { Objective } from '../../../main/style/optimizer';
import { mulberry32 } from '../../../main/style/rng';

// f(x) = ½ Σ a_i (x_i − c_i)², badly conditioned (a from 1 to 100), with some
// c_i outside [0, 255] so the box-constrained minimiser is clamp(c).
const n = 64;
const rand = mulberry32(3);
const a = Float64Array.from({ length: n }, (_, i) => 1 + (99 * i) / (n - 1));
const c = Float64Array.from({ length: n }, () => -40 + rand() * 335);
let evals = 0;
const quadratic: Objective = async (x) => {
  evals++;
  let f = 0;
  const g = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const d = x[i]! - c[i]!;
    f += 0.5 * a[i]! * d * d;
    g[i] = a[i]! * d;
  }
  return { f, g };
};
const solution = Float64Array.from(c, (v) => Math.min(255, Math.max(0, v)));
const fStar = (() => {
  let f = 0;
  for (let i = 0; i < n; i++) f += 0.5 * a[i]! * (solution[i]! - c[i]!) ** 2;
  return f;
})();
const maxErr = (x: Float32Array) => Math.max(...Array.from(x, (v, i) => Math.abs(v - solution[i]!)));

describe('style optimizers on a bounded quadratic', () => {
  it('L-BFGS reaches the box-constrained minimum and stays in range', async () => {
    evals = 0;
    const opt = new Lbfgs(new Float32Array(n).fill(128), quadratic, { bounds: { lower: 0, upper: 255 } });
    let last = Infinity;
    let x: Float32Array = new Float32Array(n);
    for (let i = 0; i < 60; i++) {
      const r = await opt.step();
      expect(r.eval.f).toBeLessThanOrEqual(last + 1e-6); // monotone: the line search only accepts decreases
      last = r.eval.f;
      x = r.x;
      for (const v of x) expect(v >= 0 && v <= 255).toBe(true);
    }
    expect(maxErr(x)).toBeLessThan(0.05);
    expect(last - fStar).toBeLessThan(1e-2);
    expect(evals).toBeLessThan(200);
  });

  it('Adam gets close too (it is first-order, so more iterations and a looser tolerance)', async () => {
    const opt = new Adam(new Float32Array(n).fill(128), quadratic, { bounds: { lower: 0, upper: 255 }, lr: 4 });
    let x: Float32Array = new Float32Array(n);
    for (let i = 0; i < 400; i++) x = (await opt.step()).x;
    const final = await quadratic(x);
    for (const v of x) expect(v >= 0 && v <= 255).toBe(true);
    expect(maxErr(x)).toBeLessThan(2);
    expect(final.f - fStar).toBeLessThan(0.01 * (await quadratic(new Float32Array(n).fill(128))).f);
  });

  it('a non-finite start is a typed E_NUMERIC error', async () => {
    const opt = new Lbfgs(new Float32Array(4), async () => ({ f: NaN, g: new Float32Array(4) }), { bounds: { lower: 0, upper: 255 } });
    await expect(opt.step()).rejects.toMatchObject({ code: 'E_NUMERIC' });
  });
});
