/**
 * The one module that imports onnxruntime-node.
 *
 * Owns execution-provider choice (first available wins, CPU last, with the
 * reason each skipped provider was skipped), session options (threads,
 * spinning, graph optimization), feed checks with readable errors, and release.
 * Everything else asks it for a `ModelSession` and passes plain typed arrays.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { VwError } from '../errors';
import { recordLoaded } from './registry';

export type TensorType = 'float32' | 'int32' | 'int64' | 'uint8' | 'bool';
export type TensorArray = Float32Array | Int32Array | BigInt64Array | Uint8Array;

/** A tensor as the rest of the product sees it: data + dims, nothing ORT-specific. */
export interface TensorData {
  data: TensorArray;
  dims: readonly number[];
  type?: TensorType;
}

export interface IoInfo {
  name: string;
  /** Symbolic dims are strings (e.g. "batch"). */
  shape: (number | string)[];
  type: string;
}

export interface SessionOptions {
  /** Preference order, e.g. ["cuda", "cpu"]. Default: automatic for the platform. */
  executionProviders?: string[];
  /** Intra-op threads. Default: min(cores, 4), leaving room beside a UI. */
  threads?: number;
  /**
   * Busy-wait between ops while a Run() is in progress (workers park when it returns).
   * Off by default.
   */
  spinning?: boolean;
  graphOptimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /** A label for error messages and `vws doctor` (use the model id). */
  label?: string;
  /** onnxruntime log level: 0 verbose … 4 fatal. Default 3 (errors only; ORT's warnings about unused initializers are noise). */
  logLevel?: 0 | 1 | 2 | 3 | 4;
}

export interface ModelSession {
  readonly label: string;
  readonly inputs: IoInfo[];
  readonly outputs: IoInfo[];
  /** The provider that the session was created with. */
  readonly executionProvider: string;
  /** Providers that were tried first and why they were skipped. */
  readonly skipped: { name: string; reason: string }[];
  /** Set when a provider that was asked for explicitly is not the one in use: which, and why. */
  readonly fallback?: string;
  readonly loadMs: number;
  run(feeds: Record<string, TensorData>, outputNames?: string[]): Promise<Record<string, TensorData>>;
  release(): Promise<void>;
}

/** Providers the platform could have, in preference order (CPU last). */
export function platformProviders(platform = process.platform): string[] {
  if (platform === 'win32') return ['cuda', 'dml', 'webgpu', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'webgpu', 'cpu'];
  return ['cuda', 'webgpu', 'cpu'];
}

/** Providers this build of onnxruntime-node can load (bundled or installed). */
export function availableProviders(): { available: string[]; skipped: { name: string; reason: string }[] } {
  const supported = new Map(ort.listSupportedBackends().map((b) => [b.name, b]));
  const available: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const name of platformProviders()) {
    if (name === 'cpu') continue;
    const b = supported.get(name);
    if (!b) skipped.push({ name, reason: 'not built into this onnxruntime-node package' });
    else if (name === 'webgpu' && !process.env.VWS_ENABLE_WEBGPU)
      skipped.push({ name, reason: 'experimental in onnxruntime-node; set VWS_ENABLE_WEBGPU=1 to try it' });
    else if (!b.bundled && name === 'cuda' && !cudaInstalled())
      skipped.push({ name, reason: 'CUDA libraries not installed (npm rebuild onnxruntime-node --onnxruntime-node-install=cuda12)' });
    else available.push(name);
  }
  available.push('cpu');
  return { available, skipped };
}

function cudaInstalled(): boolean {
  // `npm rebuild onnxruntime-node --onnxruntime-node-install=cuda12` puts the CUDA
  // provider library beside the native binding.
  try {
    const require = createRequire(import.meta.url);
    const binDir = path.join(path.dirname(require.resolve('onnxruntime-node/package.json')), 'bin');
    return fs.readdirSync(binDir).some((napi) => {
      const dir = path.join(binDir, napi, process.platform, process.arch);
      return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => /providers_cuda/.test(f));
    });
  } catch {
    return false;
  }
}

export function defaultThreads(): number {
  const env = Number(process.env.VWS_THREADS);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 4));
}

function ioInfo(meta: readonly ort.InferenceSession.ValueMetadata[]): IoInfo[] {
  return meta.map((m) =>
    m.isTensor
      ? { name: m.name, shape: [...m.shape].map((d) => d as number | string), type: m.type }
      : { name: m.name, shape: [], type: 'non-tensor' },
  );
}

/**
 * Create a session on the first execution provider that works.
 *
 * @example
 *   const s = await createSession('/cache/models/fr_feature.onnx', { label: 'fr_feature' });
 *   const out = await s.run({ input: { data: new Float32Array(3 * 112 * 112), dims: [1, 3, 112, 112] } });
 */
export async function createSession(model: string | Uint8Array, opts: SessionOptions = {}): Promise<ModelSession> {
  const label = opts.label ?? (typeof model === 'string' ? model : 'model');
  const auto = availableProviders();
  const wanted = opts.executionProviders ?? auto.available;
  const skipped = opts.executionProviders ? [] : [...auto.skipped];
  const order = wanted.includes('cpu') ? wanted : [...wanted, 'cpu'];
  const supported = new Set(ort.listSupportedBackends().map((b) => b.name));
  let lastErr: unknown;
  for (const ep of order) {
    if (ep !== 'cpu' && !supported.has(ep)) {
      skipped.push({ name: ep, reason: `execution provider "${ep}" is not available in this build` });
      continue;
    }
    const t0 = performance.now();
    try {
      const session = await ort.InferenceSession.create(model as never, {
        executionProviders: [ep],
        intraOpNumThreads: opts.threads ?? defaultThreads(),
        interOpNumThreads: 1,
        graphOptimizationLevel: opts.graphOptimization ?? 'all',
        logSeverityLevel: opts.logLevel ?? 3,
        // Spinning workers pick up each op sooner; force_spinning_stop parks them when
        // Run() returns so that idle sessions never steal the cores from the next one.
        extra: { session: { intra_op: { allow_spinning: opts.spinning ? '1' : '0' }, force_spinning_stop: opts.spinning ? '1' : '0' } },
      });
      const requested = opts.executionProviders?.[0];
      const fallback =
        requested && requested !== ep
          ? `asked for ${requested}, using ${ep}: ${skipped.map((x) => `${x.name}: ${x.reason}`).join('; ')}`
          : undefined;
      return wrap(session, label, ep, skipped, performance.now() - t0, fallback);
    } catch (err) {
      lastErr = err;
      if (ep === 'cpu') break;
      skipped.push({ name: ep, reason: (err as Error).message.split('\n')[0] ?? String(err) });
    }
  }
  throw new VwError('E_MODEL_INVALID', `Cannot load ${label}: ${(lastErr as Error)?.message ?? 'unknown error'}`, {
    hint: 'The model file may be corrupt; run `npm run models` to rebuild the cache.',
    cause: lastErr,
  });
}

function wrap(
  session: ort.InferenceSession,
  label: string,
  ep: string,
  skipped: { name: string; reason: string }[],
  loadMs: number,
  fallback: string | undefined,
): ModelSession {
  const inputs = ioInfo(session.inputMetadata);
  const outputs = ioInfo(session.outputMetadata);
  let released = false;
  const unrecord = recordLoaded({ label, executionProvider: ep, loadMs, skipped });
  return {
    label,
    inputs,
    outputs,
    executionProvider: ep,
    skipped,
    loadMs,
    fallback,
    async run(feeds, outputNames) {
      if (released) throw new VwError('E_INTERNAL', `Session ${label} was released.`);
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const info of inputs) {
        const f = feeds[info.name];
        if (!f)
          throw new VwError(
            'E_BAD_ARGUMENT',
            `Model ${label} needs input "${info.name}" (${info.type} [${info.shape.join(',')}]); got ${Object.keys(feeds).join(', ') || 'nothing'}.`,
          );
        checkFeed(label, info, f);
        ortFeeds[info.name] = new ort.Tensor((f.type ?? inferType(f.data)) as never, f.data as never, f.dims as number[]);
      }
      let out: ort.InferenceSession.OnnxValueMapType;
      try {
        out = outputNames ? await session.run(ortFeeds, outputNames) : await session.run(ortFeeds);
      } catch (err) {
        throw new VwError('E_INTERNAL', `Inference failed in ${label}: ${(err as Error).message}`, { cause: err });
      }
      const result: Record<string, TensorData> = {};
      for (const [name, v] of Object.entries(out)) {
        const t = v as ort.Tensor;
        result[name] = { data: t.data as TensorArray, dims: [...t.dims], type: t.type as TensorType };
      }
      return result;
    },
    async release() {
      if (released) return;
      released = true;
      unrecord();
      await session.release();
    },
  };
}

function inferType(data: TensorArray): TensorType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  return 'uint8';
}

function checkFeed(label: string, info: IoInfo, f: TensorData): void {
  const n = f.dims.reduce((a, b) => a * b, 1);
  if (n !== f.data.length) {
    throw new VwError(
      'E_BAD_ARGUMENT',
      `Input "${info.name}" of ${label}: dims [${f.dims.join(',')}] need ${n} values; got ${f.data.length}.`,
    );
  }
  if (info.shape.length && info.shape.length !== f.dims.length) {
    throw new VwError(
      'E_BAD_ARGUMENT',
      `Input "${info.name}" of ${label} has rank ${info.shape.length} [${info.shape.join(',')}]; got [${f.dims.join(',')}].`,
    );
  }
  info.shape.forEach((d, i) => {
    if (typeof d === 'number' && d > 0 && f.dims[i] !== d) {
      throw new VwError('E_BAD_ARGUMENT', `Input "${info.name}" of ${label} expects [${info.shape.join(',')}]; got [${f.dims.join(',')}].`);
    }
  });
}

/** Versions for `vws doctor`. */
export function runtimeVersion(): string {
  return (ort.env as { versions?: { common?: string } }).versions?.common ?? 'unknown';
}

/**
 * A session created on first use and shared by every later use; a load that
 * failed is retried on the next use. `release()` frees it (the next use loads again).
 *
 * @example
 *   const embedder = new LazySession(async () => createSession(await ensureModel('fr_feature')));
 *   const s = await embedder.get();
 */
export class LazySession {
  private session: Promise<ModelSession> | null = null;

  constructor(private readonly create: () => Promise<ModelSession>) {}

  get(): Promise<ModelSession> {
    this.session ??= this.create();
    this.session.catch(() => (this.session = null));
    return this.session;
  }

  async release(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await (await s).release();
  }
}
