/**
 * Decoder for CenterNet's detection head as exported by @vladmandic/human
 * (`models/centernet.json`, MIT; the network follows Zhou et al., "Objects as
 * Points", 2019). The graph already extracts the top 100 heatmap peaks and
 * ends in `tower_0/detections` [1, 100, 6], one row per peak:
 * x1, y1, x2, y2 in pixels of the model input, score, 0-based COCO class.
 * Peaks of neighbouring classes can overlap, so class-wise NMS still runs
 * afterwards (as human does).
 */
import { CandidateBuilder, type Candidates } from './candidates';

/**
 * Rows of [x1, y1, x2, y2, score, class] → candidates with score ≥ conf.
 * Shared by CenterNet and end-to-end YOLO heads, which use the same layout.
 *
 * @example decodeRows6(new Float32Array([10, 20, 50, 80, 0.9, 16]), [1, 1, 6], 0.25) // one dog box
 */
export function decodeRows6(data: ArrayLike<number>, dims: readonly number[], conf: number, nmsApplied = false): Candidates {
  const cols = dims[dims.length - 1]!;
  const rows = dims.length >= 2 ? dims[dims.length - 2]! : 0;
  const out = new CandidateBuilder();
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const score = data[o + 4]!;
    if (!(score >= conf)) continue;
    const x1 = data[o]!;
    const y1 = data[o + 1]!;
    const x2 = data[o + 2]!;
    const y2 = data[o + 3]!;
    out.push(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2), score, Math.round(data[o + 5]!));
  }
  return out.build(nmsApplied);
}

/**
 * CenterNet `tower_0/detections` → candidates (before NMS).
 *
 * @example decodeCenterNet(out['tower_0/detections'].data, [1, 100, 6], 0.25)
 */
export function decodeCenterNet(data: ArrayLike<number>, dims: readonly number[], conf: number): Candidates {
  return decodeRows6(data, dims, conf, false);
}
