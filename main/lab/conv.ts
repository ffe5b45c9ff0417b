/**
 * The convolution lesson's arithmetic, in plain TypeScript.
 *
 * "Convolution" here is what CNN libraries compute: cross-correlation, the
 * filter slides over the input without being flipped. That is the convention
 * the lesson's numbers use (the vertical-edge filter [[1,0,-1],…] turns a
 * bright-left/dark-right step into a positive band).
 */
import type { Matrix } from '../../preload/contract';
import { VwError } from '../errors';

/** Largest matrix side the lab accepts (a 4096² image is far beyond a lesson). */
export const MAX_SIDE = 4096;

/**
 * Output length along one axis: ⌊(n + 2p − f) / s⌋ + 1.
 *
 * @example
 *   outputLength(6, 3, 0, 1); // 4  ("valid")
 *   outputLength(7, 3, 0, 2); // 3
 */
export function outputLength(n: number, f: number, p: number, s: number): number {
  return Math.floor((n + 2 * p - f) / s) + 1;
}

/** Padding that keeps the size at stride 1 ("same"): p = (f − 1) / 2 for odd f. */
export function samePadding(f: number): number {
  return Math.floor((f - 1) / 2);
}

/** Check that a matrix's data fits its declared shape; throws E_BAD_ARGUMENT. */
export function checkMatrix(m: Matrix, what: string): void {
  const { rows, cols, data } = m;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new VwError('E_BAD_ARGUMENT', `The ${what} must have at least one row and one column; got ${rows}×${cols}.`);
  }
  if (rows > MAX_SIDE || cols > MAX_SIDE) {
    throw new VwError('E_BAD_ARGUMENT', `The ${what} is ${rows}×${cols}; the largest side allowed is ${MAX_SIDE}.`);
  }
  if (data.length !== rows * cols) {
    throw new VwError('E_BAD_ARGUMENT', `The ${what} is ${rows}×${cols} and needs ${rows * cols} values; got ${data.length}.`, {
      hint: 'Give the values row by row.',
    });
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new VwError('E_BAD_ARGUMENT', `The ${what} has a value that is not a finite number at index ${i}.`);
    }
  }
}

function checkWindow(
  input: { rows: number; cols: number },
  fRows: number,
  fCols: number,
  padding: number,
  stride: number,
): { rows: number; cols: number } {
  if (!Number.isInteger(padding) || padding < 0) throw new VwError('E_BAD_ARGUMENT', `Padding must be a whole number ≥ 0; got ${padding}.`);
  if (!Number.isInteger(stride) || stride < 1) throw new VwError('E_BAD_ARGUMENT', `Stride must be a whole number ≥ 1; got ${stride}.`);
  const rows = outputLength(input.rows, fRows, padding, stride);
  const cols = outputLength(input.cols, fCols, padding, stride);
  if (rows < 1 || cols < 1) {
    throw new VwError(
      'E_BAD_ARGUMENT',
      `A ${fRows}×${fCols} window does not fit a ${input.rows}×${input.cols} input with padding ${padding}: the output would be ${rows}×${cols}.`,
      { hint: 'Use a smaller filter or more padding.' },
    );
  }
  return { rows, cols };
}

/** A matrix over a typed array (what the image path uses, to avoid boxing a picture's pixels). */
export interface Plane {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

function asF64(a: ArrayLike<number>): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

/** Core of `convolve` on typed arrays; shapes must already be checked. */
export function convolvePlane(input: Plane, filter: Plane, padding: number, stride: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  convolveRows(out, input, filter, padding, stride, cols, 0, rows);
  return out;
}

/** A slice of work between two looks at the event loop: about this many multiply-adds. */
const YIELD_EVERY_MACS = 5_000_000;

/**
 * `convolvePlane` for large jobs: output rows in bands of about five million
 * multiply-adds, giving the event loop a turn between bands, so a cancel is
 * seen within one band (a few milliseconds) and other requests are not starved.
 *
 * @throws VwError E_CANCELLED when `signal` aborts.
 */
export async function convolvePlaneAsync(
  input: Plane,
  filter: Plane,
  padding: number,
  stride: number,
  rows: number,
  cols: number,
  signal?: AbortSignal,
  onBand?: (rowsDone: number, rows: number) => void,
): Promise<Float64Array> {
  const out = new Float64Array(rows * cols);
  const band = Math.max(1, Math.floor(YIELD_EVERY_MACS / Math.max(1, cols * filter.rows * filter.cols)));
  for (let r0 = 0; r0 < rows; r0 += band) {
    if (signal?.aborted) throw new VwError('E_CANCELLED', 'The request was cancelled.');
    const r1 = Math.min(rows, r0 + band);
    convolveRows(out, input, filter, padding, stride, cols, r0, r1);
    onBand?.(r1, rows);
    if (r1 < rows) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

/** Output rows [r0, r1) of the convolution, into `out`. */
function convolveRows(
  out: Float64Array,
  input: Plane,
  filter: Plane,
  padding: number,
  stride: number,
  cols: number,
  r0: number,
  r1: number,
): void {
  // One element type in the hot loop keeps it monomorphic (number[] and Float32Array inputs both arrive here).
  const x = asF64(input.data);
  const w = asF64(filter.data);
  const fr = filter.rows;
  const fc = filter.cols;
  for (let r = r0; r < r1; r++) {
    const top = r * stride - padding;
    // Rows of the window that fall inside the input (zero padding contributes nothing).
    const i0 = Math.max(0, -top);
    const i1 = Math.min(fr, input.rows - top);
    for (let c = 0; c < cols; c++) {
      const left = c * stride - padding;
      const j0 = Math.max(0, -left);
      const j1 = Math.min(fc, input.cols - left);
      let sum = 0;
      for (let i = i0; i < i1; i++) {
        const xRow = (top + i) * input.cols + left;
        const wRow = i * fc;
        for (let j = j0; j < j1; j++) sum += x[xRow + j]! * w[wRow + j]!;
      }
      out[r * cols + c] = sum;
    }
  }
}

/** Output shape of a convolution, checked; throws E_BAD_ARGUMENT when the window does not fit. */
export function convolutionShape(
  input: { rows: number; cols: number },
  filter: { rows: number; cols: number },
  padding: number,
  stride: number,
): { rows: number; cols: number } {
  return checkWindow(input, filter.rows, filter.cols, padding, stride);
}

/**
 * Slide `filter` over `input` (zero padding `padding`, step `stride`) and sum
 * the element-wise products at each position.
 *
 * @example
 *   convolve({ rows: 6, cols: 6, data: lesson6x6 }, verticalEdge, 0, 1).data.slice(0, 4); // [-5, -4, 0, 8]
 */
export function convolve(input: Matrix, filter: Matrix, padding = 0, stride = 1): Matrix {
  checkMatrix(input, 'input');
  checkMatrix(filter, 'filter');
  const { rows, cols } = checkWindow(input, filter.rows, filter.cols, padding, stride);
  return { rows, cols, data: Array.from(convolvePlane(input, filter, padding, stride, rows, cols)) };
}

/**
 * Max or average pooling with an f×f window and stride s (no padding, as in
 * the lesson).
 *
 * @example
 *   pool({ rows: 4, cols: 4, data: [1,3,2,1, 2,9,1,1, 1,3,2,3, 5,6,1,2] }, 'max', 2, 2).data; // [9, 2, 6, 3]
 */
export function pool(input: Matrix, mode: 'max' | 'avg', size: number, stride: number): Matrix {
  checkMatrix(input, 'input');
  const p = poolPlane(input, mode, size, stride);
  return { rows: p.rows, cols: p.cols, data: Array.from(p.data) };
}

/** Core of `pool` on typed arrays. */
export function poolPlane(
  input: Plane,
  mode: 'max' | 'avg',
  size: number,
  stride: number,
): { rows: number; cols: number; data: Float64Array } {
  if (!Number.isInteger(size) || size < 1) throw new VwError('E_BAD_ARGUMENT', `Pool size must be a whole number ≥ 1; got ${size}.`);
  const { rows, cols } = checkWindow(input, size, size, 0, stride);
  const out = new Float64Array(rows * cols);
  const x = asF64(input.data);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let acc = mode === 'max' ? -Infinity : 0;
      for (let i = 0; i < size; i++) {
        const row = (r * stride + i) * input.cols + c * stride;
        for (let j = 0; j < size; j++) {
          const v = x[row + j]!;
          acc = mode === 'max' ? (v > acc ? v : acc) : acc + v;
        }
      }
      out[r * cols + c] = mode === 'max' ? acc : acc / (size * size);
    }
  }
  return { rows, cols, data: out };
}
