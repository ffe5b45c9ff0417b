/**
 * L-BFGS (Nocedal 1980; Liu & Nocedal 1989) with box constraints handled by
 * projection, the optimizer Gatys et al. (2015) used for style transfer.
 *
 * Pixels must stay in 0–255, so the search direction uses the projected
 * gradient (components pushing out of the box at a bound are dropped), each
 * trial point is clamped into the box, and an Armijo backtracking line search
 * judges the clamped point. That is cheaper than full L-BFGS-B and works well
 * here because few pixels sit at a bound at any time.
 */
import { VwError } from '../errors';
import { axpy, clampInPlace, dot, type Bounds, type Evaluation, type Objective, type Optimizer, type StepResult } from './optimizer';

export interface LbfgsOptions {
  /** Number of (s, y) pairs kept. */
  memory?: number;
  bounds: Bounds;
  /** Largest pixel change of the very first step (no curvature known yet). */
  firstStep?: number;
  /** Armijo sufficient-decrease constant. */
  c1?: number;
  maxLineSearch?: number;
}

export class Lbfgs<T = unknown> implements Optimizer<T> {
  private x: Float32Array;
  private cur?: Evaluation<T>;
  private readonly s: Float32Array[] = [];
  private readonly y: Float32Array[] = [];
  private readonly rho: number[] = [];
  private readonly o: Required<LbfgsOptions>;

  constructor(
    x0: Float32Array,
    private readonly objective: Objective<T>,
    opts: LbfgsOptions,
  ) {
    this.x = Float32Array.from(x0);
    clampInPlace(this.x, opts.bounds);
    this.o = { memory: 8, firstStep: 8, c1: 1e-4, maxLineSearch: 10, ...opts };
  }

  private projected(g: Float32Array): Float32Array {
    const { lower, upper } = this.o.bounds;
    const pg = Float32Array.from(g);
    for (let i = 0; i < pg.length; i++) {
      const xi = this.x[i]!;
      if ((xi <= lower && pg[i]! > 0) || (xi >= upper && pg[i]! < 0)) pg[i] = 0;
    }
    return pg;
  }

  /** Two-loop recursion: d = −H·pg. */
  private direction(pg: Float32Array): Float32Array {
    const q = Float32Array.from(pg);
    const k = this.s.length;
    const alpha = new Array<number>(k);
    for (let i = k - 1; i >= 0; i--) {
      alpha[i] = this.rho[i]! * dot(this.s[i]!, q);
      axpy(-alpha[i]!, this.y[i]!, q);
    }
    if (k > 0) {
      const gamma = dot(this.s[k - 1]!, this.y[k - 1]!) / dot(this.y[k - 1]!, this.y[k - 1]!);
      for (let j = 0; j < q.length; j++) q[j]! *= gamma;
    }
    for (let i = 0; i < k; i++) {
      const beta = this.rho[i]! * dot(this.y[i]!, q);
      axpy(alpha[i]! - beta, this.s[i]!, q);
    }
    for (let j = 0; j < q.length; j++) q[j] = -q[j]!;
    return q;
  }

  private reset(): void {
    this.s.length = 0;
    this.y.length = 0;
    this.rho.length = 0;
  }

  async step(): Promise<StepResult<T>> {
    let evaluations = 0;
    if (!this.cur) {
      this.cur = await this.objective(this.x);
      evaluations++;
      if (!Number.isFinite(this.cur.f))
        throw new VwError('E_NUMERIC', `The loss is ${this.cur.f} at the starting image.`, {
          hint: 'Lower the weights or use another init.',
        });
    }
    const cur = this.cur;
    const pg = this.projected(cur.g);
    let d = this.direction(pg);
    let slope = dot(pg, d);
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature after a bound change): restart.
      this.reset();
      d = this.direction(pg);
      slope = dot(pg, d);
    }
    let t = 1;
    if (this.s.length === 0) {
      let maxAbs = 0;
      for (let i = 0; i < d.length; i++) maxAbs = Math.max(maxAbs, Math.abs(d[i]!));
      t = maxAbs > 0 ? this.o.firstStep / maxAbs : 1;
    }
    const trial = new Float32Array(this.x.length);
    for (let tries = 0; tries < this.o.maxLineSearch; tries++) {
      for (let i = 0; i < trial.length; i++) trial[i] = this.x[i]! + t * d[i]!;
      clampInPlace(trial, this.o.bounds);
      const next = await this.objective(trial);
      evaluations++;
      let decrease = 0;
      for (let i = 0; i < trial.length; i++) decrease += cur.g[i]! * (trial[i]! - this.x[i]!);
      if (Number.isFinite(next.f) && next.f <= cur.f + this.o.c1 * decrease) {
        const s = new Float32Array(trial.length);
        const y = new Float32Array(trial.length);
        for (let i = 0; i < s.length; i++) {
          s[i] = trial[i]! - this.x[i]!;
          y[i] = next.g[i]! - cur.g[i]!;
        }
        const sy = dot(s, y);
        if (sy > 1e-10 * Math.sqrt(dot(y, y) * dot(s, s))) {
          this.s.push(s);
          this.y.push(y);
          this.rho.push(1 / sy);
          if (this.s.length > this.o.memory) {
            this.s.shift();
            this.y.shift();
            this.rho.shift();
          }
        }
        this.x = Float32Array.from(trial);
        this.cur = next;
        return { x: this.x, eval: next, evaluations };
      }
      t *= 0.5;
    }
    // No acceptable step: forget the curvature model and stay put this iteration.
    this.reset();
    return { x: this.x, eval: cur, evaluations };
  }
}
