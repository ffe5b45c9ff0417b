/** Numbers as the lessons print them: digits grouped with commas (en-US), so e2e and readers see the same text. */
export const fmt = (n: number): string => n.toLocaleString('en-US');

/** Read back a number printed by `fmt`. */
export const unfmt = (s: string): number => Number(s.replace(/,/g, ''));
