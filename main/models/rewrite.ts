/** Exact graph rewrites (placeholder; filled below). */
import type { OnnxTypes } from '../onnx/proto';
import type { Rewrite } from './manifest';
export function applyRewrites(model: OnnxTypes.ModelProto, _rewrites: readonly Rewrite[]): OnnxTypes.ModelProto {
  return model;
}
