/**
 * The benchmark peer: @vladmandic/human's own TF.js graph models on the TF.js
 * wasm backend (what human uses in Node without native TensorFlow), loaded
 * from the same pinned, integrity-checked tarball as our converted models.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import type { GraphModel } from '@tensorflow/tfjs';
import { loadSources } from '../main/models/index';

export type Tf = typeof TfModule;

/** TF.js with the wasm backend ready; `threads` where the backend supports it. */
export async function tfjsWasm(threads?: number): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dist = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  wasm.setWasmPaths(path.join(dist, 'dist') + path.sep);
  if (threads) wasm.setThreadsCount?.(threads);
  await tf.setBackend('wasm');
  await tf.ready();
  return tf;
}

/** Load a human model (`centernet`, `faceres`, …) as a TF.js GraphModel. */
export async function loadHumanGraphModel(tf: Tf, id: string): Promise<GraphModel> {
  const files = await loadSources(id);
  const json = JSON.parse(files.get(`package/models/${id}.json`)!.toString('utf8'));
  const bin = files.get(`package/models/${id}.bin`)!;
  return tf.loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((m: { weights: unknown[] }) => m.weights),
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
    }),
  });
}
