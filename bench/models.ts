/**
 * Model benchmark rows for `npm run bench`: every bundled model on
 * onnxruntime (default threads and 1 thread) and, for the models that come as
 * TF.js graphs, the same model on TF.js with the wasm backend (what
 * @vladmandic/human runs in Node without native TensorFlow), in the same run.
 *
 * Per row: median and p90 over N warm runs (VWS_BENCH_RUNS, default 20, after
 * 3 warm-up runs), achieved GFLOP/s (2 × MACs from the inspector / median) and
 * its share of this machine's FP32 peak for the threads used. Last row: the
 * process's resident memory with every model loaded in onnxruntime (measured
 * before TF.js is imported).
 *
 * Peak FP32 = threads × clock × FLOPs/cycle/core. FLOPs/cycle from the CPU
 * flags: AVX-512F+FMA 64 (2 FMA units × 16 lanes × 2), AVX2+FMA 32, AVX 16,
 * SSE 8, aarch64 NEON 16. Clock: cpufreq's max if exposed, else the "cpu MHz"
 * of /proc/cpuinfo, else os.cpus() speed. It is a theoretical ceiling: turbo,
 * SMT and memory bandwidth are not modelled.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Tensor } from '@tensorflow/tfjs';
import { resolvePaths } from '../main/config';
import { ensureModels, loadManifest, loadSources, type ManifestModel } from '../main/models';
import { inspectModel } from '../main/models/inspect';
import { createSession, defaultThreads, type ModelSession } from '../main/runtime';

type Row = Record<string, unknown>;

const RUNS = Math.max(3, Number(process.env.VWS_BENCH_RUNS) || 20);
const WARMUP = 3;

export function fp32Peak(threads: number): { gflops: number; how: string } {
  let flags = '';
  let mhz = 0;
  let how = '';
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    flags = (/^(flags|Features)\s*:\s*(.*)$/m.exec(info)?.[2] ?? '').toLowerCase();
    mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(info)?.[1] ?? 0);
    how = 'cpu MHz of /proc/cpuinfo';
  } catch {
    /* not Linux */
  }
  try {
    const max = Number(fs.readFileSync('/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq', 'utf8')) / 1000;
    if (max > 0) {
      mhz = max;
      how = 'cpufreq max';
    }
  } catch {
    /* no cpufreq */
  }
  if (!mhz) {
    mhz = os.cpus()[0]?.speed ?? 0;
    how = 'os.cpus() speed';
  }
  const has = (f: string) => new RegExp(`\\b${f}\\b`).test(flags);
  const perCycle = process.arch === 'arm64' ? 16 : has('avx512f') && has('fma') ? 64 : has('avx2') && has('fma') ? 32 : has('avx') ? 16 : 8;
  const isa = process.arch === 'arm64' ? 'NEON' : has('avx512f') ? 'AVX-512' : has('avx2') ? 'AVX2+FMA' : has('avx') ? 'AVX' : 'SSE';
  const gflops = (threads * mhz * perCycle) / 1000;
  return { gflops, how: `${threads} thr × ${(mhz / 1000).toFixed(2)} GHz (${how}) × ${perCycle} FLOP/cycle (${isa})` };
}

function stats(ms: number[]): { median: number; p90: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p90: at(0.9) };
}

function inputFor(m: ManifestModel, session: ModelSession): { name: string; data: Float32Array; dims: number[] } {
  const info = session.inputs[0]!;
  const dims = info.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
  const n = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  const hi = /0-255/.test(m.inputs[0]?.description ?? '') ? 255 : 1;
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    data[i] = (hi * x) / 2 ** 32;
  }
  return { name: info.name, data, dims };
}

async function time(fn: () => Promise<unknown> | unknown): Promise<{ median: number; p90: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return stats(ms);
}

export async function benchModels(): Promise<Row[]> {
  const prepared = await ensureModels();
  const manifest = loadManifest();
  const threads = defaultThreads();
  const rows: Row[] = [];

  // 1. Memory: every model loaded (and run once, so arenas are allocated), before TF.js exists in the process.
  const rss0 = process.memoryUsage().rss;
  const sessions = new Map<string, ModelSession>();
  for (const p of prepared) {
    const s = await createSession(p.file, { label: p.id });
    const inp = inputFor(p.entry, s);
    await s.run({ [inp.name]: { data: inp.data, dims: inp.dims } });
    sessions.set(p.id, s);
  }
  const rssAll = process.memoryUsage().rss;
  const ep = [...sessions.values()][0]?.executionProvider ?? 'cpu';

  // 2. ORT timings (default threads, then 1 thread).
  const macsOf = new Map<string, number>();
  const ortMedian = new Map<string, number>();
  for (const p of prepared) {
    const m = manifest.models.find((x) => x.id === p.id)!;
    const s = sessions.get(p.id)!;
    const inp = inputFor(m, s);
    const macs = (await inspectModel(p.file, { label: p.id, inputShape: inp.dims })).totals.macs;
    macsOf.set(p.id, macs);
    for (const thr of threads > 1 ? [threads, 1] : [1]) {
      const sess = thr === threads ? s : await createSession(p.file, { label: `${p.id} 1-thread`, threads: 1 });
      const t = await time(() => sess.run({ [inp.name]: { data: inp.data, dims: inp.dims } }));
      if (sess !== s) await sess.release();
      if (thr === 1) ortMedian.set(p.id, t.median);
      const peak = fp32Peak(thr);
      const gflops = (2 * macs) / (t.median * 1e6);
      rows.push({
        model: p.id,
        engine: 'onnxruntime',
        ep,
        threads: thr,
        input: inp.dims.join('x'),
        median_ms: t.median,
        p90_ms: t.p90,
        gmacs: macs / 1e9,
        gflops,
        peak_gflops: peak.gflops,
        pct_peak: (100 * gflops) / peak.gflops,
      });
    }
  }
  for (const s of sessions.values()) await s.release();

  // 3. TF.js wasm on the models that ship as TF.js graphs.
  const tf = await import('@tensorflow/tfjs');
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
  tf.env().set('IS_TEST', true);
  await tf.setBackend('wasm');
  const wasmThreads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'n/a' : 1;
  for (const m of manifest.models.filter((x) => x.format === 'tfjs-graph')) {
    const files = await loadSources(m.id);
    const jsonPath = m.sources.find((x) => x.path.endsWith('.json'))!.path;
    const json = JSON.parse(files.get(jsonPath)!.toString('utf8')) as {
      modelTopology: unknown;
      weightsManifest: { paths: string[]; weights: unknown[] }[];
      signature?: unknown;
    };
    const dir = jsonPath.slice(0, jsonPath.lastIndexOf('/') + 1);
    const weights = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => files.get(dir + p)!)));
    const model = await tf.loadGraphModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology as never,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as never,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
        signature: json.signature as never,
      } as never),
    );
    const dims = (m.inputs[0]!.shape as (number | string)[]).map((d) => (typeof d === 'number' ? d : 1));
    const x = tf.randomUniform(dims, 0, /0-255/.test(m.inputs[0]?.description ?? '') ? 255 : 1);
    const t = await time(() => {
      const out = model.execute(x) as Tensor | Tensor[];
      const list = Array.isArray(out) ? out : [out];
      for (const o of list) o.dataSync();
      tf.dispose(list);
    });
    tf.dispose(x);
    model.dispose();
    const macs = macsOf.get(m.id) ?? 0;
    const peak = fp32Peak(1);
    const gflops = (2 * macs) / (t.median * 1e6);
    rows.push({
      model: m.id,
      engine: 'tfjs-wasm',
      ep: 'wasm-simd',
      threads: wasmThreads,
      input: dims.join('x'),
      median_ms: t.median,
      p90_ms: t.p90,
      gmacs: macs / 1e9,
      gflops,
      peak_gflops: peak.gflops,
      pct_peak: (100 * gflops) / peak.gflops,
      ort1_speedup: ortMedian.has(m.id) ? t.median / ortMedian.get(m.id)! : undefined,
    });
  }

  rows.push({
    model: `all ${prepared.length} loaded`,
    engine: 'onnxruntime',
    ep,
    threads,
    rss_mb: rssAll / 2 ** 20,
    rss_models_mb: (rssAll - rss0) / 2 ** 20,
    note: `RSS of this process with every session created and run once (target ≤ 1024 MB); cache ${resolvePaths().models}`,
  });
  rows.push({ model: 'peak', engine: '', note: `FP32 peak = ${fp32Peak(threads).how}` });
  return rows;
}
