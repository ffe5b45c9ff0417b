/**
 * YOLO step by step on a real detector: the bundled CenterNet (MobileNetV3,
 * COCO-80, @vladmandic/human 3.3.6, MIT; Zhou et al. 2019 "Objects as
 * Points") runs once on the image, and its pre-NMS candidates — the top-100
 * heatmap peaks of its 128×128 output grid — go through the notes' NMS one
 * step at a time, then into the notes' S×S×A×(5 + C) target.
 *
 * The session, preprocessing and decoder are the detection engine's own
 * (runtime, imaging/model-input, detection/family); only the stop before
 * NMS is the lesson's.
 */
import type { LabCandidate, LabYoloRequest, LabYoloResult } from '../../preload/contract';
import { VwError } from '../errors';
import { decodeImage } from '../imaging/decode';
import { boxesToOriginal, toInputTensor } from '../imaging/model-input';
import { LazySession, createSession } from '../runtime';
import { decodeOutputs, detectFamily } from '../detection/family';
import { COCO_LABELS } from '../detection/labels.coco';
import { DEFAULT_POSTPROCESS } from '../detection/postprocess';
import { buildTarget, DEFAULT_ANCHORS, DEFAULT_GRID, DEFAULT_TARGET_CLASSES, nmsSteps } from './yolo';

export const YOLO_LESSON_MODEL = 'centernet';
const INPUT_SIZE = 512;
/** Low enough that CenterNet's overlapping peaks show (at the detector's 0.25, dog.jpg has none to suppress). */
export const YOLO_LESSON_CONF = 0.1;

export interface YoloLessonOptions {
  /** Model id → .onnx path (the host's model resolver). */
  resolve: (id: string) => Promise<string>;
  threads?: number;
  executionProviders?: string[];
}

const r4 = (v: number): number => Math.round(v * 10000) / 10000;
const r2 = (v: number): number => Math.round(v * 100) / 100;

export class YoloLesson {
  private readonly session: LazySession;

  constructor(opts: YoloLessonOptions) {
    this.session = new LazySession(async () =>
      createSession(await opts.resolve(YOLO_LESSON_MODEL), {
        label: `${YOLO_LESSON_MODEL} (lab)`,
        threads: opts.threads,
        executionProviders: opts.executionProviders,
      }),
    );
  }

  /**
   * Candidates, NMS steps and the S×S target for one image.
   *
   * @example
   *   const r = await lesson.run({ image: await readImageFile('dog.jpg') });
   *   r.steps.map((s) => s.label); // ['dog', 'bicycle', 'truck', …]
   */
  async run(req: LabYoloRequest): Promise<LabYoloResult> {
    const conf = req.conf ?? YOLO_LESSON_CONF;
    const targetConf = req.targetConf ?? DEFAULT_POSTPROCESS.conf;
    const iouT = req.iou ?? DEFAULT_POSTPROCESS.iou;
    if (!(conf >= 0 && conf <= 1)) throw new VwError('E_BAD_ARGUMENT', `conf must be in [0, 1]; got ${conf}.`);
    if (!(iouT > 0 && iouT <= 1)) throw new VwError('E_BAD_ARGUMENT', `iou must be in (0, 1]; got ${iouT}.`);
    const img = await decodeImage(req.image, { channels: 3 });
    const session = await this.session.get();
    const input = session.inputs[0]!;
    const { tensor, dims, transform } = toInputTensor(img, {
      width: INPUT_SIZE,
      height: INPUT_SIZE,
      layout: 'nhwc',
      scale: 1,
      resize: 'stretch',
    });
    const out = await session.run({ [input.name]: { data: tensor, dims, type: 'float32' } });
    const shapes = Object.entries(out).map(([name, t]) => ({ name, dims: t.dims }));
    const choice = detectFamily(shapes, { family: 'centernet' });
    const c = decodeOutputs(choice, out, conf, { inputWidth: INPUT_SIZE, inputHeight: INPUT_SIZE });
    // The model's grid: its class heatmap, [1, rows, cols, classes].
    const heat = shapes.find((s) => s.dims.length === 4 && s.dims[3] === 80)?.dims ?? [1, 128, 128, 80];
    const stride = INPUT_SIZE / heat[2]!;

    const model = Float64Array.from(c.boxes);
    const orig = Float64Array.from(c.boxes);
    boxesToOriginal(orig, transform);
    const raw = Array.from({ length: c.count }, (_, i) => i).sort((a, b) => c.scores[b]! - c.scores[a]! || a - b);
    const candidates: LabCandidate[] = raw.map((i, index) => {
      const cx = (model[4 * i]! + model[4 * i + 2]!) / 2;
      const cy = (model[4 * i + 1]! + model[4 * i + 3]!) / 2;
      return {
        index,
        box: [r2(orig[4 * i]!), r2(orig[4 * i + 1]!), r2(orig[4 * i + 2]!), r2(orig[4 * i + 3]!)],
        score: r4(c.scores[i]!),
        classId: c.classes[i]!,
        label: COCO_LABELS[c.classes[i]!] ?? `class${c.classes[i]}`,
        cell: { row: Math.min(heat[1]! - 1, Math.floor(cy / stride)), col: Math.min(heat[2]! - 1, Math.floor(cx / stride)) },
      };
    });
    const steps = nmsSteps(candidates, iouT);
    const kept = steps.map((s) => s.pick);
    const grid = req.grid ?? DEFAULT_GRID;
    const anchors = req.anchors ?? DEFAULT_ANCHORS;
    const classes = req.classes ?? DEFAULT_TARGET_CLASSES;
    const unknown = classes.filter((c) => !COCO_LABELS.includes(c));
    if (unknown.length) throw new VwError('E_BAD_ARGUMENT', `Unknown COCO classes: ${unknown.join(', ')}.`);
    const objects = kept.map((k) => candidates[k]!).filter((c) => c.score >= targetConf);
    const t = buildTarget({ width: img.width, height: img.height, grid, anchors, classes, objects });
    return {
      width: img.width,
      height: img.height,
      model: YOLO_LESSON_MODEL,
      inputSize: INPUT_SIZE,
      modelGrid: { rows: heat[1]!, cols: heat[2]!, stride, channels: heat[3]! },
      conf,
      iou: iouT,
      candidates,
      steps,
      kept,
      grid,
      anchors,
      classes,
      targetConf,
      ...t,
    };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
