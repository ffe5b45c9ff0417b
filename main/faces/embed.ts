/**
 * Face embedding: 512-D descriptor of an aligned 112×112 face, L2-normalized,
 * so that cosine similarity is a dot product.
 *
 * Model: fr_feature.onnx from faceplugin-face-recognition-js@0.0.1 (MIT), an
 * ArcFace-style network (input 1×3×112×112 RGB, (v − 127) / 128). Training
 * objective: additive angular margin (Deng et al., "ArcFace", CVPR 2019) — the
 * triplet-loss Siamese idea of FaceNet (Schroff et al., 2015) with a margin loss.
 */
import type { Pixels } from '../imaging/decode';
import { createSession, type ModelSession, type SessionOptions } from '../runtime/index';
import { toPlanar } from './pixels';

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
  private session: Promise<ModelSession> | null = null;

  constructor(
    private readonly modelPath: () => Promise<string>,
    private readonly sessionOptions: SessionOptions = {},
  ) {}

  load(): Promise<ModelSession> {
    this.session ??= (async () => createSession(await this.modelPath(), { ...this.sessionOptions, label: 'fr_feature' }))();
    this.session.catch(() => (this.session = null));
    return this.session;
  }

  async predict(aligned: Pixels): Promise<Float32Array> {
    const session = await this.load();
    const input = toPlanar(aligned, 127, 128);
    const inName = session.inputs[0]?.name ?? 'input';
    const out = await session.run({ [inName]: { data: input, dims: [1, 3, aligned.height, aligned.width] } });
    const first = Object.values(out)[0]!;
    return l2normalize(Float32Array.from(first.data as Float32Array));
  }

  async dispose(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await (await s).release();
  }
}
