/**
 * Detector comparison (issue 15), one run, side by side, for every detector
 * available here (CenterNet always; yolov8n/s/m once added): mAP on the
 * hand-labelled fixtures (`vws val`'s evaluator on tests/fixtures/detection/coco.json),
 * must-find expectations met (expected.json), mean score and IoU on the hand
 * boxes, inference latency at the model's input size on 2 threads, FPS
 * sustained on a 640×480 stream (live API), size on disk, license.
 * `npm run bench zoo`, or `npx tsx bench/zoo.ts` for the table alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Detection, RawFrame } from '../preload/contract';
import { resolvePaths } from '../main/config';
import { COCO_LABELS } from '../main/detection/labels.coco';
import { DetectionService } from '../main/detection/service';
import { detectionLive } from '../main/host/areas/detection';
import { modelResolver } from '../main/models/resolver';
import { iou } from '../main/geometry/boxes';
import { loadManifest } from '../main/models/manifest';
import { optionalModels } from '../main/models/optional';
import { loadDataset } from '../main/val/dataset';
import { validate } from '../main/val/run';
import { EXPECTED, FIXTURES, matchedCounts } from '../tests/engines/detection/expected';

type Row = Record<string, unknown>;
const THREADS = 2;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r2 = (v: number) => Math.round(v * 100) / 100;
const r3 = (v: number) => Math.round(v * 1000) / 1000;

/** Best same-class (or substitute) detection per hand box at IoU ≥ 0.5: its score and IoU (0, 0 when none). */
function handBoxScores(dets: readonly Detection[], file: string): { score: number; iou: number }[] {
  const exp = EXPECTED[file]!;
  return exp.boxes.map((h) => {
    const names = new Set([h.class, ...(exp.acceptable_substitutes?.[h.class] ?? [])]);
    let best = { score: 0, iou: 0 };
    for (const d of dets) {
      const v = iou(h.box, d.box);
      if (names.has(d.label) && v >= 0.5 && d.score > best.score) best = { score: d.score, iou: v };
    }
    return best;
  });
}

async function stream640(): Promise<RawFrame[]> {
  const full = await sharp(path.join(FIXTURES, 'kite.jpg')).resize(1280, 852).ensureAlpha().raw().toBuffer();
  return Array.from({ length: 30 }, (_, i) => {
    const [w, h, dx] = [640, 480, i * 8];
    const data = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) data.set(full.subarray(((y + 100) * 1280 + dx) * 4, ((y + 100) * 1280 + dx + w) * 4), y * w * 4);
    return { width: w, height: h, data };
  });
}

async function one(service: DetectionService, model: string, license: string, file: string, frames: RawFrame[]): Promise<Row> {
  const det = service.models.get(model);
  await det.load();
  const info = await det.info();
  // Accuracy: must-finds and hand-box scores at the default threshold (what users see).
  let met = 0;
  let total = 0;
  const hand: { score: number; iou: number }[] = [];
  for (const [img, exp] of Object.entries(EXPECTED)) {
    const r = await service.detect(new Uint8Array(fs.readFileSync(path.join(FIXTURES, img))), { model });
    const got = matchedCounts(exp, r.detections);
    for (const [c, n] of Object.entries(exp.min_counts)) {
      total++;
      if ((got[c] ?? 0) >= n) met++;
    }
    hand.push(...handBoxScores(r.detections, img));
  }
  const found = hand.filter((h) => h.score > 0);
  const val = await validate(loadDataset(path.join(FIXTURES, 'coco.json')), (b, o) => service.detect(b, { ...o, model }), {
    model,
    labels: COCO_LABELS,
  });
  // Latency: a 640×480 frame at the model's own input size, warm, median of 10.
  const inf: number[] = [];
  const tot: number[] = [];
  await service.detect(frames[0]!, { model });
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const r = await service.detect(frames[i]!, { model });
    tot.push(performance.now() - t);
    inf.push(r.speed.inference);
  }
  // Sustained: frames one after another through the live API (latest-frame-wins, nothing dropped when sequential).
  const live = detectionLive(() => service);
  await live.submit('warm', { frame: frames[0]!, options: { model } });
  const t0 = performance.now();
  for (const f of frames) await live.submit('zoo', { frame: f, options: { model } });
  const fps = frames.length / ((performance.now() - t0) / 1000);
  return {
    model,
    'mAP@0.5': r3(val.metrics.map50),
    'mAP@0.5:0.95': r3(val.metrics.map),
    'must-finds': `${met}/${total}`,
    'mean score, hand boxes': r2(hand.reduce((s, h) => s + h.score, 0) / hand.length),
    'mean IoU, hand boxes': r3(found.reduce((s, h) => s + h.iou, 0) / Math.max(1, found.length)),
    input: `${info.inputSize}×${info.inputSize}`,
    'inference ms': r2(median(inf)),
    'total ms': r2(median(tot)),
    'FPS 640×480 stream': r2(fps),
    'size MB': r2(fs.statSync(file).size / 1e6),
    license,
    threads: THREADS,
  };
}

export async function benchZoo(): Promise<Row[]> {
  const paths = resolvePaths();
  const manifest = loadManifest();
  const models: { id: string; license: string; file: string }[] = [
    { id: 'centernet', license: 'MIT', file: path.join(paths.models, 'centernet.onnx') },
    ...optionalModels(paths, manifest)
      .filter((m) => m.downloaded)
      .map((m) => ({ id: m.id, license: m.license, file: m.file })),
  ];
  const frames = await stream640();
  const rows: Row[] = [];
  for (const m of models) {
    // One service per model, so each runs alone on its 2 threads and is released before the next.
    const service = new DetectionService({ models: modelResolver(paths), threads: THREADS });
    try {
      rows.push(await one(service, m.id, m.license, m.file, frames));
    } catch (err) {
      rows.push({ model: m.id, error: (err as Error).message });
    } finally {
      await service.dispose();
    }
  }
  const missing = optionalModels(paths, manifest).filter((m) => !m.downloaded);
  for (const m of missing) rows.push({ model: m.id, license: m.license, note: `not added (\`${m.command}\`)` });
  return rows;
}

/** The rows as a Markdown table (what the README shows). */
export function markdownTable(rows: Row[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined ? '' : String(v));
  return [
    `| ${cols.join(' | ')} |`,
    `|${cols.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cols.map((c) => cell(r[c])).join(' | ')} |`),
  ].join('\n');
}

// `npx tsx bench/zoo.ts`: the table alone, as Markdown.
if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) console.log(markdownTable(await benchZoo()));
