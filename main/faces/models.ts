/**
 * Where the faces area gets its model files: always through the Models
 * area's `ensureModel` (download, verify, cache), never from a fixed path.
 * A resolver can be injected (tests of other boundaries, benches).
 */
import { VwError } from '../errors';

export type FaceModelId = 'fr_detect' | 'fr_landmark' | 'fr_feature';
export type ModelResolver = (id: FaceModelId) => Promise<string>;

/** Resolve a model id to its cached .onnx path via the Models area. */
export const defaultModelResolver: ModelResolver = async (id) => {
  // Imported lazily so that the store, CLI listing and pure modules work without touching the model cache.
  const mod = (await import('../models/index')) as { ensureModel?: (id: string) => Promise<string> };
  if (typeof mod.ensureModel !== 'function') {
    throw new VwError('E_MODEL_MISSING', `Model ${id} is not available: the model cache is not set up.`, { hint: 'Run `npm run models`.' });
  }
  return mod.ensureModel(id);
};
