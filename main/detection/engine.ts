/**
 * Object detection engine: image or raw frame → preprocess → ONNX session →
 * family decoder → confidence filter → NMS → boxes in original pixels, with
 * per-stage milliseconds.
 *
 * Bundled model: CenterNet with a MobileNetV3 backbone, COCO-80, from the npm
 * package @vladmandic/human 3.3.6 (`models/centernet.json`, MIT; upstream
 * github.com/610265158/mobilenetv3_centernet), converted to ONNX by the Models
 * area. Paper: Zhou, Wang, Krähenbühl, "Objects as Points", 2019.
 * User models: YOLO-family ONNX files (see decode.yolo.ts); their licenses are
 * the user's business.
 */
import type { DetectionModelInfo, DetectOptions, DetectResult, RawFrame } from '../../preload/contract';
import { VwError } from '../errors';
import { checkRawFrame, decodeImage, type Pixels } from '../imaging/decode';
import type { ModelSession } from '../runtime';
import { decodeOutputs, detectFamily, type DetectorFamily, type FamilyChoice } from './family';
import { COCO_LABELS } from './labels.coco';
import { DEFAULT_POSTPROCESS, postprocess, resolveClassFilter } from './postprocess';
import { toInputTensor, type InputSpec } from '../imaging/model-input';

export interface DetectorConfig {
  /** Model id ("centernet") or the path of a user model. */
  id: string;
  /** Creates the session; called once, on first use. */
  session: () => Promise<ModelSession>;
  family?: DetectorFamily;
  labels?: readonly string[];
  anchors?: readonly number[];
  anchorUnit?: 'grid' | 'pixels';
  /** Default square input side for models whose input size is symbolic. */
  inputSize?: number;
  resize?: 'stretch' | 'letterbox';
  /** Multiplier for 0..255 pixel values; default 1 for CenterNet, 1/255 for YOLO. */
  scale?: number;
}

/** What `predict` accepts: encoded bytes (JPEG/PNG/WebP), a raw RGBA frame, or decoded pixels. */
export type DetectInput = Uint8Array | RawFrame | Pixels;

interface Loaded {
  session: ModelSession;
  inputName: string;
  layout: 'nhwc' | 'nchw';
  /** Fixed input side, or undefined when the model takes any size. */
  fixed?: { width: number; height: number };
  choice?: FamilyChoice;
}

const numericDims = (shape: readonly (number | string)[]): number[] | undefined =>
  shape.every((d) => typeof d === 'number' && d > 0) ? (shape as number[]) : undefined;

export class Detector {
  private loading: Promise<Loaded> | undefined;
  private loaded: Loaded | undefined;
  private buffer: Float32Array | undefined;
  private running = 0;

  constructor(readonly config: DetectorConfig) {}

  /** Create the session and pick the decoder (lazy, once). */
  load(): Promise<Loaded> {
    this.loading ??= this.doLoad().then(
      (l) => (this.loaded = l),
      (err) => {
        this.loading = undefined; // a later call may retry (e.g. after `npm run models`)
        throw err;
      },
    );
    return this.loading;
  }

  private async doLoad(): Promise<Loaded> {
    const session = await this.config.session();
    try {
      const input = session.inputs[0];
      if (!input || input.shape.length !== 4)
        throw new VwError(
          'E_MODEL_INVALID',
          `${this.config.id}: a detector needs one image input of rank 4; got ${input ? `[${input.shape.join(',')}]` : 'none'}.`,
        );
      const s = input.shape;
      const layout: 'nhwc' | 'nchw' = s[3] === 3 ? 'nhwc' : s[1] === 3 ? 'nchw' : 'nchw';
      const [h, w] = layout === 'nhwc' ? [s[1], s[2]] : [s[2], s[3]];
      const fixed = typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0 ? { width: w, height: h } : undefined;
      let choice: FamilyChoice | undefined;
      const outs = session.outputs.map((o) => ({ name: o.name, dims: numericDims(o.shape) }));
      if (outs.every((o) => o.dims)) {
        choice = detectFamily(
          outs.map((o) => ({ name: o.name, dims: o.dims! })),
          { family: this.config.family, anchors: this.config.anchors },
        );
      }
      return { session, inputName: input.name, layout, fixed, choice };
    } catch (err) {
      await session.release();
      throw err;
    }
  }

  /** The family, once known (after load, or after the first run for models with symbolic output shapes). */
  get family(): DetectorFamily | undefined {
    return this.loaded?.choice?.family ?? this.config.family;
  }

  get labels(): readonly string[] {
    return this.config.labels ?? COCO_LABELS;
  }

  /** Model description for `detection.models`. */
  async info(): Promise<DetectionModelInfo> {
    const l = await this.load();
    return {
      id: this.config.id,
      family: l.choice?.family ?? this.config.family ?? 'unknown',
      inputSize: l.fixed?.width ?? this.config.inputSize ?? 640,
      classes: [...this.labels],
    };
  }

  /**
   * Detect objects. Boxes are [x1, y1, x2, y2] in original-image pixels.
   *
   * @example
   *   const det = new Detector({ id: 'centernet', session: () => createSession(file) });
   *   const r = await det.predict(await readImageFile('dog.jpg'), { conf: 0.3, classes: ['dog'] });
   *   r.detections[0]; // { box: [124.49, 207.17, 312.61, 542.66], classId: 16, label: 'dog', score: 0.4236 }
   */
  async predict(input: DetectInput, opts: DetectOptions = {}): Promise<DetectResult> {
    const o = checkOptions(opts);
    const t0 = performance.now();
    const img = await toPixels(input);
    const tDecoded = performance.now();
    const l = await this.load();
    const tLoaded = performance.now();
    const size = this.inputSize(l, o.inputSize);
    const spec: InputSpec = {
      width: size.width,
      height: size.height,
      layout: l.layout,
      scale: this.config.scale ?? (this.isCenterNet(l) ? 1 : 1 / 255),
      resize: this.config.resize ?? (this.isCenterNet(l) ? 'stretch' : 'letterbox'),
      padValue: 114,
    };
    const classes = resolveClassFilter(o.classes, this.labels);
    // The input buffer is reused between frames, but never while another run may still read it.
    const { tensor, dims, transform } = toInputTensor(img, spec, this.running === 0 ? this.buffer : undefined);
    if (this.running === 0) this.buffer = tensor;
    const t1 = performance.now();
    this.running++;
    let outputs: Awaited<ReturnType<ModelSession['run']>>;
    try {
      outputs = await l.session.run({ [l.inputName]: { data: tensor, dims, type: 'float32' } }, l.choice ? [l.choice.output] : undefined);
    } finally {
      this.running--;
    }
    const t2 = performance.now();
    l.choice ??= detectFamily(
      Object.entries(outputs).map(([name, t]) => ({ name, dims: t.dims })),
      { family: this.config.family, anchors: this.config.anchors },
    );
    const cands = decodeOutputs(l.choice, outputs, o.conf, {
      inputWidth: spec.width,
      inputHeight: spec.height,
      anchors: this.config.anchors,
      anchorUnit: this.config.anchorUnit,
    });
    const detections = postprocess(cands, transform, this.labels, {
      conf: o.conf,
      iou: o.iou,
      maxDet: o.maxDet,
      agnostic: o.agnostic,
      classes,
    });
    const t3 = performance.now();
    const ms = (v: number) => Math.round(v * 100) / 100;
    return {
      width: img.width,
      height: img.height,
      model: this.config.id,
      detections,
      // Model loading is a one-off and is not charged to a stage.
      speed: { preprocess: ms(tDecoded - t0 + (t1 - tLoaded)), inference: ms(t2 - t1), postprocess: ms(t3 - t2) },
    };
  }

  private isCenterNet(l: Loaded): boolean {
    return (l.choice?.family ?? this.config.family) === 'centernet';
  }

  private inputSize(l: Loaded, wanted: number | undefined): { width: number; height: number } {
    if (l.fixed) {
      if (wanted !== undefined && (wanted !== l.fixed.width || wanted !== l.fixed.height))
        throw new VwError(
          'E_BAD_ARGUMENT',
          `Model ${this.config.id} has a fixed ${l.fixed.width}×${l.fixed.height} input; inputSize ${wanted} is not possible.`,
        );
      return l.fixed;
    }
    const side = wanted ?? this.config.inputSize ?? 640;
    // Strided backbones need multiples of 32.
    if (side % 32 !== 0) throw new VwError('E_BAD_ARGUMENT', `inputSize must be a multiple of 32; got ${side}.`);
    return { width: side, height: side };
  }

  /** Release the session. The detector can be loaded again afterwards. */
  async dispose(): Promise<void> {
    const l = this.loaded ?? (await this.loading?.catch(() => undefined));
    this.loaded = undefined;
    this.loading = undefined;
    this.buffer = undefined;
    await l?.session.release();
  }
}

async function toPixels(input: DetectInput): Promise<Pixels> {
  if (input instanceof Uint8Array) return decodeImage(input, { channels: 3 });
  if (!('channels' in input)) {
    checkRawFrame(input);
    return { data: input.data, width: input.width, height: input.height, channels: 4 };
  }
  if (input.data.length !== input.width * input.height * input.channels || input.width <= 0 || input.height <= 0)
    throw new VwError(
      'E_BAD_IMAGE',
      `Pixels of ${input.width}×${input.height}×${input.channels} need ${input.width * input.height * input.channels} bytes; got ${input.data.length}.`,
    );
  return input;
}

type Checked = Required<Pick<DetectOptions, 'conf' | 'iou' | 'maxDet' | 'agnostic'>> & Pick<DetectOptions, 'classes' | 'inputSize'>;

/** Defaults merged, ranges checked: a bad option is E_BAD_ARGUMENT, not a silent clamp. */
export function checkOptions(opts: DetectOptions): Checked {
  const conf = opts.conf ?? DEFAULT_POSTPROCESS.conf;
  const iou = opts.iou ?? DEFAULT_POSTPROCESS.iou;
  const maxDet = opts.maxDet ?? DEFAULT_POSTPROCESS.maxDet;
  if (!(conf >= 0 && conf <= 1)) throw new VwError('E_BAD_ARGUMENT', `conf must be in [0, 1]; got ${conf}.`);
  if (!(iou > 0 && iou <= 1)) throw new VwError('E_BAD_ARGUMENT', `iou must be in (0, 1]; got ${iou}.`);
  if (!(Number.isInteger(maxDet) && maxDet >= 1)) throw new VwError('E_BAD_ARGUMENT', `maxDet must be a positive integer; got ${maxDet}.`);
  if (opts.inputSize !== undefined && !(Number.isInteger(opts.inputSize) && opts.inputSize >= 32 && opts.inputSize <= 4096))
    throw new VwError('E_BAD_ARGUMENT', `inputSize must be an integer in [32, 4096]; got ${opts.inputSize}.`);
  return { conf, iou, maxDet, agnostic: opts.agnostic ?? DEFAULT_POSTPROCESS.agnostic, classes: opts.classes, inputSize: opts.inputSize };
}
