/**
 * Verification vs recognition with Siamese encodings (Taigman et al. 2014
 * "DeepFace"; Schroff et al. 2015 "FaceNet"), as the notes present them: the
 * same network f maps each face to an encoding; d(x1, x2) = ‖f(x1) − f(x2)‖²
 * decides "same person" below a threshold. The faces engine's encodings are
 * unit vectors, so d = 2 − 2·cos and the engine's cosine τ is d ≤ 2 − 2τ.
 * Encodings come from the faces engine's pipeline (UltraFace → 68 landmarks →
 * ArcFace-style alignment → 512-D embedding).
 */
import type { LabVerifyRequest, LabVerifyResult } from '../../preload/contract';
import { VwError } from '../errors';
import { decodeImage, encodeJpeg } from '../imaging/decode';
import type { FacePipeline } from '../faces/pipeline';
import { DEFAULT_TAU } from '../faces/service';

export const MAX_VERIFY_IMAGES = 12;

/** ‖a − b‖² and a·b (the cosine of unit vectors). */
export function distances(a: Float32Array, b: Float32Array): { d: number; cos: number } {
  let d = 0;
  let dot = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! - b[i]!;
    d += x * x;
    dot += a[i]! * b[i]!;
  }
  return { d, cos: dot };
}

/** Takes the faces engine's pipeline (shared with the other face lessons; its owner disposes it). */
export class VerificationLesson {
  constructor(readonly pipeline: FacePipeline) {}

  /**
   * Encode the largest face of each picture and compare them all.
   *
   * @example
   *   const r = await lesson.run({ images: [{ name: 'obama.jpg', data }, { name: 'biden.jpg', data: d2 }] });
   *   r.pairs[0]; // { a: 0, b: 1, d: 1.71, cos: 0.14, same: false }
   */
  async run(req: LabVerifyRequest): Promise<LabVerifyResult> {
    const tau = req.tau ?? DEFAULT_TAU;
    if (!(tau >= -1 && tau <= 1)) throw new VwError('E_BAD_ARGUMENT', `τ must be a cosine similarity in [-1, 1]; got ${tau}.`);
    if (req.images.length < 2 || req.images.length > MAX_VERIFY_IMAGES)
      throw new VwError('E_BAD_ARGUMENT', `Give 2 to ${MAX_VERIFY_IMAGES} pictures; got ${req.images.length}.`);
    const faces: LabVerifyResult['faces'] = [];
    const enc: (Float32Array | undefined)[] = [];
    for (const img of req.images) {
      const px = await decodeImage(img.data, { channels: 3 });
      const face = (await this.pipeline.analyze(px)).faces[0];
      enc.push(face?.embedding);
      faces.push(
        face
          ? {
              name: img.name,
              found: true,
              box: face.box.map((v) => Math.round(v * 100) / 100) as [number, number, number, number],
              score: Math.round(face.score * 10000) / 10000,
              crop: await encodeJpeg(face.aligned, 90),
            }
          : { name: img.name, found: false },
      );
    }
    const n = enc.length;
    const distance = Array.from({ length: n }, () => new Array<number | null>(n).fill(null));
    const cosine = Array.from({ length: n }, () => new Array<number | null>(n).fill(null));
    const pairs: LabVerifyResult['pairs'] = [];
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const a = enc[i];
        const b = enc[j];
        if (!a || !b) continue;
        const { d, cos } = distances(a, b);
        distance[i]![j] = d;
        cosine[i]![j] = cos;
        if (j > i) pairs.push({ a: i, b: j, d, cos, same: cos >= tau });
      }
    const recognition = enc.map((_, i) => {
      let best: number | null = null;
      for (let j = 0; j < n; j++) if (j !== i && cosine[i]![j] !== null && (best === null || cosine[i]![j]! > cosine[i]![best]!)) best = j;
      const cos = best === null ? null : cosine[i]![best]!;
      const answer = best === null ? (enc[i] ? 'nobody else' : 'no face') : cos! >= tau ? faces[best]!.name : 'unknown';
      return { index: i, nearest: best, cos, answer };
    });
    return { tau, dTau: 2 - 2 * tau, faces, distance, cosine, pairs, recognition };
  }
}
