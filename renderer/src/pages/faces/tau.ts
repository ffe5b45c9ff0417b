/**
 * What a threshold τ means on this gallery: false accepts and false rejects
 * counted on its own pairs, and estimated from normal fits of the genuine and
 * impostor similarities (as the engine's calibration does for the suggested τ).
 * Pure functions over the calibration report's pair similarities.
 */

export interface RatesAtTau {
  /** Impostor pairs at or above τ (would be accepted). */
  falseAccepts: number;
  /** Genuine pairs below τ (would be rejected). */
  falseRejects: number;
  genuine: number;
  impostor: number;
  /** Estimated rates from normal fits (undefined with fewer than 2 pairs of a kind). */
  farFit?: number;
  frrFit?: number;
}

/** Fewer pairs than these and the rates are too rough to trust; the page says so. */
export const FEW_GENUINE = 20;
export const FEW_IMPOSTOR = 50;

function fit(xs: number[]): { mean: number; sd: number } | undefined {
  if (xs.length < 2) return undefined;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
  return { mean, sd: Math.max(sd, 1e-3) };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function phi(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export function ratesAt(tau: number, genuine: number[], impostor: number[]): RatesAtTau {
  const g = fit(genuine);
  const i = fit(impostor);
  return {
    falseAccepts: impostor.filter((s) => s >= tau).length,
    falseRejects: genuine.filter((s) => s < tau).length,
    genuine: genuine.length,
    impostor: impostor.length,
    farFit: i ? 1 - phi((tau - i.mean) / i.sd) : undefined,
    frrFit: g ? phi((tau - g.mean) / g.sd) : undefined,
  };
}

export function histogram(values: number[], lo: number, hi: number, bins: number): number[] {
  const h = new Array<number>(bins).fill(0);
  for (const v of values) h[Math.min(bins - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * bins)))]! += 1;
  return h;
}

export function pct(x: number | undefined): string {
  if (x === undefined) return '—';
  if (x === 0) return '0 %';
  if (x < 0.001) return '< 0.1 %';
  return `${(x * 100).toFixed(1)} %`;
}
