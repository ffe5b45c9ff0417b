/**
 * Decoders for the YOLO family, for user-supplied ONNX models.
 *
 * - YOLOv2 (Redmon & Farhadi, "YOLO9000", 2017): a grid of cells, each with A
 *   anchor boxes predicting [tx, ty, tw, th, to, c1…cn]; centre = (cell +
 *   σ(t)) · stride, size = exp(t) · anchor, score = σ(to) · softmax(c).
 * - YOLOv5-style [N, 5+nc]: cx, cy, w, h, objectness, class scores (already
 *   sigmoid-ed in exported graphs); score = objectness × class score.
 * - YOLOv8/v11-style [4+nc, N]: cx, cy, w, h, class scores; no objectness.
 * - End-to-end [N, 6]: x1, y1, x2, y2, score, class with NMS already applied
 *   (YOLOv10 and `end2end` exports).
 * Coordinates of v5/v8/e2e heads are in model-input pixels, as Ultralytics exports them.
 */
import { CandidateBuilder, type Candidates } from './candidates';
import { decodeRows6 } from './decode.centernet';

/**
 * YOLOv5-style output [1, N, 5+nc] → candidates.
 *
 * @example decodeYoloV5(out.data, [1, 25200, 85], 0.25)
 */
export function decodeYoloV5(data: ArrayLike<number>, dims: readonly number[], conf: number): Candidates {
  const n = dims[dims.length - 2]!;
  const cols = dims[dims.length - 1]!;
  const nc = cols - 5;
  const out = new CandidateBuilder();
  for (let i = 0; i < n; i++) {
    const o = i * cols;
    const obj = data[o + 4]!;
    // score = obj · cls ≤ obj, so most rows stop here.
    if (!(obj >= conf)) continue;
    let best = -1;
    let bestScore = -Infinity;
    for (let k = 0; k < nc; k++) {
      const s = data[o + 5 + k]!;
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    }
    const score = nc > 0 ? obj * bestScore : obj;
    if (!(score >= conf)) continue;
    pushCxCyWh(out, data[o]!, data[o + 1]!, data[o + 2]!, data[o + 3]!, score, Math.max(best, 0));
  }
  return out.build();
}

/**
 * YOLOv8/v11-style output [1, 4+nc, N] (channels first) → candidates.
 *
 * @example decodeYoloV8(out.data, [1, 84, 8400], 0.25)
 */
export function decodeYoloV8(data: ArrayLike<number>, dims: readonly number[], conf: number): Candidates {
  const rows = dims[dims.length - 2]!;
  const n = dims[dims.length - 1]!;
  const nc = rows - 4;
  const out = new CandidateBuilder();
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let k = 0; k < nc; k++) {
      const s = data[(4 + k) * n + i]!;
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    }
    if (!(bestScore >= conf)) continue;
    pushCxCyWh(out, data[i]!, data[n + i]!, data[2 * n + i]!, data[3 * n + i]!, bestScore, best);
  }
  return out.build();
}

/**
 * End-to-end output [1, N, 6] (x1, y1, x2, y2, score, class; NMS done) → candidates.
 *
 * @example decodeYoloEndToEnd(out.data, [1, 300, 6], 0.25)
 */
export function decodeYoloEndToEnd(data: ArrayLike<number>, dims: readonly number[], conf: number): Candidates {
  return decodeRows6(data, dims, conf, true);
}

export interface YoloV2Options {
  /** Anchor sizes as [w0, h0, w1, h1, …], in grid cells (darknet's convention) unless `anchorUnit` is 'pixels'. */
  anchors: readonly number[];
  anchorUnit?: 'grid' | 'pixels';
  /** Model input size, to get the stride (input / grid). */
  inputWidth: number;
  inputHeight: number;
  /** Where the channel axis is: [1, A·(5+nc), H, W] ('nchw') or [1, H, W, A·(5+nc)] ('nhwc'). */
  layout: 'nchw' | 'nhwc';
}

/**
 * YOLOv2 grid + anchor boxes → candidates. Per cell (gx, gy) and anchor a:
 * bx = (gx + σ(tx))·stride, bw = exp(tw)·anchor_w, score = σ(to)·max softmax(c).
 *
 * @example decodeYoloV2(out.data, [1, 125, 13, 13], 0.25, { anchors: VOC_ANCHORS, inputWidth: 416, inputHeight: 416, layout: 'nchw' })
 */
export function decodeYoloV2(data: ArrayLike<number>, dims: readonly number[], conf: number, opts: YoloV2Options): Candidates {
  const nchw = opts.layout === 'nchw';
  const C = nchw ? dims[1]! : dims[3]!;
  const H = nchw ? dims[2]! : dims[1]!;
  const W = nchw ? dims[3]! : dims[2]!;
  const A = Math.floor(opts.anchors.length / 2);
  const per = C / A;
  const nc = per - 5;
  const strideX = opts.inputWidth / W;
  const strideY = opts.inputHeight / H;
  const unitX = opts.anchorUnit === 'pixels' ? 1 : strideX;
  const unitY = opts.anchorUnit === 'pixels' ? 1 : strideY;
  const at = nchw
    ? (ch: number, gy: number, gx: number) => (ch * H + gy) * W + gx
    : (ch: number, gy: number, gx: number) => (gy * W + gx) * C + ch;
  const probs = new Float64Array(Math.max(nc, 1));
  const out = new CandidateBuilder();
  for (let gy = 0; gy < H; gy++) {
    for (let gx = 0; gx < W; gx++) {
      for (let a = 0; a < A; a++) {
        const base = a * per;
        const obj = sigmoid(data[at(base + 4, gy, gx)]!);
        if (!(obj >= conf)) continue;
        let best = 0;
        let bestP = 1;
        if (nc > 0) {
          let max = -Infinity;
          for (let k = 0; k < nc; k++) {
            const v = data[at(base + 5 + k, gy, gx)]!;
            probs[k] = v;
            if (v > max) max = v;
          }
          let sum = 0;
          for (let k = 0; k < nc; k++) sum += probs[k] = Math.exp(probs[k]! - max);
          bestP = -1;
          for (let k = 0; k < nc; k++) {
            const p = probs[k]! / sum;
            if (p > bestP) {
              bestP = p;
              best = k;
            }
          }
        }
        const score = obj * bestP;
        if (!(score >= conf)) continue;
        const cx = (gx + sigmoid(data[at(base, gy, gx)]!)) * strideX;
        const cy = (gy + sigmoid(data[at(base + 1, gy, gx)]!)) * strideY;
        const w = Math.exp(data[at(base + 2, gy, gx)]!) * opts.anchors[2 * a]! * unitX;
        const h = Math.exp(data[at(base + 3, gy, gx)]!) * opts.anchors[2 * a + 1]! * unitY;
        pushCxCyWh(out, cx, cy, w, h, score, best);
      }
    }
  }
  return out.build();
}

function pushCxCyWh(out: CandidateBuilder, cx: number, cy: number, w: number, h: number, score: number, cls: number): void {
  out.push(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, cls);
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
