/**
 * Triplet loss (Schroff, Kalenichenko & Philbin 2015, "FaceNet"), as the
 * notes define it: L(A, P, N) = max(‖f(A) − f(P)‖² − ‖f(A) − f(N)‖² + α, 0),
 * J = Σ L over triplets, hard triplets being those with d(A, P) ≈ d(A, N).
 *
 * The lesson on the user's pictures: the triplets of the training pictures,
 * then the projection of projection.ts (trained with the style engine's
 * generated gradient) judged on the held-out pictures with a threshold
 * chosen on the training pairs. The gallery's own personalization
 * (main/faces/personalization.ts) trains the same projection on the gallery.
 */
import type { LabTripletRequest, LabTripletResult } from '../../preload/contract';
import { VwError } from '../errors';
import { decodeImage } from '../imaging/decode';
import type { FacePipeline } from '../faces/pipeline';
import { DEFAULT_ALPHA, DEFAULT_STEPS, judgeProjection, selectTriplets, type Labelled } from './projection';

export const MAX_TRIPLET_IMAGES = 40;

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
  const triplets = selectTriplets(train, alpha).map((t) => ({
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
  if (steps > 0) {
    const judged = await judgeProjection(all, { alpha, steps, threshold: 'best' });
    if (judged) {
      const jAfter = selectTriplets(train, alpha, { w: judged.learned.w }).reduce((s, t) => s + t.loss, 0);
      const { heldOutPairs, accuracyBefore, accuracyAfter, adopted } = judged;
      result.projection = { steps: judged.learned.steps, jAfter, heldOutPairs, accuracyBefore, accuracyAfter, adopted };
    }
  }
  return result;
}
