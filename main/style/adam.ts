/**
 * Adam (Kingma & Ba 2015) on the pixels, clamped into the box after each
 * step. Steadier than L-BFGS on a noisy start, and each iteration costs
 * exactly one gradient evaluation.
 */
import { VwError } from '../errors';
import { clampInPlace, type Bounds, type Objective, type Optimizer, type StepResult } from './optimizer';

export interface AdamOptions {
  bounds: Bounds;
  /** Step size in pixel levels. */
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class Adam<T = unknown> implements Optimizer<T> {
  private readonly x: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  private readonly o: Required<AdamOptions>;

  constructor(
    x0: Float32Array,
    private readonly objective: Objective<T>,
    opts: AdamOptions,
  ) {
    this.x = Float32Array.from(x0);
    clampInPlace(this.x, opts.bounds);
    this.m = new Float32Array(x0.length);
    this.v = new Float32Array(x0.length);
    this.o = { lr: 4, beta1: 0.9, beta2: 0.999, eps: 1e-8, ...opts };
  }

  async step(): Promise<StepResult<T>> {
    const at = Float32Array.from(this.x);
    const e = await this.objective(at);
    if (!Number.isFinite(e.f))
      throw new VwError('E_NUMERIC', `The loss became ${e.f} at iteration ${this.t + 1}.`, {
        hint: 'Lower the learning rate or the weights.',
      });
    this.t++;
    const { lr, beta1, beta2, eps } = this.o;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    for (let i = 0; i < this.x.length; i++) {
      const g = e.g[i]!;
      this.m[i] = beta1 * this.m[i]! + (1 - beta1) * g;
      this.v[i] = beta2 * this.v[i]! + (1 - beta2) * g * g;
      this.x[i]! -= (lr * (this.m[i]! / c1)) / (Math.sqrt(this.v[i]! / c2) + eps);
    }
    clampInPlace(this.x, this.o.bounds);
    // The evaluation belongs to the point before the update.
    return { x: at, eval: e, evaluations: 1 };
  }
}
