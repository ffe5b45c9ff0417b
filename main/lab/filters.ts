/**
 * The lesson's named 3×3 edge filters. "Vertical" responds to vertical edges
 * (left-right change); "horizontal" is its transpose.
 */
import type { Matrix } from '../../preload/contract';

export type FilterName = 'vertical' | 'horizontal' | 'sobel-vertical' | 'sobel-horizontal' | 'scharr-vertical' | 'scharr-horizontal';

const m3 = (data: number[]): Matrix => ({ rows: 3, cols: 3, data });

/** Transpose of a matrix (turns a vertical-edge filter into a horizontal one). */
export function transpose(m: Matrix): Matrix {
  const data = new Array<number>(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) data[c * m.rows + r] = m.data[r * m.cols + c]!;
  return { rows: m.cols, cols: m.rows, data };
}

const vertical = m3([1, 0, -1, 1, 0, -1, 1, 0, -1]);
const sobel = m3([1, 0, -1, 2, 0, -2, 1, 0, -1]);
const scharr = m3([3, 0, -3, 10, 0, -10, 3, 0, -3]);

export const FILTERS: Record<FilterName, Matrix> = {
  vertical,
  horizontal: transpose(vertical),
  'sobel-vertical': sobel,
  'sobel-horizontal': transpose(sobel),
  'scharr-vertical': scharr,
  'scharr-horizontal': transpose(scharr),
};

/** The 6×6 example matrix of the lesson. */
export const LESSON_6X6: Matrix = {
  rows: 6,
  cols: 6,
  data: [3, 0, 1, 2, 7, 4, 1, 5, 8, 9, 3, 1, 2, 7, 2, 5, 1, 3, 0, 1, 3, 1, 7, 8, 4, 2, 1, 6, 2, 8, 2, 4, 5, 2, 3, 9],
};
