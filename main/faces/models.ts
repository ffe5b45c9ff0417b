/**
 * Where the faces area gets its model files: always through the Models
 * area's `ensureModel` (download, verify, cache), never from a fixed path.
 * A resolver can be injected (tests of other boundaries, benches).
 */
export type FaceModelId = 'fr_detect' | 'fr_landmark' | 'fr_feature' | 'blazeface_front';
export type ModelResolver = (id: FaceModelId) => Promise<string>;

/** Resolve a model id to its cached .onnx path via the Models area. */
export const defaultModelResolver: ModelResolver = async (id) => {
  // Imported lazily so that the store, the CLI's listing commands and the pure modules never load the model tooling.
  const { ensureModel } = await import('../models/index');
  return ensureModel(id);
};
