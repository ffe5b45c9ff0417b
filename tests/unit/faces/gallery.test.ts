import { describe, expect, it } from 'vitest';
import { calibrate, normalCdf, similarityPairs } from '../../../main/faces/calibrate';
import { GalleryMatrix, matVec, rankPersons } from '../../../main/faces/store/gallery';

function unit(dim: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    v[i] = s / 2 ** 32 - 0.5;
  }
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('GalleryMatrix', () => {
  it('keeps rows in sync through add, remove and reassign', () => {
    const g = new GalleryMatrix(8, 2);
    const vs = [1, 2, 3, 4, 5].map((s) => unit(8, s));
    vs.forEach((v, i) => g.add(100 + i, i < 3 ? 1 : 2, v));
    expect(g.size).toBe(5);
    // Each vector's similarity with itself is 1 and sits at its own row.
    const sims = g.similarities(vs[3]!);
    expect(sims[3]).toBeCloseTo(1, 6);
    expect(g.remove(101)).toBe(true);
    expect(g.remove(101)).toBe(false);
    expect(g.size).toBe(4);
    // The last row moved into the hole: face 104 keeps its own vector.
    expect(Array.from(g.vector(104)!)).toEqual(Array.from(vs[4]!));
    const { faceIds, personIds } = g.rows();
    expect(Array.from(faceIds).sort()).toEqual([100, 102, 103, 104]);
    g.reassign(2, 1);
    expect(g.facesOf(1).sort()).toEqual([100, 102, 103, 104]);
    expect(Array.from(personIds).every((p) => p === 1)).toBe(true);
    g.removePerson(1);
    expect(g.size).toBe(0);
  });

  it('a snapshot stays unchanged while writes land, and writes go in place without one', () => {
    const g = new GalleryMatrix(4, 4);
    const a = unit(4, 1),
      b = unit(4, 2),
      c = unit(4, 3);
    g.add(1, 10, a);
    g.add(2, 20, b);
    const snap = g.snapshot();
    g.remove(1); // would move row 1 into row 0 in place
    g.add(3, 30, c);
    expect(Array.from(snap.faceIds)).toEqual([1, 2]);
    expect(Array.from(snap.matrix.subarray(0, 4))).toEqual(Array.from(a));
    snap.release();
    expect(Array.from(g.rows().faceIds)).toEqual([2, 3]);
    // No reader: the next write does not copy.
    const before = g.rows().faceIds.buffer;
    g.remove(3);
    expect(g.rows().faceIds.buffer).toBe(before);
  });

  it('matVec equals the naive dot products', () => {
    const rows = 7,
      dim = 13;
    const m = new Float32Array(rows * dim).map((_, i) => Math.sin(i));
    const q = new Float32Array(dim).map((_, i) => Math.cos(i));
    const out = matVec(m, rows, dim, q);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += m[r * dim + k]! * q[k]!;
      expect(out[r]).toBeCloseTo(s, 5);
    }
  });
});

describe('rankPersons', () => {
  const faceIds = [10, 11, 20, 30];
  const personIds = [1, 1, 2, 3];
  const sims = [0.4, 0.7, 0.5, 0.2];

  it('scores each person by their best face', () => {
    const r = rankPersons(sims, faceIds, personIds);
    expect(r.map((p) => [p.personId, p.similarity, p.faceId])).toEqual([
      [1, 0.7, 11],
      [2, 0.5, 20],
      [3, 0.2, 30],
    ]);
  });

  it('drops a rejected face from its person and suppresses the person when the query is closer to it', () => {
    // Face 11 is "not person 1": person 1 falls back to face 10 (0.4); the query is closer to 11 (0.7) → suppressed.
    const r = rankPersons(sims, faceIds, personIds, new Map([[1, [11]]]));
    expect(r.map((p) => p.personId)).toEqual([2, 3]);
    // Face 30 (another person's, sim 0.2) rejected for person 2: the query is closer to 2's own face → kept.
    const r2 = rankPersons(sims, faceIds, personIds, new Map([[2, [30]]]));
    expect(r2.map((p) => p.personId)).toEqual([1, 2, 3]);
  });
});

describe('calibrate', () => {
  it('pairs by label and counts each unordered pair once', () => {
    const a = unit(4, 1),
      b = unit(4, 2),
      c = unit(4, 3);
    const { genuine, impostor } = similarityPairs([
      { label: 1, vector: a },
      { label: 1, vector: b },
      { label: 2, vector: c },
    ]);
    expect(genuine).toHaveLength(1);
    expect(impostor).toHaveLength(2);
    expect(genuine[0]).toBeCloseTo(
      a.reduce((s, v, i) => s + v * b[i]!, 0),
      6,
    );
  });

  it('puts τ at the equal-error point of the two fits', () => {
    const genuine = [0.55, 0.6, 0.65, 0.7, 0.75];
    const impostor = [-0.1, -0.05, 0, 0.05, 0.1];
    const c = calibrate(genuine, impostor);
    // Equal spreads → the midpoint of the means.
    expect(c.suggestedTau).toBeCloseTo(0.325, 2);
    expect(c.far).toBeCloseTo(c.frr, 3);
    expect(c.far).toBeLessThan(1e-4);
    expect(c.empiricalFar).toBe(0);
    expect(c.empiricalFrr).toBe(0);
    expect(() => calibrate([], impostor)).toThrow(RangeError);
  });

  it('normalCdf matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});
