/**
 * 1:K scoring on onnxruntime for large galleries: one MatMul node,
 * scores[K, 1] = G[K, 512] · q[512, 1], fed the gallery matrix's own memory
 * (a view, no copy). From about a thousand rows MLAS's vectorized,
 * multi-threaded GEMV beats the JS loop in `gallery.ts` by 2–4× (bench/faces.ts:
 * 0.3–0.5 ms vs 1.2–1.4 ms at 1k, 46–99 ms vs 100–360 ms at 100k on the shared 2-core box);
 * below that the call overhead is not worth it.
 */
import { makeModel, node, saveModel, valueInfo } from '../../onnx/proto';
import { createSession, LazySession, type ModelSession, type SessionOptions } from '../../runtime/index';

/** Galleries at least this large are scored on ORT. */
export const ORT_MIN_ROWS = 1_000;

/** Serialized single-MatMul model for `dim`-D rows (K symbolic). */
export function matMulModel(dim: number): Uint8Array {
  return saveModel(
    makeModel({
      name: 'gallery_scores',
      producer: 'vws-faces',
      nodes: [node('MatMul', ['g', 'q'], ['s'])],
      inputs: [valueInfo('g', 'float32', ['K', dim]), valueInfo('q', 'float32', [dim, 1])],
      outputs: [valueInfo('s', 'float32', ['K', 1])],
    }),
  );
}

/**
 * @example
 *   const scorer = new OrtGalleryScorer(512);
 *   const sims = await scorer.similarities(matrix, rows, query); // Float32Array(rows)
 */
export class OrtGalleryScorer {
  private readonly session: LazySession;

  constructor(
    readonly dim: number,
    sessionOptions: SessionOptions = {},
  ) {
    this.session = new LazySession(() => createSession(matMulModel(dim), { ...sessionOptions, label: 'gallery-matmul' }));
  }

  load(): Promise<ModelSession> {
    return this.session.get();
  }

  async similarities(matrix: Float32Array, rows: number, q: Float32Array): Promise<Float32Array> {
    if (rows === 0) return new Float32Array(0);
    const s = await this.load();
    const g = matrix.subarray(0, rows * this.dim);
    const out = await s.run({ g: { data: g, dims: [rows, this.dim] }, q: { data: q, dims: [this.dim, 1] } });
    return out.s!.data as Float32Array;
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}
