/**
 * Face embedding: 512-D descriptor of an aligned 112×112 face, L2-normalized,
 * so that cosine similarity is a dot product.
 *
 * Model: fr_feature.onnx from faceplugin-face-recognition-js@0.0.1 (MIT), an
 * ArcFace-style network (input 1×3×112×112 RGB, (v − 127) / 128). Training
 * objective: additive angular margin (Deng et al., "ArcFace", CVPR 2019) — the
 * triplet-loss Siamese idea of FaceNet (Schroff et al., 2015) with a margin loss.
 */
import type { Pixels } from '../../imaging/decode';
import { createSession, LazySession, type ModelSession, type SessionOptions } from '../../runtime/index';
import { toPlanar } from '../pixels';

export const EMBEDDING_DIM = 512;

/** Scale a vector to unit length in place (a zero vector stays zero). */
export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/**
 * @example
 *   const emb = new FaceEmbedder(() => ensureModel('fr_feature'));
 *   const v = await emb.predict(aligned.crop); // Float32Array(512), ‖v‖ = 1
 */
export class FaceEmbedder {
  private readonly session: LazySession;

  constructor(modelPath: () => Promise<string>, sessionOptions: SessionOptions = {}) {
    this.session = new LazySession(async () => createSession(await modelPath(), { ...sessionOptions, label: 'fr_feature' }));
  }

  load(): Promise<ModelSession> {
    return this.session.get();
  }

  async predict(aligned: Pixels): Promise<Float32Array> {
    return (await this.predictBatch([aligned]))[0]!;
  }

  /**
   * Several aligned crops in one run (the model's batch dimension is dynamic):
   * measured 9.7 ms for 2 crops vs 11.8 ms one by one, 19.0 vs 23.5 ms for 4.
   */
  async predictBatch(aligned: readonly Pixels[]): Promise<Float32Array[]> {
    if (!aligned.length) return [];
    const session = await this.load();
    const { width: w, height: h } = aligned[0]!;
    const per = 3 * w * h;
    const input = new Float32Array(aligned.length * per);
    aligned.forEach((a, i) => {
      if (a.width !== w || a.height !== h) throw new RangeError('predictBatch: crops must share one size');
      input.set(toPlanar(a, 127, 128), i * per);
    });
    const inName = session.inputs[0]?.name ?? 'input';
    const out = Object.values(await session.run({ [inName]: { data: input, dims: [aligned.length, 3, h, w] } }))[0]!;
    const data = out.data as Float32Array;
    const dim = data.length / aligned.length;
    return aligned.map((_, i) => l2normalize(data.slice(i * dim, (i + 1) * dim)));
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}
