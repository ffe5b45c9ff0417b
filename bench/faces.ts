/**
 * Faces benchmark: per-face milliseconds by stage (detect, landmarks, align,
 * embed) and end to end, enrollment images/s, 1:K matching over 1k / 100k / 1M
 * synthetic unit embeddings (JS loop vs a single ORT MatMul), and the embedding
 * step against Human's FaceRes on TF.js wasm (and the same FaceRes as ONNX).
 * Targets on the 2-core CPU: ≤ 15 ms per face end to end; ≤ 20 ms for 1:K over 100k.
 */
import { loadHumanGraphModel, tfjsWasm } from './tfjs-peer';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import sharp from 'sharp';
import type { FaceDetectorName } from '../preload/contract';
import { FacePipeline } from '../main/faces/pipeline';
import { FacesService } from '../main/faces/service';
import { matVec } from '../main/faces/store/gallery';
import { matMulModel } from '../main/faces/store/gallery.ort';
import { decodeImage, type Pixels } from '../main/imaging/decode';
import { createSession } from '../main/runtime/index';
import { randomUnitRows } from '../tests/engines/faces/synthetic';

type Row = Record<string, unknown>;
const FIX = 'tests/fixtures/faces';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
const r2 = (v: number) => Math.round(v * 100) / 100;

function galleryFiles(): string[] {
  return fs
    .readdirSync(`${FIX}/gallery`)
    .sort()
    .flatMap((p) =>
      fs
        .readdirSync(`${FIX}/gallery/${p}`)
        .sort()
        .map((f) => `${FIX}/gallery/${p}/${f}`),
    );
}

/**
 * Stages per face over every gallery image (one face each), for both detectors,
 * interleaved image by image so that both see the same machine: one warm-up
 * round over all images (JIT, per-size session shapes), then five measured
 * rounds. Then the live path: a 640×480 RGBA webcam-sized frame of one face.
 */
async function stages(pipeline: FacePipeline): Promise<Row[]> {
  const images: Pixels[] = [];
  for (const f of galleryFiles()) images.push(await decodeImage(new Uint8Array(fs.readFileSync(f))));
  const detectors: FaceDetectorName[] = ['ultraface', 'blazeface'];
  for (const px of images) for (const detector of detectors) await pipeline.analyze(px, { detector });
  const per = Object.fromEntries(
    detectors.map((d) => [d, { detect: [], landmarks: [], align: [], embed: [], total: [] } as Record<string, number[]>]),
  );
  for (let round = 0; round < 5; round++) {
    for (const px of images) {
      for (const detector of detectors) {
        const t0 = performance.now();
        const { faces, timings } = await pipeline.analyze(px, { detector });
        const total = performance.now() - t0;
        const n = Math.max(1, faces.length);
        const p = per[detector]!;
        p.detect!.push(timings.detect);
        p.landmarks!.push(timings.landmarks / n);
        p.align!.push(timings.align / n);
        p.embed!.push(timings.embed / n);
        p.total!.push(total / n);
      }
    }
  }
  const rows: Row[] = detectors.flatMap((detector) =>
    Object.entries(per[detector]!).map(([stage, xs]) => ({
      group: `per face · ${detector}`,
      case: stage === 'total' ? 'end to end (detect + landmarks + align + embed)' : stage,
      ms: r2(median(xs)),
      p90: r2(p90(xs)),
      n: xs.length,
      ...(stage === 'total' ? { target: '≤ 15 ms' } : {}),
    })),
  );

  const frame = await sharp(fs.readFileSync(`${FIX}/gallery/obama/obama.jpg`))
    .resize(640, 480, { fit: 'cover' })
    .ensureAlpha()
    .raw()
    .toBuffer();
  const rgba: Pixels = { data: new Uint8Array(frame), width: 640, height: 480, channels: 4 };
  const live: Record<string, number[]> = { ultraface: [], blazeface: [] };
  for (let i = 0; i < 45; i++) {
    for (const detector of detectors) {
      const t0 = performance.now();
      await pipeline.analyze(rgba, { detector });
      if (i >= 5) live[detector]!.push(performance.now() - t0);
    }
  }
  for (const detector of detectors)
    rows.push({
      group: `per face · ${detector}`,
      case: 'live frame 640×480 RGBA, one face, end to end',
      ms: r2(median(live[detector]!)),
      p90: r2(p90(live[detector]!)),
      n: live[detector]!.length,
    });
  return rows;
}

async function enrollment(pipeline: FacePipeline): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-bench-faces-'));
  const service = new FacesService({ dbPath: path.join(dir, 'b.db'), pipeline });
  try {
    const files = galleryFiles();
    const t0 = performance.now();
    for (const [i, f] of files.entries())
      await service.enroll(`p${i}`, [{ name: path.basename(f), data: new Uint8Array(fs.readFileSync(f)) }]);
    const s = (performance.now() - t0) / 1000;
    return [
      {
        group: 'enrollment',
        case: 'decode → pipeline → quality → JPEG crop → SQLite commit',
        images: files.length,
        imagesPerSec: r2(files.length / s),
      },
    ];
  } finally {
    await service.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

async function oneToK(): Promise<Row[]> {
  const dim = 512;
  const rows: Row[] = [];
  const session = await createSession(matMulModel(dim), { label: 'gallery-matmul' });
  const q = randomUnitRows(1, dim, 7);
  for (const k of [1_000, 100_000, 1_000_000]) {
    const g = randomUnitRows(k, dim, k);
    const reps = k >= 1_000_000 ? 3 : k >= 100_000 ? 10 : 50;
    const js: number[] = [];
    const ort: number[] = [];
    let topJs = -1;
    let topOrt = -1;
    for (let r = 0; r < reps + 1; r++) {
      let t = performance.now();
      topJs = argmax(matVec(g, k, dim, q));
      if (r > 0) js.push(performance.now() - t);
      t = performance.now();
      const out = await session.run({ g: { data: g, dims: [k, dim] }, q: { data: q, dims: [dim, 1] } });
      topOrt = argmax(out.s!.data as Float32Array);
      if (r > 0) ort.push(performance.now() - t);
    }
    if (topJs !== topOrt) throw new Error(`1:K mismatch at K=${k}: JS row ${topJs}, ORT row ${topOrt}`);
    rows.push({
      group: '1:K',
      case: `K=${k.toLocaleString('en')} · JS loop (matVec + argmax)`,
      ms: r2(median(js)),
      n: reps,
      ...(k === 100_000 ? { target: '≤ 20 ms' } : {}),
    });
    rows.push({
      group: '1:K',
      case: `K=${k.toLocaleString('en')} · ORT MatMul (+ argmax)`,
      ms: r2(median(ort)),
      n: reps,
      ...(k === 100_000 ? { target: '≤ 20 ms' } : {}),
    });
  }
  await session.release();
  return rows;
}

/** fr_feature (ORT) vs Human's FaceRes: as ONNX on ORT and as the original TF.js graph on the wasm backend. */
async function embedders(pipeline: FacePipeline): Promise<Row[]> {
  const rows: Row[] = [];
  const px = await decodeImage(new Uint8Array(fs.readFileSync(`${FIX}/gallery/obama/obama.jpg`)));
  const face = (await pipeline.analyze(px)).faces[0]!;
  const time = async (reps: number, fn: () => Promise<unknown>) => {
    await fn();
    const xs: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      await fn();
      xs.push(performance.now() - t);
    }
    return r2(median(xs));
  };
  rows.push({
    group: 'embedding',
    case: 'fr_feature 112×112 → 512-D · onnxruntime-node',
    ms: await time(20, () => pipeline.embedder.predict(face.aligned)),
  });

  const { ensureModel } = await import('../main/models/index');
  const input = new Float32Array(224 * 224 * 3).map((_, i) => (i % 251) / 250);
  try {
    const s = await createSession(await ensureModel('faceres'), { label: 'faceres' });
    const name = s.inputs[0]!.name;
    rows.push({
      group: 'embedding',
      case: 'human faceres 224×224 → 1024-D · onnxruntime-node',
      ms: await time(10, () => s.run({ [name]: { data: input, dims: [1, 224, 224, 3] } })),
    });
    await s.release();
  } catch (err) {
    rows.push({ group: 'embedding', case: 'human faceres · onnxruntime-node', error: (err as Error).message });
  }
  try {
    const tf = await tfjsWasm();
    const model = await loadHumanGraphModel(tf, 'faceres');
    const x = tf.tensor4d(input, [1, 224, 224, 3]);
    const run = async () => {
      const out = model.execute(x) as Tensor | Tensor[];
      const list = Array.isArray(out) ? out : [out];
      await Promise.all(list.map((t) => t.data()));
      list.forEach((t) => t.dispose());
    };
    rows.push({ group: 'embedding', case: `human faceres 224×224 → 1024-D · TF.js ${tf.version.tfjs} wasm`, ms: await time(5, run) });
    x.dispose();
    model.dispose();
  } catch (err) {
    rows.push({ group: 'embedding', case: 'human faceres · TF.js wasm', error: (err as Error).message });
  }
  return rows;
}

export async function benchFaces(): Promise<Row[]> {
  const pipeline = new FacePipeline();
  try {
    await pipeline.load();
    return [...(await stages(pipeline)), ...(await enrollment(pipeline)), ...(await embedders(pipeline)), ...(await oneToK())];
  } finally {
    await pipeline.dispose();
  }
}
