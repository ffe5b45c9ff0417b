/**
 * Synthetic galleries for the vector-index tests and bench: seeded random unit
 * 512-D rows (tests/engines/faces/synthetic.ts) with planted near-duplicates —
 * "persons" whose faces and probes are noisy views of one base vector, the way
 * real embeddings of one person cluster.
 *
 * @example
 *   const g = plantedGallery(100_000, 500, 1);
 *   g.matrix;           // rows × 512
 *   g.probes(200, 2);   // { queries, persons } — each query a fresh view of a planted person
 */
import type { EmbeddingRow } from '../../../main/faces/store/repository';
import type { AnnRows } from '../../../main/faces/store/ann';
import { randomUnitRows } from './synthetic';

export const TAG = { model: 'fr_feature', version: 'synthetic' };
const D = 512;

export const unitRows = (n: number, seed: number) => randomUnitRows(n, D, seed);

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * base + uniform noise of half-width `amp` per component, renormalized. amp 0.025 → cosine ≈ 0.95 to the
 * base, ≈ 0.9 between two views (near-duplicates); amp 0.05 → ≈ 0.84 and ≈ 0.7 (like genuine pairs of real embeddings).
 */
function view(base: Float32Array, amp: number, rnd: () => number): Float32Array {
  const v = new Float32Array(D);
  let n = 0;
  for (let k = 0; k < D; k++) {
    v[k] = base[k]! + (rnd() * 2 - 1) * amp;
    n += v[k]! * v[k]!;
  }
  const inv = 1 / Math.sqrt(n);
  for (let k = 0; k < D; k++) v[k]! *= inv;
  return v;
}

export interface PlantedGallery {
  rows: number;
  matrix: Float32Array;
  /** Row indices of each planted person's faces. */
  plantedRows: number[][];
  probes(n: number, seed: number, amp?: number): { queries: Float32Array[]; persons: number[] };
}

/** `rows` random unit vectors; `persons` of them replaced by 3-face groups around a hidden base. */
export function plantedGallery(rows: number, persons: number, seed: number, amp = 0.025): PlantedGallery {
  const matrix = randomUnitRows(rows, D, seed);
  const bases = randomUnitRows(persons, D, seed + 7919);
  const rnd = lcg(seed * 31 + 1);
  const stride = Math.floor(rows / persons);
  const plantedRows: number[][] = [];
  for (let p = 0; p < persons; p++) {
    const base = bases.subarray(p * D, (p + 1) * D);
    const at = [0, 1, 2].map((j) => p * stride + j);
    for (const r of at) matrix.set(view(base, amp, rnd), r * D);
    plantedRows.push(at);
  }
  return {
    rows,
    matrix,
    plantedRows,
    probes(n, s, a = amp) {
      const r = lcg(s);
      const persons_: number[] = [];
      const queries: Float32Array[] = [];
      for (let i = 0; i < n; i++) {
        const p = Math.floor(r() * persons);
        persons_.push(p);
        queries.push(view(bases.subarray(p * D, (p + 1) * D), a, r));
      }
      return { queries, persons: persons_ };
    },
  };
}

/** Rows of a matrix (face id = row + 1) as the index reads them. */
export function matrixRows(matrix: Float32Array, rows: number): AnnRows {
  const faceIds = Int32Array.from({ length: rows }, (_, i) => i + 1);
  return { faceIds, vector: (i) => matrix.subarray(i * D, (i + 1) * D) };
}

/** The database's embeddings as the index reads them. */
export function annRows(rows: EmbeddingRow[]): AnnRows {
  return { faceIds: rows.map((r) => r.faceId), vector: (i) => rows[i]!.vector };
}
