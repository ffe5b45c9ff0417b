/** `vws detect` — objects in image files, printed, saved annotated, or written as COCO results. */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { DetectOptions, DetectResult, ErrorPayload } from '../../preload/contract';
import { annotate, toCocoResults, type CocoResult } from '../detection/annotate';
import { DETECTOR_FAMILIES, type DetectorFamily } from '../detection/family';
import { COCO_LABELS } from '../detection/labels.coco';
import { DETECTION_DEFAULTS } from '../detection/models';
import { DetectionService } from '../detection/service';
import { toErrorPayload, VwError } from '../errors';
import { readImageFile } from '../imaging/decode';
import type { CliContext } from './context';

const IMAGE_EXT = /\.(jpe?g|png|webp|gif|tiff?|avif)$/i;

interface DetectCliOptions {
  conf: string;
  iou: string;
  classes?: string;
  maxDet: string;
  agnostic?: boolean;
  model?: string;
  inputSize?: string;
  family?: DetectorFamily;
  save?: string;
  cocoJson?: string;
}

/** One line of `--json` output: the file and exactly the result the UI receives (or the error). */
export interface DetectCliRow {
  file: string;
  result?: DetectResult;
  error?: ErrorPayload;
}

function num(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new VwError('E_BAD_ARGUMENT', `--${name} needs a number; got "${v}".`);
  return n;
}

/** Files and directories (recursively, sorted) → image files. */
export function expandInputs(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new VwError('E_NOT_FOUND', `No such file or directory: ${p}`);
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name), false);
    } else if (explicit || IMAGE_EXT.test(p)) out.push(p);
  };
  for (const p of inputs) walk(p, true);
  return out;
}

export function registerDetectionCommands(program: Command, ctx: CliContext): void {
  program
    .command('detect')
    .description('detect objects in images (files or directories)')
    .argument('<inputs...>', 'image files or directories')
    .option('--conf <c>', 'confidence threshold', String(DETECTION_DEFAULTS.conf))
    .option('--iou <t>', 'NMS IoU threshold', String(DETECTION_DEFAULTS.iou))
    .option('--classes <list>', 'keep only these classes (names or ids, comma-separated), e.g. person,dog')
    .option('--max-det <n>', 'maximum detections per image', String(DETECTION_DEFAULTS.maxDet))
    .option('--agnostic', 'class-agnostic NMS')
    .option('--model <id|path>', 'bundled model id or a YOLO-family .onnx file', DETECTION_DEFAULTS.model)
    .addOption(
      new Option(
        '--input-size <n>',
        'square model input side: 512 (default), 448, 384, 320 … for CenterNet; any multiple of 32 for flexible user models',
      ),
    )
    .addOption(
      new Option('--family <name>', 'decoder family of a user model (default: from its output shapes)').choices([...DETECTOR_FAMILIES]),
    )
    .option('--save <dir>', 'write annotated images to this directory')
    .option('--coco-json <file>', 'write all detections in the COCO results format')
    .action(async (inputs: string[], o: DetectCliOptions) => {
      const options: DetectOptions = {
        conf: num('conf', o.conf),
        iou: num('iou', o.iou),
        maxDet: num('max-det', o.maxDet),
        agnostic: Boolean(o.agnostic),
        model: o.model,
      };
      if (o.classes)
        options.classes = o.classes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      if (o.inputSize) options.inputSize = num('input-size', o.inputSize);
      if (o.family) options.family = o.family;
      const files = expandInputs(inputs);
      if (files.length === 0) throw new VwError('E_BAD_ARGUMENT', 'No image files found in the given inputs.');
      const service = new DetectionService({ models: ctx.models() });
      const rows: DetectCliRow[] = [];
      const coco: CocoResult[] = [];
      try {
        // Model problems (missing file, outputs of no known family) stop the run before any image.
        const detector = service.models.get(options.model, options.inputSize, options.family);
        await detector.load();
        const isCoco = detector.labels === COCO_LABELS;
        if (o.save) fs.mkdirSync(o.save, { recursive: true });
        for (const [i, file] of files.entries()) {
          ctx.progress(`detect ${i + 1}/${files.length} ${file}`);
          try {
            const bytes = await readImageFile(file);
            const result = await service.detect(bytes, options);
            rows.push({ file, result });
            const stem = path.basename(file).replace(/\.[^.]+$/, '');
            coco.push(...toCocoResults(/^\d+$/.test(stem) ? Number(stem) : stem, result.detections, isCoco));
            if (o.save) fs.writeFileSync(path.join(o.save, `${stem}.jpg`), await annotate(bytes, result.detections));
          } catch (err) {
            // A bad option is everyone's problem; a bad image is only this file's.
            if (err instanceof VwError && err.code === 'E_BAD_ARGUMENT') throw err;
            rows.push({ file, error: toErrorPayload(err) });
          }
        }
      } finally {
        await service.dispose();
      }
      if (o.cocoJson) fs.writeFileSync(o.cocoJson, JSON.stringify(coco) + '\n');
      ctx.output(rows, () => printHuman(rows, o));
      if (rows.some((r) => r.error)) process.exitCode = 2;
    });
}

function printHuman(rows: readonly DetectCliRow[], o: DetectCliOptions): void {
  for (const r of rows) {
    if (r.error) {
      process.stdout.write(`${r.file}: error ${r.error.code}: ${r.error.message}\n`);
      continue;
    }
    const res = r.result!;
    const s = res.speed;
    process.stdout.write(
      `${r.file}  ${res.width}×${res.height}  ${res.detections.length} object${res.detections.length === 1 ? '' : 's'}  ` +
        `(${s.preprocess.toFixed(1)} ms pre, ${s.inference.toFixed(1)} ms inference, ${s.postprocess.toFixed(1)} ms post)\n`,
    );
    for (const d of res.detections) {
      process.stdout.write(`  ${d.label.padEnd(14)} ${d.score.toFixed(2)}  [${d.box.map((v) => Math.round(v)).join(', ')}]\n`);
    }
  }
  if (o.save) process.stdout.write(`annotated images in ${o.save}\n`);
  if (o.cocoJson) process.stdout.write(`COCO results in ${o.cocoJson}\n`);
}
