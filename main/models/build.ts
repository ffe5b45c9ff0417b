/**
 * Turn a model's source files into the ONNX bytes we cache: ONNX files pass
 * through (plus exact rewrites), TF.js graph models go through our converter.
 * Output is deterministic, so the manifest can pin its sha256.
 */
import { VwError } from '../errors';
import { loadModel, saveModel } from '../onnx/proto';
import { convertTfjsGraph } from './tfjs';
import type { ManifestModel } from './manifest';
import { applyRewrites } from './rewrite';

export async function buildModel(
  entry: ManifestModel,
  files: Map<string, Buffer>,
  report: (stage: string, fraction?: number, message?: string) => void = () => {},
): Promise<Uint8Array> {
  if (entry.format === 'onnx') {
    const src = files.get(entry.sources[0]!.path)!;
    if (!entry.rewrites.length) return src;
    report('rewrite', 0.6, entry.rewrites.join(', '));
    let model;
    try {
      model = loadModel(src);
    } catch (err) {
      throw new VwError(
        'E_MODEL_INVALID',
        `${entry.sources[0]!.path} of model "${entry.id}" is not a valid ONNX file: ${(err as Error).message}`,
      );
    }
    return saveModel(applyRewrites(model, entry.rewrites));
  }
  const jsonPath = entry.sources.find((s) => s.path.endsWith('.json'))!.path;
  report('convert', 0.5, 'TF.js graph → ONNX');
  const json = JSON.parse(files.get(jsonPath)!.toString('utf8')) as unknown;
  const dir = jsonPath.slice(0, jsonPath.lastIndexOf('/') + 1);
  const model = convertTfjsGraph(
    json,
    (shard) => {
      const f = files.get(dir + shard);
      if (!f)
        throw new VwError('E_MODEL_INVALID', `Model "${entry.id}" needs weight shard ${shard}; list it among the manifest's sources.`);
      return f;
    },
    { name: entry.id, dynamicBatch: entry.convert?.dynamicBatch ?? false },
  );
  const rewritten = entry.rewrites.length ? applyRewrites(model, entry.rewrites) : model;
  return saveModel(rewritten);
}
