import { describe, expect, it } from 'vitest';
import type { RecognizeResult } from '../../../preload/contract';
import { atTau } from '../../../renderer/src/pages/faces/retau';
import { histogram, phi, ratesAt } from '../../../renderer/src/pages/faces/tau';

describe('τ: rates at the chosen threshold', () => {
  const genuine = [0.5, 0.6, 0.7, 0.8];
  const impostor = [-0.1, 0.0, 0.1, 0.2, 0.3, 0.45];

  it('counts false accepts (impostor ≥ τ) and false rejects (genuine < τ) at τ', () => {
    expect(ratesAt(0.35, genuine, impostor)).toMatchObject({ falseAccepts: 1, falseRejects: 0, genuine: 4, impostor: 6 });
    expect(ratesAt(0.65, genuine, impostor)).toMatchObject({ falseAccepts: 0, falseRejects: 2 });
    expect(ratesAt(0, genuine, impostor)).toMatchObject({ falseAccepts: 5, falseRejects: 0 });
  });

  it('normal-fit estimates move the right way with τ, and Φ is the standard normal CDF', () => {
    expect(phi(0)).toBeCloseTo(0.5, 6);
    expect(phi(1.959964)).toBeCloseTo(0.975, 5);
    expect(phi(-1)).toBeCloseTo(0.158655, 5);
    const lo = ratesAt(0.3, genuine, impostor);
    const hi = ratesAt(0.6, genuine, impostor);
    expect(hi.farFit!).toBeLessThan(lo.farFit!);
    expect(hi.frrFit!).toBeGreaterThan(lo.frrFit!);
    expect(ratesAt(0.5, [0.9], impostor).frrFit).toBeUndefined();
  });

  it('bins values into the histogram, clamping the ends', () => {
    expect(histogram([-1, 0, 0.49, 0.5, 2], 0, 1, 2)).toEqual([3, 2]);
  });

  it('re-reads recognition verdicts at another τ from the best candidate', () => {
    const best = { personId: 1, name: 'obama', similarity: 0.6 };
    const r = {
      tau: 0.35,
      faces: [
        { best, match: best },
        { best: { ...best, similarity: 0.2 }, match: null },
      ],
    } as unknown as RecognizeResult;
    expect(atTau(r, 0.7).faces.map((f) => f.match?.name ?? null)).toEqual([null, null]);
    expect(atTau(r, 0.1).faces.map((f) => f.match?.name ?? null)).toEqual(['obama', 'obama']);
    expect(atTau(r, 0.1).tau).toBe(0.1);
  });
});
