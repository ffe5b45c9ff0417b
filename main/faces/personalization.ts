/**
 * Personalization of a gallery (issue #17 item 8): the triplet-loss projection
 * of main/lab/projection.ts, learned on the gallery's own faces and kept only
 * when it raises held-out verification accuracy at the gallery's τ.
 *
 * Held out: per person, faces in id order, every third from the third on (a
 * person needs three faces to contribute one); the rest train. Accuracy is
 * counted on every pair with a held-out member, same ⇔ cosine ≥ τ — the rule
 * verify and recognize apply — once on the frozen encodings, once projected.
 *
 * Stored as one gallery setting keyed by the embedding model tag
 * (`personalization:<model>@<version>`), so it lives in the gallery itself —
 * SQLite or PostgreSQL alike, exported nowhere, shared by a team's
 * workstations — and a re-embedded gallery (another version) never sees it:
 * it is parsed only for the tag it was learned for, with the embedding's length.
 */
import { z } from 'zod';
import type { PersonalizationInfo, PersonalizeResult } from '../../preload/contract';
import { throwIfCancelled, VwError } from '../errors';
import { DEFAULT_STEPS, judgeProjection, project, type Labelled } from '../lab/projection';
import type { EmbeddingRow, EmbeddingTag } from './store/repository.types';

export const SETTING_PREFIX = 'personalization:';
/** α for the gallery: a wide margin (cos(A, P) − cos(A, N) ≥ 0.75, as d = 2 − 2·cos), so genuine pairs move past τ rather than just past the nearest impostor. */
export const GALLERY_ALPHA = 1.5;
export const HOLD_OUT_EVERY = 3;
/** Faces per person and in all that training reads (the first by id), and negatives per (A, P). */
export const MAX_FACES_PER_PERSON = 8;
export const MAX_FACES = 400;
export const NEGATIVES_PER_PAIR = 8;

export const settingKey = (tag: EmbeddingTag): string => `${SETTING_PREFIX}${tag.model}@${tag.version}`;

const rate = z.number().min(0).max(1);
const storedSchema = z.object({
  format: z.literal(1),
  model: z.string(),
  version: z.string(),
  /** Float32 little-endian, base64. */
  weights: z.string().max(1 << 20),
  alpha: z.number(),
  steps: z.number().int().min(0),
  trainFaces: z.number().int().min(0),
  heldOutFaces: z.number().int().min(0),
  heldOutPairs: z.number().int().min(0),
  tau: z.number().min(-1).max(1),
  accuracyBefore: rate,
  accuracyAfter: rate,
  trained: z.string(),
});

export interface ActiveProjection {
  weights: Float32Array;
  info: PersonalizationInfo;
}

/** The stored projection for this tag, or undefined (absent, another tag, unreadable, wrong length). */
export function parseStored(raw: string | undefined, tag: EmbeddingTag, dim: number): ActiveProjection | undefined {
  if (!raw) return undefined;
  let parsed: z.infer<typeof storedSchema>;
  try {
    parsed = storedSchema.parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
  if (parsed.model !== tag.model || parsed.version !== tag.version) return undefined;
  const bytes = Buffer.from(parsed.weights, 'base64');
  if (bytes.length !== dim * 4) return undefined;
  const weights = new Float32Array(dim);
  for (let i = 0; i < dim; i++) weights[i] = bytes.readFloatLE(i * 4);
  if (!weights.every((x) => Number.isFinite(x) && x >= 0) || weights.every((x) => x === 0)) return undefined;
  const { weights: _w, format: _f, ...info } = parsed;
  return { weights, info };
}

export function encodeStored(weights: Float32Array, info: PersonalizationInfo): string {
  const bytes = Buffer.alloc(weights.length * 4);
  weights.forEach((x, i) => bytes.writeFloatLE(x, i * 4));
  return JSON.stringify({ format: 1, ...info, weights: bytes.toString('base64') });
}

/** The training set: at most MAX_FACES_PER_PERSON per person and MAX_FACES in all, every third per person held out. */
export function splitGallery(rows: readonly EmbeddingRow[]): (Labelled & { heldOut: boolean })[] {
  const byPerson = new Map<number, EmbeddingRow[]>();
  for (const r of [...rows].sort((a, b) => a.faceId - b.faceId)) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const out: (Labelled & { heldOut: boolean })[] = [];
  for (const [person, faces] of byPerson)
    faces.slice(0, MAX_FACES_PER_PERSON).forEach((f, i) => {
      if (out.length < MAX_FACES) out.push({ person: String(person), x: f.vector, heldOut: i % HOLD_OUT_EVERY === HOLD_OUT_EVERY - 1 });
    });
  return out;
}

/**
 * Learn and judge on the gallery's embeddings; `stored` is set only when the projection is adopted.
 *
 * @example const r = await personalize(await store.embeddings(tag), tag, await faces.tau()); if (r.stored) await store.setSetting(settingKey(tag), r.stored);
 */
export async function personalize(
  rows: readonly EmbeddingRow[],
  tag: EmbeddingTag,
  tau: number,
  opts: { steps?: number; alpha?: number; signal?: AbortSignal } = {},
): Promise<{ result: PersonalizeResult; stored?: string }> {
  const alpha = opts.alpha ?? GALLERY_ALPHA;
  const items = splitGallery(rows);
  const heldOutFaces = items.filter((x) => x.heldOut).length;
  const trainFaces = items.length - heldOutFaces;
  const judged = await judgeProjection(items, {
    alpha,
    steps: opts.steps ?? DEFAULT_STEPS,
    threshold: tau,
    negatives: NEGATIVES_PER_PAIR,
    signal: opts.signal,
  });
  // A cancelled request stores nothing, however far training got.
  throwIfCancelled(opts.signal);
  if (!judged || judged.learned.triplets === 0)
    throw new VwError('E_BAD_ARGUMENT', 'Personalization needs a person with three or more faces and at least two persons.', {
      hint: 'Every third face of a person is held out to judge the projection; enroll more shots of someone.',
      details: { trainFaces, heldOutFaces },
    });
  const info: PersonalizationInfo = {
    model: tag.model,
    version: tag.version,
    alpha,
    steps: judged.learned.steps,
    trainFaces,
    heldOutFaces,
    heldOutPairs: judged.heldOutPairs,
    tau,
    accuracyBefore: judged.accuracyBefore,
    accuracyAfter: judged.accuracyAfter,
    trained: new Date().toISOString(),
  };
  const result: PersonalizeResult = {
    ...info,
    triplets: judged.learned.triplets,
    meanLossBefore: judged.learned.meanBefore,
    meanLossAfter: judged.learned.meanAfter,
    adopted: judged.adopted,
  };
  return judged.adopted ? { result, stored: encodeStored(judged.learned.w, info) } : { result };
}

/** Cosine of n(w ⊙ a) and n(w ⊙ b). */
export function projectedSimilarity(a: Float32Array, b: Float32Array, w: Float32Array): number {
  const pa = project(a, w);
  const pb = project(b, w);
  let s = 0;
  for (let i = 0; i < pa.length; i++) s += pa[i]! * pb[i]!;
  return Math.max(-1, Math.min(1, s));
}

/**
 * Cosine of n(w ⊙ q) with n(w ⊙ g) for every row g of a row-major matrix, in
 * one pass: Σ g·(w ⊙ n(w ⊙ q)) / ‖w ⊙ g‖.
 */
export function projectedSimilarities(m: Float32Array, rows: number, dim: number, q: Float32Array, w: Float32Array): Float32Array {
  const pq = project(q, w);
  const wq = new Float32Array(dim);
  const w2 = new Float32Array(dim);
  for (let k = 0; k < dim; k++) {
    wq[k] = w[k]! * pq[k]!;
    w2[k] = w[k]! * w[k]!;
  }
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let s = 0;
    let n = 0;
    for (let k = 0; k < dim; k++) {
      const g = m[o + k]!;
      s += g * wq[k]!;
      n += g * g * w2[k]!;
    }
    out[r] = n > 0 ? s / Math.sqrt(n) : 0;
  }
  return out;
}
