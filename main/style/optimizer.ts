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

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
