/**
 * Model preparation (manifest → fetch → verify → convert → cache) and the
 * model tools (inspector). The public surface for the rest of the product.
 *
 * @example
 *   import { ensureModel } from '../models';
 *   const file = await ensureModel('fr_feature');   // absolute path of the verified .onnx
 */
export { ensureModels, ensureModel, modelStatus, loadSources, sha256, sha256File, writeFileAtomic } from './store';
export type { EnsureOptions, PreparedModel, ModelProgress } from './store';
export { loadManifest, parseManifest, findModel, manifestPath, sourceLabel } from './manifest';
export type { Manifest, ManifestModel } from './manifest';
// Optional models behind a license gate (issue 15).
export { addModels, checkLicenses, optionalModels, removeModel, withOptionalState } from './optional';
export type { OptionalModel, AddOptions } from './optional';
