/**
 * UltraFace (Ultra-Light-Fast-Generic-Face-Detector-1MB, RFB-320) post-processing:
 * prior (anchor) generation for any input size, SSD box decoding, confidence
 * filter and NMS, boxes mapped back to original-image pixels.
 *
 * Model: fr_detect.onnx from faceplugin-face-recognition-js@0.0.1 (MIT), an
 * export of Linzaer's UltraFace RFB-320 (MIT). Method: SSD (Liu et al., 2016,
 * arXiv:1512.02325) with RFB blocks (Liu et al., 2018, arXiv:1711.07767).
 */
import { nms } from '../../geometry/boxes';

/** Anchor sizes per head (pixels of the network input) and the head strides, as the model was trained. */
export const ULTRAFACE_MIN_BOXES: readonly (readonly number[])[] = [
  [10, 16, 24],
  [32, 48],
  [64, 96],
  [128, 192, 256],
];
export const ULTRAFACE_STRIDES: readonly number[] = [8, 16, 32, 64];
/** SSD encoding variances: centre offsets are scaled by 0.1, log sizes by 0.2. */
export const ULTRAFACE_VARIANCES = [0.1, 0.2] as const;

/**
 * Priors in centre form [cx, cy, w, h], normalized to the input size, clipped to [0, 1].
 * Order: head by head, row-major over the feature map (y outer), then anchor size —
 * the order of the network's concatenated outputs.
 *
 * @example ultraFacePriors(320, 240).length / 4 // 4420
 */
export function ultraFacePriors(inputW: number, inputH: number): Float32Array {
  const out: number[] = [];
  ULTRAFACE_STRIDES.forEach((stride, k) => {
    const fw = Math.ceil(inputW / stride);
    const fh = Math.ceil(inputH / stride);
    for (let j = 0; j < fh; j++) {
      for (let i = 0; i < fw; i++) {
        // Centres spread evenly over the feature map (not at multiples of the stride):
        // when the input is not a multiple of the stride, the last cell is partial
        // and the export's own priors divide by the map size.
        const cx = (i + 0.5) / fw;
        const cy = (j + 0.5) / fh;
        for (const m of ULTRAFACE_MIN_BOXES[k]!) out.push(cx, cy, m / inputW, m / inputH);
      }
    }
  });
  return Float32Array.from(out, (v) => Math.min(1, Math.max(0, v)));
}

/**
 * Decode SSD regressions against priors into corner boxes [x1, y1, x2, y2] normalized to the input:
 * centre = prior.c + loc.c · 0.1 · prior.size; size = prior.size · exp(loc.size · 0.2).
 */
export function decodeBoxes(loc: ArrayLike<number>, priors: ArrayLike<number>): Float32Array {
  const n = priors.length / 4;
  const out = new Float32Array(n * 4);
  const [cv, sv] = ULTRAFACE_VARIANCES;
  for (let i = 0; i < n; i++) {
    const pcx = priors[4 * i]!;
    const pcy = priors[4 * i + 1]!;
    const pw = priors[4 * i + 2]!;
    const ph = priors[4 * i + 3]!;
    const cx = pcx + loc[4 * i]! * cv * pw;
    const cy = pcy + loc[4 * i + 1]! * cv * ph;
    const w = pw * Math.exp(loc[4 * i + 2]! * sv);
    const h = ph * Math.exp(loc[4 * i + 3]! * sv);
    out[4 * i] = cx - w / 2;
    out[4 * i + 1] = cy - h / 2;
    out[4 * i + 2] = cx + w / 2;
    out[4 * i + 3] = cy + h / 2;
  }
  return out;
}

export interface UltraFaceDecodeOptions {
  /** Original image size: boxes come back in its pixels. */
  width: number;
  height: number;
  /** Minimum face probability. */
  conf?: number;
  /** NMS IoU threshold. */
  iou?: number;
  maxDet?: number;
}

export interface DetectedFace {
  /** [x1, y1, x2, y2] in original-image pixels, clipped to the image. */
  box: [number, number, number, number];
  score: number;
}

/**
 * Scores [N, 2] (softmax: background, face) + regressions [N, 4] → faces in original pixels, by descending score.
 * Normalized coordinates make the inverse of the stretch a per-axis multiply by the original size.
 *
 * @example decodeUltraFace(scores, loc, ultraFacePriors(320, 240), { width: 1024, height: 768 })
 */
export function decodeUltraFace(
  scores: ArrayLike<number>,
  loc: ArrayLike<number>,
  priors: ArrayLike<number>,
  opts: UltraFaceDecodeOptions,
): DetectedFace[] {
  const conf = opts.conf ?? 0.7;
  const n = priors.length / 4;
  if (scores.length !== 2 * n || loc.length !== 4 * n) {
    throw new RangeError(`UltraFace outputs do not match ${n} priors (scores ${scores.length}, boxes ${loc.length})`);
  }
  const keepIdx: number[] = [];
  for (let i = 0; i < n; i++) if (scores[2 * i + 1]! >= conf) keepIdx.push(i);
  const locSub = new Float32Array(keepIdx.length * 4);
  const priorSub = new Float32Array(keepIdx.length * 4);
  keepIdx.forEach((i, k) => {
    for (let c = 0; c < 4; c++) {
      locSub[4 * k + c] = loc[4 * i + c]!;
      priorSub[4 * k + c] = priors[4 * i + c]!;
    }
  });
  const boxes = decodeBoxes(locSub, priorSub);
  const { width: W, height: H } = opts;
  for (let k = 0; k < keepIdx.length; k++) {
    boxes[4 * k] = Math.min(W, Math.max(0, boxes[4 * k]! * W));
    boxes[4 * k + 1] = Math.min(H, Math.max(0, boxes[4 * k + 1]! * H));
    boxes[4 * k + 2] = Math.min(W, Math.max(0, boxes[4 * k + 2]! * W));
    boxes[4 * k + 3] = Math.min(H, Math.max(0, boxes[4 * k + 3]! * H));
  }
  const sc = keepIdx.map((i) => scores[2 * i + 1]!);
  const kept = nms(boxes, sc, undefined, { iou: opts.iou ?? 0.3, maxDet: opts.maxDet ?? 100, agnostic: true });
  return kept
    .map((k) => ({
      box: [boxes[4 * k]!, boxes[4 * k + 1]!, boxes[4 * k + 2]!, boxes[4 * k + 3]!] as [number, number, number, number],
      score: sc[k]!,
    }))
    .filter((f) => f.box[2] - f.box[0] > 1 && f.box[3] - f.box[1] > 1);
}
