import { describe, expect, it } from 'vitest';
import { accuracy, allTriplets, bestThreshold, judgeProjection, learnProjection, type Labelled } from '../../../main/lab/triplet';

const v = (...x: number[]) => Float32Array.from(x);

describe('triplet loss', () => {
  it('L = max(d(A,P) − d(A,N) + α, 0), hardest triplets first', () => {
    const items: Labelled[] = [
      { person: 'a', x: v(0, 0) },
      { person: 'a', x: v(1, 0) }, // d(A,P) = 1
      { person: 'b', x: v(0, 2) }, // d(A,N) = 4 from a0
      { person: 'b', x: v(1, 1) }, // d(A,N) = 2 from a0
    ];
    const t = allTriplets(items, 0.2);
    // Ordered pairs of one person: a0a1, a1a0, b2b3, b3b2, each with 2 negatives.
    expect(t.length).toBe(8);
    const hard = t[0]!;
    expect(hard.dAN - hard.dAP).toBeLessThanOrEqual(t[1]!.dAN - t[1]!.dAP);
    const a0a1b3 = t.find((x) => x.anchor === 0 && x.positive === 1 && x.negative === 3)!;
    expect([a0a1b3.dAP, a0a1b3.dAN, a0a1b3.loss]).toEqual([1, 2, 0]);
    const a1a0b3 = t.find((x) => x.anchor === 1 && x.positive === 0 && x.negative === 3)!;
    // d(a1, b3) = 1: L = 1 − 1 + 0.2.
    expect(a1a0b3.loss).toBeCloseTo(0.2, 12);
  });

  it('picks the threshold with the best accuracy on the training pairs', () => {
    const pairs = [
      { d: 0.5, same: true },
      { d: 0.9, same: true },
      { d: 1.5, same: false },
      { d: 1.9, same: false },
    ];
    const t = bestThreshold(pairs);
    expect(t).toBeCloseTo(1.2, 12);
    expect(accuracy(pairs, t)).toBe(1);
  });
});

describe('a learned projection, adopted only when held-out accuracy rises', () => {
  // Identity lives in dims 0–1; dim 2 is a nuisance (lighting) that swamps it.
  const train: Labelled[] = [
    { person: 'a', x: v(1, 0, 2) },
    { person: 'a', x: v(1, 0, -2) },
    { person: 'b', x: v(0, 1, 2) },
    { person: 'b', x: v(0, 1, -2) },
  ];
  const heldOut = [
    { person: 'a', x: v(1, 0, 2), heldOut: true },
    { person: 'b', x: v(0, 1, -2), heldOut: true },
  ];
  const all = [...train.map((t) => ({ ...t, heldOut: false })), ...heldOut];

  it('learns to ignore the nuisance dimension: J falls and held-out accuracy rises, so it is adopted', () => {
    const j0 = allTriplets(train, 0.2).reduce((s, t) => s + t.loss, 0);
    const w = learnProjection(train, 0.2, 300);
    expect(w[2]).toBeLessThan(0.1);
    const p = judgeProjection(train, all, 0.2, 300)!;
    expect(p.jAfter).toBeLessThan(j0);
    expect(p.accuracyAfter).toBeGreaterThan(p.accuracyBefore);
    expect(p.accuracyAfter).toBe(1);
    expect(p.adopted).toBe(true);
  });

  it('is not adopted when it cannot beat the frozen encodings (already perfect)', () => {
    const clean = train.map((t) => ({ ...t, x: v(t.x[0]!, t.x[1]!, 0) }));
    const cleanAll = [...clean.map((t) => ({ ...t, heldOut: false })), ...heldOut.map((h) => ({ ...h, x: v(h.x[0]!, h.x[1]!, 0) }))];
    const p = judgeProjection(clean, cleanAll, 0.2, 300)!;
    expect(p.accuracyBefore).toBe(1);
    expect(p.adopted).toBe(false);
    expect(
      judgeProjection(
        clean,
        clean.map((t) => ({ ...t, heldOut: false })),
        0.2,
        300,
      ),
    ).toBeUndefined();
  });
});
