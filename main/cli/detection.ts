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
import { checkOutputFile, fsError, prepareOutputDir } from './files';
// ── video and folder sources (issue 14) ──
import { runVideo, type VideoRunSummary } from '../video/run';
import type { DetectionSegment } from '../video/segments';
import { detectionTask } from '../video/tasks';
import { createProgress, expandSources, intArg, parseTime, saveDirOf, withCancel } from './sources';

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
  save?: string | boolean;
  cocoJson?: string;
  stride?: string;
  start?: string;
  end?: string;
  track: boolean;
}

/** One line of `--json` output: the file and exactly the result the UI receives (or the error). */
export interface DetectCliRow {
  file: string;
  result?: DetectResult;
  /** A video: what was processed, where the outputs are, and the per-track segments. */
  video?: VideoRunSummary<DetectionSegment[]>;
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
    .description('detect objects in images and videos (files or directories)')
    .argument('<inputs...>', 'image or video files, or directories of them')
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
    .option('--save [dir]', 'write annotated images/videos (+ JSON Lines per video) here; default runs/detect/predict, predict2, …')
    .option('--coco-json <file>', 'write all detections of the images in the COCO results format')
    .option('--stride <n>', 'video: run the model on every n-th frame', '1')
    .option('--start <time>', 'video: start at this time (seconds or [hh:]mm:ss)')
    .option('--end <time>', 'video: stop at this time')
    .option('--no-track', 'video: no tracker (track ids and per-track segments need it)')
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
      const video = { stride: intArg('stride', o.stride) ?? 1, start: parseTime('start', o.start), end: parseTime('end', o.end) };
      // Before the inputs are read: `--save clip.mp4 …` took an input (issue 13).
      const saveDir = saveDirOf(o.save, path.join('runs', 'detect'));
      const sources = await expandSources(inputs);
      if (sources.length === 0) throw new VwError('E_BAD_ARGUMENT', 'No image or video files found in the given inputs.');
      // Output locations are checked before any work (issue 12: a run must not end in an unwritable place).
      if (saveDir) prepareOutputDir(saveDir, 'annotated images');
      if (o.cocoJson) checkOutputFile(o.cocoJson, 'COCO results');
      const service = new DetectionService({ models: ctx.models() });
      const progress = createProgress(ctx, sources.length, 'files');
      const rows: DetectCliRow[] = [];
      const coco: CocoResult[] = [];
      try {
        // Model problems (missing file, outputs of no known family) stop the run before any image.
        const detector = service.models.get(options.model, options.inputSize, options.family);
        await detector.load();
        const isCoco = detector.labels === COCO_LABELS;
        await withCancel(async (signal) => {
          for (const { file, kind } of sources) {
            if (signal.aborted) break;
            progress.update(file);
            try {
              if (kind === 'video') {
                const summary = await runVideo(
                  file,
                  (info) => detectionTask(service, { ...options, track: o.track }, { ...video, fps: info.fps }),
                  {
                    ...video,
                    saveDir,
                    signal,
                    onFrame: (done, total) => progress.update(file, { done, total }),
                  },
                );
                rows.push({ file, video: summary, ...(summary.error ? { error: summary.error } : {}) });
                continue;
              }
              const bytes = await readImageFile(file);
              const result = await service.detect(bytes, options);
              rows.push({ file, result });
              const stem = path.basename(file).replace(/\.[^.]+$/, '');
              coco.push(...toCocoResults(/^\d+$/.test(stem) ? Number(stem) : stem, result.detections, isCoco));
              if (saveDir) fs.writeFileSync(path.join(saveDir, `${stem}.jpg`), await annotate(bytes, result.detections));
            } catch (err) {
              // A bad option (or a missing ffmpeg) is everyone's problem; a bad image or video is only this file's.
              if (err instanceof VwError && (err.code === 'E_BAD_ARGUMENT' || err.code === 'E_NOT_AVAILABLE')) throw err;
              rows.push({ file, error: toErrorPayload(err) });
            } finally {
              progress.fileDone();
            }
          }
        });
      } finally {
        progress.stop();
        await service.dispose();
      }
      let writeErr: unknown;
      try {
        if (o.cocoJson) fs.writeFileSync(o.cocoJson, JSON.stringify(coco) + '\n');
      } catch (err) {
        writeErr = fsError(err, o.cocoJson, 'write COCO results to');
      }
      // The detections are printed even when writing the COCO file failed; then the error.
      ctx.output(rows, () => printHuman(rows, o.cocoJson, saveDir));
      if (writeErr) throw writeErr;
      if (rows.some((r) => r.error)) process.exitCode = rows.some((r) => r.error?.code === 'E_CANCELLED') ? 130 : 2;
    });
}

function printHuman(rows: readonly DetectCliRow[], cocoJson: string | undefined, saveDir: string | undefined): void {
  for (const r of rows) {
    if (r.video) {
      printVideo(r.file, r.video);
      continue;
    }
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
  if (saveDir) process.stdout.write(`results saved to ${saveDir}\n`);
  if (cocoJson) process.stdout.write(`COCO results in ${cocoJson}\n`);
}

/** A video's summary: throughput, outputs, who appeared when (shared with `faces recognize`). */
export function printVideo(file: string, v: VideoRunSummary<unknown>, segments?: string[]): void {
  const w = (s: string) => process.stdout.write(s + '\n');
  const t = v.timings;
  w(
    `${file}  ${v.video.width}×${v.video.height} @ ${v.video.fps} fps  ${v.processed} of ${v.decoded} decoded frame(s) processed (stride ${v.stride})  ` +
      `${t.fps} frames/s, ${t.realtime}× real time  (decode ${Math.round(t.decode)} ms, engines ${Math.round(t.engines)} ms, overlay ${Math.round(t.overlay)} ms, encode ${Math.round(t.encode)} ms)`,
  );
  for (const line of segments ?? (v.segments as DetectionSegment[]).map(detSegmentLine)) w('  ' + line);
  if (v.outputs) w(`  annotated video ${v.outputs.video} (${v.outputs.frames} frames), JSON Lines ${v.outputs.jsonl}`);
  if (v.error) w(`  stopped early: error ${v.error.code}: ${v.error.message}`);
}

const clock = (s: number) => `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, '0')}`;

function detSegmentLine(s: DetectionSegment): string {
  return `${s.label.padEnd(14)} ${clock(s.start)} – ${clock(s.end)}  max ${s.maxScore.toFixed(2)}  ${s.frames} frame(s)${s.trackIds.length ? `  track ${s.trackIds.map((id) => `#${id}`).join(', ')}` : ''}`;
}

export { clock };
