/**
 * Threshold calibration from the gallery: genuine (same person) and impostor
 * (different persons) cosine similarities over every pair of stored faces of
 * people with ≥ 2 faces (impostor pairs use every face), a suggested τ, and the
 * false-accept / false-reject rates at it.
 */

export interface Calibration {
  genuine: number[];
  impostor: number[];
  suggestedTau: number;
  /** Estimated P(impostor ≥ τ) and P(genuine < τ) from normal fits (the empirical rates are 0 on a separable gallery). */
  far: number;
  frr: number;
  empiricalFar: number;
  empiricalFrr: number;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

function meanStd(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1);
  return [m, Math.max(Math.sqrt(v), 1e-3)];
}

/**
 * Pairs from labelled unit embeddings.
 * @example similarityPairs([{ label: 1, v }, { label: 1, w }]) // { genuine: [v·w], impostor: [] }
 */
export function similarityPairs(items: { label: number; vector: Float32Array }[]): { genuine: number[]; impostor: number[] } {
  const counts = new Map<number, number>();
  for (const it of items) counts.set(it.label, (counts.get(it.label) ?? 0) + 1);
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      let s = 0;
      for (let k = 0; k < a.vector.length; k++) s += a.vector[k]! * b.vector[k]!;
      if (a.label === b.label) {
        if ((counts.get(a.label) ?? 0) >= 2) genuine.push(s);
      } else impostor.push(s);
    }
  }
  return { genuine, impostor };
}

/**
 * Suggest τ where the normal fits of the two distributions give equal error
 * (FAR = FRR), searched on a 0.001 grid — for a separable gallery this lands
 * between the highest impostor and the lowest genuine score, weighted by spread.
 *
 * @example calibrate([0.6, 0.7], [0.05, 0.1]).suggestedTau // ≈ 0.35
 */
export function calibrate(genuine: number[], impostor: number[]): Calibration {
  if (genuine.length === 0 || impostor.length === 0) {
    throw new RangeError('calibration needs at least one genuine pair (a person with ≥ 2 faces) and one impostor pair (2 persons)');
  }
  const [mg, sg] = meanStd(genuine);
  const [mi, si] = meanStd(impostor);
  let bestTau = (mg + mi) / 2;
  let bestGap = Infinity;
  for (let t = -1; t <= 1; t += 0.001) {
    const far = 1 - normalCdf((t - mi) / si);
    const frr = normalCdf((t - mg) / sg);
    if (Math.abs(far - frr) < bestGap) {
      bestGap = Math.abs(far - frr);
      bestTau = t;
    }
  }
  const tau = Math.round(bestTau * 1000) / 1000;
  return {
    genuine: [...genuine].sort((a, b) => a - b),
    impostor: [...impostor].sort((a, b) => a - b),
    suggestedTau: tau,
    far: 1 - normalCdf((tau - mi) / si),
    frr: normalCdf((tau - mg) / sg),
    empiricalFar: impostor.filter((s) => s >= tau).length / impostor.length,
    empiricalFrr: genuine.filter((s) => s < tau).length / genuine.length,
  };
}
