import type { RecognizeResult, RecognizedFace } from '../../../../preload/contract';

/** A recognition re-read at another τ: the best candidate is the match when it reaches τ. */
export function atTau(r: RecognizeResult, tau: number): RecognizeResult {
  return { ...r, tau, faces: r.faces.map((f) => faceAtTau(f, tau)) };
}

export function faceAtTau(f: RecognizedFace, tau: number): RecognizedFace {
  return { ...f, match: f.best && f.best.similarity >= tau ? f.best : null };
}

/** "obama 0.77" or "unknown (best biden 0.14)". */
export function faceVerdict(f: RecognizedFace): string {
  if (f.match) return `${f.match.name} ${f.match.similarity.toFixed(2)}`;
  return f.best ? `unknown (best ${f.best.name} ${f.best.similarity.toFixed(2)})` : 'unknown (gallery empty)';
}
