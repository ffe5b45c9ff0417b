/** What the optimizers minimise: pixels in, loss and gradient out (plus anything the caller wants back). */
export interface Evaluation<T = unknown> {
  f: number;
  g: Float32Array;
  info?: T;
}
export type Objective<T = unknown> = (x: Float32Array) => Promise<Evaluation<T>>;

export interface Bounds {
  lower: number;
  upper: number;
}

/** One optimizer iteration's outcome: the current point and its evaluation. */
export interface StepResult<T = unknown> {
  x: Float32Array;
  eval: Evaluation<T>;
  evaluations: number;
}

export interface Optimizer<T = unknown> {
  step(): Promise<StepResult<T>>;
}

export function clampInPlace(x: Float32Array, b: Bounds): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v < b.lower) x[i] = b.lower;
    else if (v > b.upper) x[i] = b.upper;
  }
}

/** Float32 arrays only: one element type keeps this loop monomorphic (it runs ~40× per L-BFGS iteration on ~10⁶ pixels). */
export function dot(a: Float32Array, b: Float32Array): number {
  // Four partial sums break the add-latency chain (about 2× faster in V8).
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  const m = n - (n % 4);
  for (let i = 0; i < m; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (let i = m; i < n; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}

/** y += alpha·x */
export function axpy(alpha: number, x: Float32Array, y: Float32Array): void {
  const n = x.length;
  for (let i = 0; i < n; i++) y[i]! += alpha * x[i]!;
}
