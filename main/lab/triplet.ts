/**
 * Triplet loss (Schroff, Kalenichenko & Philbin 2015, "FaceNet"), as the
 * notes define it: L(A, P, N) = max(‖f(A) − f(P)‖² − ‖f(A) − f(N)‖² + α, 0),
 * J = Σ L over triplets, hard triplets being those with d(A, P) ≈ d(A, N).
 *
 * Personalisation: on top of the frozen encodings, a per-dimension projection
 * f'(x) = w ⊙ f(x) (512 weights, w = 1 at the start, so it begins as the
 * identity) is learned by gradient descent on J over the training triplets.
 * ∂L/∂w_i = 2 w_i ((a_i − p_i)² − (a_i − n_i)²) for an active triplet — a
 * gradient this small is written out rather than generated. It is judged on
 * held-out pairs: verification accuracy with a threshold chosen on the
 * training pairs, before and after; it is adopted only if accuracy rises.
 */
import type { LabTriplet, LabTripletRequest, LabTripletResult } from '../../preload/contract';
import { VwError } from '../errors';
import { decodeImage } from '../imaging/decode';
import type { FacePipeline } from '../faces/pipeline';

export const MAX_TRIPLET_IMAGES = 40;
export const DEFAULT_ALPHA = 0.2;
export const DEFAULT_STEPS = 300;
const LEARNING_RATE = 0.5;

export interface Labelled {
  person: string;
  x: Float32Array;
}

/** ‖w ⊙ (a − b)‖². */
export function weightedDistance(a: Float32Array, b: Float32Array, w?: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i]! - b[i]!) * (w ? w[i]! : 1);
    s += d * d;
  }
  return s;
}

/** Every (A, P, N) with A ≠ P of one person and N of another, hardest first. */
export function allTriplets(items: readonly Labelled[], alpha: number, w?: Float64Array): LabTriplet[] {
  const out: LabTriplet[] = [];
  items.forEach((a, ia) =>
    items.forEach((p, ip) => {
      if (ip === ia || p.person !== a.person) return;
      const dAP = weightedDistance(a.x, p.x, w);
      items.forEach((n, iN) => {
        if (n.person === a.person) return;
        const dAN = weightedDistance(a.x, n.x, w);
        out.push({ anchor: ia, positive: ip, negative: iN, dAP, dAN, loss: Math.max(dAP - dAN + alpha, 0) });
      });
    }),
  );
  return out.sort((s, t) => s.dAN - s.dAP - (t.dAN - t.dAP));
}

/** Gradient descent on J = Σ L over the triplets; returns the learned weights. */
export function learnProjection(items: readonly Labelled[], alpha: number, steps: number): Float64Array {
  const dim = items[0]!.x.length;
  const w = new Float64Array(dim).fill(1);
  const grad = new Float64Array(dim);
  const triplets = allTriplets(items, alpha);
  for (let s = 0; s < steps; s++) {
    grad.fill(0);
    let active = 0;
    for (const t of triplets) {
      const a = items[t.anchor]!.x;
      const p = items[t.positive]!.x;
      const n = items[t.negative]!.x;
      if (weightedDistance(a, p, w) - weightedDistance(a, n, w) + alpha <= 0) continue;
      active++;
      for (let i = 0; i < dim; i++) grad[i]! += 2 * w[i]! * ((a[i]! - p[i]!) ** 2 - (a[i]! - n[i]!) ** 2);
    }
    if (active === 0) break;
    for (let i = 0; i < dim; i++) w[i] = Math.max(0, w[i]! - (LEARNING_RATE * grad[i]!) / triplets.length);
  }
  return w;
}

interface Pair {
  d: number;
  same: boolean;
}

/** The threshold on d with the best accuracy on these pairs (midpoints between sorted distances). */
export function bestThreshold(pairs: readonly Pair[]): number {
  const ds = [...new Set(pairs.map((p) => p.d))].sort((a, b) => a - b);
  let best = { t: ds[0] ?? 0, acc: -1 };
  for (let i = 0; i <= ds.length; i++) {
    const t = i === 0 ? ds[0]! - 1e-9 : i === ds.length ? ds[i - 1]! + 1e-9 : (ds[i - 1]! + ds[i]!) / 2;
    const acc = accuracy(pairs, t);
    if (acc > best.acc) best = { t, acc };
  }
  return best.t;
}

export function accuracy(pairs: readonly Pair[], t: number): number {
  return pairs.length ? pairs.filter((p) => p.d <= t === p.same).length / pairs.length : 0;
}

function pairsOf(items: readonly Labelled[], w: Float64Array | undefined, keep: (i: number, j: number) => boolean): Pair[] {
  const out: Pair[] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++)
      if (keep(i, j)) out.push({ d: weightedDistance(items[i]!.x, items[j]!.x, w), same: items[i]!.person === items[j]!.person });
  return out;
}

/**
 * Learn the projection on `train` and score verification on the held-out pairs of `all`
 * (every pair with a held-out member) with a threshold chosen on the training pairs.
 * Undefined when there is no held-out pair.
 *
 * @example judgeProjection(train, [...train, ...heldOut], 0.2, 300)?.adopted
 */
export function judgeProjection(
  train: readonly Labelled[],
  all: readonly (Labelled & { heldOut: boolean })[],
  alpha: number,
  steps: number,
): LabTripletResult['projection'] {
  const isHeld = (a: number, b: number) => all[a]!.heldOut || all[b]!.heldOut;
  const heldOutPairs = pairsOf(all, undefined, isHeld).length;
  if (heldOutPairs === 0) return undefined;
  const w = learnProjection(train, alpha, steps);
  const jAfter = allTriplets(train, alpha, w).reduce((s, t) => s + t.loss, 0);
  const score = (wt?: Float64Array) => accuracy(pairsOf(all, wt, isHeld), bestThreshold(pairsOf(train, wt, () => true)));
  const accuracyBefore = score();
  const accuracyAfter = score(w);
  return { steps, jAfter, heldOutPairs, accuracyBefore, accuracyAfter, adopted: accuracyAfter > accuracyBefore };
}

/**
 * Triplets of the training pictures, and the projection judged on held-out pairs.
 *
 * @example const r = await tripletLesson(req, pipeline); r.triplets[0].loss; r.projection?.adopted;
 */
export async function tripletLesson(req: LabTripletRequest, pipeline: FacePipeline): Promise<LabTripletResult> {
  const alpha = req.alpha ?? DEFAULT_ALPHA;
  const steps = req.steps ?? DEFAULT_STEPS;
  if (!(alpha >= 0 && alpha <= 4)) throw new VwError('E_BAD_ARGUMENT', `α must be in [0, 4]; got ${alpha}.`);
  if (req.images.length < 3 || req.images.length > MAX_TRIPLET_IMAGES)
    throw new VwError('E_BAD_ARGUMENT', `Give 3 to ${MAX_TRIPLET_IMAGES} pictures; got ${req.images.length}.`);
  const faces: LabTripletResult['faces'] = [];
  const train: Labelled[] = [];
  const trainIndex: number[] = [];
  const all: (Labelled & { heldOut: boolean })[] = [];
  for (const [k, img] of req.images.entries()) {
    const face = (await pipeline.analyze(await decodeImage(img.data, { channels: 3 }))).faces[0];
    const heldOut = !!img.heldOut;
    faces.push({ name: img.name, person: img.person, heldOut, found: !!face });
    if (!face) continue;
    all.push({ person: img.person, x: face.embedding, heldOut });
    if (!heldOut) {
      train.push({ person: img.person, x: face.embedding });
      trainIndex.push(k);
    }
  }
  const triplets = allTriplets(train, alpha).map((t) => ({
    ...t,
    anchor: trainIndex[t.anchor]!,
    positive: trainIndex[t.positive]!,
    negative: trainIndex[t.negative]!,
  }));
  if (triplets.length === 0)
    throw new VwError('E_BAD_ARGUMENT', 'No triplet can be formed: training needs two pictures of one person and one of another.', {
      hint: 'Add a second picture of someone, and a picture of someone else.',
    });
  const j = triplets.reduce((s, t) => s + t.loss, 0);
  const result: LabTripletResult = { alpha, faces, triplets: triplets.slice(0, 50), tripletCount: triplets.length, j };
  if (steps > 0) result.projection = judgeProjection(train, all, alpha, steps);
  return result;
}
