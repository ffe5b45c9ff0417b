/**
 * TF.js as the oracle for the converted models: the original graph model from
 * the pinned tarball, run on the wasm backend (the runtime @vladmandic/human
 * uses in Node without native TensorFlow; much faster than the cpu backend).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadManifest, loadSources } from '../../../main/models';

let ready: Promise<void> | undefined;

export function useWasm(): Promise<void> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
    tf.env().set('IS_TEST', true); // no "install tfjs-node" banner
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to start');
  })();
  return ready;
}

/** The original TF.js graph model of a manifest entry. */
export async function loadTfjsModel(id: string): Promise<tf.GraphModel> {
  await useWasm();
  const entry = loadManifest().models.find((m) => m.id === id)!;
  const files = await loadSources(id, { offline: true });
  const jsonPath = entry.sources.find((s) => s.path.endsWith('.json'))!.path;
  const json = JSON.parse(files.get(jsonPath)!.toString('utf8')) as {
    modelTopology: unknown;
    weightsManifest: { paths: string[]; weights: unknown[] }[];
    signature?: unknown;
  };
  const dir = jsonPath.slice(0, jsonPath.lastIndexOf('/') + 1);
  const weightData = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => files.get(dir + p)!)));
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology as never,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as never,
      weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
      signature: json.signature as never,
    } as never),
  );
}

/** A real photo from tests/fixtures (e.g. 'detection/dog.jpg') as RGB float32, resized (fill) to w×h, mapped by `f`. */
export async function photo(
  rel: string,
  w: number,
  h: number,
  f: (v: number) => number,
  layout: 'nhwc' | 'nchw' = 'nhwc',
): Promise<Float32Array> {
  const file = path.resolve('tests', 'fixtures', rel);
  const raw = await sharp(file).resize(w, h, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const out = new Float32Array(w * h * 3);
  if (layout === 'nhwc') for (let i = 0; i < raw.length; i++) out[i] = f(raw[i]!);
  else for (let p = 0; p < w * h; p++) for (let c = 0; c < 3; c++) out[c * w * h + p] = f(raw[p * 3 + c]!);
  return out;
}

export function seededUniform(n: number, seed: number, lo: number, hi: number): Float32Array {
  let x = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * x) / 2 ** 32;
  }
  return out;
}

/**
 * max |a − b| and the range of the reference (max − min). A one-value output
 * (a face flag, a gender probability) has no spread; its range is taken as
 * max(|value|, 1), i.e. an absolute tolerance for probabilities.
 */
export function compare(ours: ArrayLike<number>, ref: ArrayLike<number>): { maxAbsDiff: number; range: number; rel: number } {
  let maxAbsDiff = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < ref.length; i++) {
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(ours[i]! - ref[i]!));
    lo = Math.min(lo, ref[i]!);
    hi = Math.max(hi, ref[i]!);
  }
  const range = ref.length > 1 ? hi - lo : Math.max(Math.abs(hi), 1);
  return { maxAbsDiff, range, rel: maxAbsDiff / range };
}
