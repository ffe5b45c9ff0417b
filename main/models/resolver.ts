/**
 * The one model resolver: a bundled model id → the absolute path of its
 * verified .onnx in the model cache (prepared on first use). Engines receive
 * it through their constructors; the entry points (shell, host, CLI, tests,
 * bench) build it once from the configured paths, so `--models-dir`,
 * `VWS_MODELS_DIR` and the app's user-data directory hold for every engine.
 *
 * @example
 *   const models = modelResolver(resolvePaths({ modelsDir: '/tmp/m' }));
 *   await models('fr_feature'); // '/tmp/m/fr_feature.onnx'
 */
import { resolvePaths, type Paths } from '../config';

export type ModelResolver = (id: string) => Promise<string>;

export function modelResolver(paths: Paths = resolvePaths()): ModelResolver {
  return async (id) => {
    // Imported lazily: listing and pure modules must not pull in the fetch/convert stack.
    const { ensureModel } = await import('./store');
    return ensureModel(id, { paths });
  };
}
