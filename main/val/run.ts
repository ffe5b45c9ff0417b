/**
 * `vws val`: run a detector over a labelled dataset and evaluate it
 * (coco-eval.ts), with per-image timings. The detector comes in as a
 * function, so this module needs no model and no runtime of its own.
 */
import fs from 'node:fs';
import type { DetectResult } from '../../preload/contract';
import { VwError } from '../errors';
import { evaluateDetections, type EvalReport, type GroundTruth, type Prediction } from './coco-eval';
import { pixelBoxes, type Dataset } from './dataset';

export interface ValImage {
  id: string | number;
  file: string;
  width: number;
  height: number;
  /** Ground-truth boxes that count (not crowd, not ignored). */
  gt: number;
  detections: number;
  /** Milliseconds per stage, as the detector reports them, plus reading the file. */
  speed: { read: number; preprocess: number; inference: number; postprocess: number };
}

export interface ValReport {
  model: string;
  dataset: { source: string; format: Dataset['format']; images: number; categories: string[] };
  /** Detection settings used for the curve (a low conf, as every mAP tool uses). */
  settings: { conf: number; iou: number; maxDet: number; prConf: number };
  metrics: EvalReport;
  /** Dataset classes the model cannot predict (AP 0 for them). */
  unknownClasses: string[];
  images: ValImage[];
  /** Mean milliseconds per stage over the images. */
  speed: { read: number; preprocess: number; inference: number; postprocess: number };
}

export interface ValOptions {
  /** Detection threshold for the curve; default 0.001. */
  conf?: number;
  iou?: number;
  maxDet?: number;
  /** Confidence at which precision and recall are reported; default 0.25. */
  prConf?: number;
  onImage?: (index: number, total: number, image: ValImage) => void;
  signal?: AbortSignal;
}

export type DetectFn = (bytes: Uint8Array, opts: { conf: number; iou: number; maxDet: number }) => Promise<DetectResult>;

/**
 * Detect on every image of `dataset` and evaluate.
 *
 * @example
 *   const ds = loadDataset('tests/fixtures/detection/coco.json');
 *   const r = await validate(ds, (b, o) => service.detect(b, { ...o, model: 'yolov8n' }), { model: 'yolov8n', labels: COCO_LABELS });
 *   r.metrics.map50;
 */
export async function validate(
  dataset: Dataset,
  detect: DetectFn,
  model: { model: string; labels: readonly string[] },
  opts: ValOptions = {},
): Promise<ValReport> {
  const settings = { conf: opts.conf ?? 0.001, iou: opts.iou ?? 0.7, maxDet: opts.maxDet ?? 100, prConf: opts.prConf ?? 0.25 };
  if (dataset.images.length === 0) throw new VwError('E_BAD_ARGUMENT', `${dataset.source} has no images.`);
  const known = new Set(model.labels.map((l) => l.toLowerCase()));
  const wanted = new Map(dataset.categories.map((c) => [c.toLowerCase(), c]));
  const gts: GroundTruth[] = [];
  const preds: Prediction[] = [];
  const images: ValImage[] = [];
  for (const [i, im] of dataset.images.entries()) {
    if (opts.signal?.aborted) throw new VwError('E_CANCELLED', 'Validation was cancelled.');
    const t0 = performance.now();
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fs.promises.readFile(im.file));
    } catch {
      throw new VwError('E_NOT_FOUND', `Image ${im.file} of ${dataset.source} cannot be read.`, {
        hint: 'With a COCO file, image paths are relative to its folder (or to --images).',
      });
    }
    const read = performance.now() - t0;
    const r = await detect(bytes, settings);
    const boxes = pixelBoxes(im, r.width, r.height);
    for (const b of boxes) gts.push({ imageId: im.id, category: b.category, box: b.box, crowd: b.crowd, ignore: b.ignore });
    for (const d of r.detections) {
      // Dataset classes are matched by name; others cannot be scored against this ground truth.
      const category = wanted.get(d.label.toLowerCase());
      if (category !== undefined) preds.push({ imageId: im.id, category, box: d.box, score: d.score });
    }
    const row: ValImage = {
      id: im.id,
      file: im.file,
      width: r.width,
      height: r.height,
      gt: boxes.filter((b) => !b.crowd && !b.ignore).length,
      detections: r.detections.length,
      speed: { read: round(read), ...r.speed },
    };
    images.push(row);
    opts.onImage?.(i, dataset.images.length, row);
  }
  const metrics = evaluateDetections(gts, preds, { maxDets: settings.maxDet, prConf: settings.prConf });
  const meanOf = (k: keyof ValImage['speed']) => round(images.reduce((s, x) => s + x.speed[k], 0) / images.length);
  return {
    model: model.model,
    dataset: { source: dataset.source, format: dataset.format, images: dataset.images.length, categories: dataset.categories },
    settings,
    metrics,
    unknownClasses: dataset.categories.filter((c) => !known.has(c.toLowerCase())),
    images,
    speed: { read: meanOf('read'), preprocess: meanOf('preprocess'), inference: meanOf('inference'), postprocess: meanOf('postprocess') },
  };
}

const round = (v: number) => Math.round(v * 100) / 100;

/** The report as a table for people: one row per class, then "all". */
export function formatValReport(r: ValReport): string {
  const pct = (v: number) => (v * 100).toFixed(1).padStart(6);
  const lines = [
    `${r.model} on ${r.dataset.source} (${r.dataset.images} images, ${r.metrics.classes.length} classes with boxes)`,
    `${'class'.padEnd(16)} ${'boxes'.padStart(5)} ${'dets'.padStart(5)}  ${'P'.padStart(6)} ${'R'.padStart(6)}  ${'AP50'.padStart(6)} ${'AP75'.padStart(6)} ${'AP'.padStart(6)}`,
  ];
  for (const c of r.metrics.classes)
    lines.push(
      `${c.category.padEnd(16)} ${String(c.gt).padStart(5)} ${String(c.dets).padStart(5)}  ${pct(c.precision)} ${pct(c.recall)}  ${pct(c.ap50)} ${pct(c.ap75)} ${pct(c.ap)}`,
    );
  const m = r.metrics;
  const gt = m.classes.reduce((s, c) => s + c.gt, 0);
  const dets = m.classes.reduce((s, c) => s + c.dets, 0);
  lines.push(
    `${'all'.padEnd(16)} ${String(gt).padStart(5)} ${String(dets).padStart(5)}  ${pct(m.precision)} ${pct(m.recall)}  ${pct(m.map50)} ${pct(m.map75)} ${pct(m.map)}`,
  );
  lines.push(
    `mAP@0.5 ${(m.map50 * 100).toFixed(1)} · mAP@0.5:0.95 ${(m.map * 100).toFixed(1)} · P/R at conf ≥ ${r.settings.prConf} · curve from conf ≥ ${r.settings.conf}`,
  );
  lines.push(
    `speed per image (mean ms): read ${r.speed.read} · preprocess ${r.speed.preprocess} · inference ${r.speed.inference} · postprocess ${r.speed.postprocess}`,
  );
  if (r.unknownClasses.length) lines.push(`classes the model does not know (AP 0): ${r.unknownClasses.join(', ')}`);
  return lines.join('\n');
}
