import type { Matrix } from '../../../../preload/contract';

/** The lesson's 3×3 filters (the engine does the arithmetic; these are only the weights to send). */
export const FILTER_PRESETS = {
  vertical: [1, 0, -1, 1, 0, -1, 1, 0, -1],
  horizontal: [1, 1, 1, 0, 0, 0, -1, -1, -1],
  'sobel-vertical': [1, 0, -1, 2, 0, -2, 1, 0, -1],
  'sobel-horizontal': [1, 2, 1, 0, 0, 0, -1, -2, -1],
  'scharr-vertical': [3, 0, -3, 10, 0, -10, 3, 0, -3],
  'scharr-horizontal': [3, 10, 3, 0, 0, 0, -3, -10, -3],
} as const;

export type FilterPreset = keyof typeof FILTER_PRESETS | 'custom';

const rowsText = (rows: number[][]): string => rows.map((r) => r.join(' ')).join('\n');

export const INPUT_PRESETS: Record<string, string> = {
  'Lesson 6×6': rowsText([
    [3, 0, 1, 2, 7, 4],
    [1, 5, 8, 9, 3, 1],
    [2, 7, 2, 5, 1, 3],
    [0, 1, 3, 1, 7, 8],
    [4, 2, 1, 6, 2, 8],
    [2, 4, 5, 2, 3, 9],
  ]),
  'Vertical edge': rowsText(Array.from({ length: 6 }, () => [10, 10, 10, 0, 0, 0])),
  'Horizontal example': rowsText([
    ...Array.from({ length: 3 }, () => [10, 10, 10, 0, 0, 0]),
    ...Array.from({ length: 3 }, () => [0, 0, 0, 10, 10, 10]),
  ]),
  'Pooling 4×4': rowsText([
    [1, 3, 2, 1],
    [2, 9, 1, 1],
    [1, 3, 2, 3],
    [5, 6, 1, 2],
  ]),
};

/** Rows on lines, values split by spaces or commas; a readable error for ragged or non-numeric input. */
export function parseMatrix(text: string): { matrix?: Matrix; error?: string } {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return { error: 'The input is empty.' };
  const rows = lines.map((l) => l.split(/[\s,;]+/).map(Number));
  const cols = rows[0]!.length;
  for (const [i, r] of rows.entries()) {
    if (r.length !== cols) return { error: `Row ${i + 1} has ${r.length} values; row 1 has ${cols}.` };
    if (r.some((v) => !Number.isFinite(v))) return { error: `Row ${i + 1} has something that is not a number.` };
  }
  return { matrix: { rows: rows.length, cols, data: rows.flat() } };
}

export const outputLength = (n: number, f: number, p: number, s: number): number => Math.floor((n + 2 * p - f) / s) + 1;
