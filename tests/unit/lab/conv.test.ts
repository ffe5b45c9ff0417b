import { describe, expect, it } from 'vitest';
import { convolve, outputLength, pool, samePadding } from '../../../main/lab/conv';
import { FILTERS, LESSON_6X6, transpose } from '../../../main/lab/filters';
import { VwError } from '../../../main/errors';
import type { Matrix } from '../../../preload/contract';

const rowsOf = (m: Matrix): number[][] => Array.from({ length: m.rows }, (_, r) => m.data.slice(r * m.cols, (r + 1) * m.cols));

/** Six rows made of the same row. */
const repeatRow = (row: number[], times: number): Matrix => ({
  rows: times,
  cols: row.length,
  data: Array.from({ length: times }, () => row).flat(),
});

describe('convolution (the lesson)', () => {
  it("gives the lesson's 4×4 result for the 6×6 example and the vertical-edge filter", () => {
    const out = convolve(LESSON_6X6, FILTERS.vertical, 0, 1);
    expect(out.rows).toBe(4);
    expect(out.cols).toBe(4);
    expect(rowsOf(out)).toEqual([
      [-5, -4, 0, 8],
      [-10, -2, 2, 3],
      [0, -2, -4, -7],
      [-3, -2, -3, -16],
    ]);
  });

  it('finds the vertical edge of three columns of 10 and three of 0: rows 0, 30, 30, 0', () => {
    const out = convolve(repeatRow([10, 10, 10, 0, 0, 0], 6), FILTERS.vertical, 0, 1);
    for (const row of rowsOf(out)) expect(row).toEqual([0, 30, 30, 0]);
  });

  it('gives 0,0,0,0 / 30,10,−10,−30 / 30,10,−10,−30 / 0,0,0,0 for the horizontal example', () => {
    const top = repeatRow([10, 10, 10, 0, 0, 0], 3);
    const bottom = repeatRow([0, 0, 0, 10, 10, 10], 3);
    const img: Matrix = { rows: 6, cols: 6, data: [...top.data, ...bottom.data] };
    expect(FILTERS.horizontal.data).toEqual([1, 1, 1, 0, 0, 0, -1, -1, -1]);
    expect(rowsOf(convolve(img, FILTERS.horizontal, 0, 1))).toEqual([
      [0, 0, 0, 0],
      [30, 10, -10, -30],
      [30, 10, -10, -30],
      [0, 0, 0, 0],
    ]);
  });

  it('computes output sizes ⌊(n + 2p − f)/s⌋ + 1 for valid, same and stride 2', () => {
    expect(outputLength(6, 3, 0, 1)).toBe(4); // valid
    expect(outputLength(6, 3, samePadding(3), 1)).toBe(6); // same
    expect(outputLength(7, 3, 0, 2)).toBe(3); // 7×7, f=3, s=2
    expect(outputLength(6, 5, samePadding(5), 1)).toBe(6);
    const seven: Matrix = { rows: 7, cols: 7, data: Array.from({ length: 49 }, (_, i) => i) };
    const s2 = convolve(seven, FILTERS.vertical, 0, 2);
    expect([s2.rows, s2.cols]).toEqual([3, 3]);
    // Each window is 3 rows of (a − (a+2)) = −2, summed: −6.
    expect(s2.data).toEqual(Array.from({ length: 9 }, () => -6));
    const same = convolve(LESSON_6X6, FILTERS.vertical, 1, 1);
    expect([same.rows, same.cols]).toEqual([6, 6]);
    // The interior of "same" equals "valid"; the corner sees zeros on its left: −(0+5+…)
    expect(same.data[1 * 6 + 1]).toBe(-5);
    expect(same.data[0]).toBe(-(0 + 5));
  });

  it('leaves a filter unflipped (cross-correlation) and Sobel/Scharr weigh the middle row', () => {
    const step = repeatRow([10, 10, 10, 0, 0, 0], 6);
    expect(rowsOf(convolve(step, FILTERS['sobel-vertical'], 0, 1))[0]).toEqual([0, 40, 40, 0]);
    expect(rowsOf(convolve(step, FILTERS['scharr-vertical'], 0, 1))[0]).toEqual([0, 160, 160, 0]);
    expect(FILTERS['sobel-horizontal']).toEqual(transpose(FILTERS['sobel-vertical']));
  });

  it('refuses inconsistent shapes and windows that do not fit with a typed error', () => {
    expect(() => convolve({ rows: 2, cols: 2, data: [1, 2, 3] }, FILTERS.vertical)).toThrow(VwError);
    expect(() => convolve({ rows: 2, cols: 2, data: [1, 2, 3, 4] }, FILTERS.vertical, 0, 1)).toThrow(/output would be -?0×-?0/);
    try {
      convolve(LESSON_6X6, FILTERS.vertical, 0, 0);
      expect.unreachable();
    } catch (err) {
      expect((err as VwError).code).toBe('E_BAD_ARGUMENT');
    }
  });
});

describe('pooling', () => {
  const m: Matrix = { rows: 4, cols: 4, data: [1, 3, 2, 1, 2, 9, 1, 1, 1, 3, 2, 3, 5, 6, 1, 2] };

  it('max pools 4×4 with f=2, s=2 to [[9,2],[6,3]]', () => {
    expect(rowsOf(pool(m, 'max', 2, 2))).toEqual([
      [9, 2],
      [6, 3],
    ]);
  });

  it('average pools 4×4 with f=2, s=2 to [[3.75,1.25],[3.75,2]]', () => {
    expect(rowsOf(pool(m, 'avg', 2, 2))).toEqual([
      [3.75, 1.25],
      [3.75, 2],
    ]);
  });

  it('max pools with overlapping windows (f=3, s=1) to a 2×2', () => {
    expect(rowsOf(pool(m, 'max', 3, 1))).toEqual([
      [9, 9],
      [9, 9],
    ]);
    expect(rowsOf(pool(LESSON_6X6, 'max', 3, 3))).toEqual([
      [8, 9],
      [5, 9],
    ]);
  });
});
