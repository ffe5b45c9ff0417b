/**
 * Synthetic gallery rows for 1:K tests and benchmarks: `rows` unit vectors of
 * `dim` floats from a seeded LCG (Numerical Recipes constants), so runs repeat.
 *
 * @example const g = randomUnitRows(100_000, 512, 1); // Float32Array(100000·512), each row ‖·‖ = 1
 */
export function randomUnitRows(rows: number, dim: number, seed: number): Float32Array {
  const m = new Float32Array(rows * dim);
  let s = seed >>> 0;
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let k = 0; k < dim; k++) {
      s = (s * 1664525 + 1013904223) >>> 0;
      const v = s / 2 ** 32 - 0.5;
      m[r * dim + k] = v;
      n += v * v;
    }
    const inv = 1 / Math.sqrt(n);
    for (let k = 0; k < dim; k++) m[r * dim + k]! *= inv;
  }
  return m;
}
