/**
 * 68-point facial landmarks (iBUG 300-W markup).
 *
 * Model: fr_landmark.onnx from faceplugin-face-recognition-js@0.0.1 (MIT): a small
 * CNN, input 1×1×64×64 luma in [0, 1) (v / 256), output 136 values = 68 (x, y)
 * normalized to the crop. The crop is the package's own: a square of side = the
 * detector box's height, centred on the box, shifted (not padded) to stay inside
 * the image. Markup: Sagonas et al., "300 Faces in-the-Wild Challenge", 2013.
 */
import type { Pixels } from '../../imaging/decode';
import { createSession, LazySession, type ModelSession, type SessionOptions } from '../../runtime/index';
import { cropGray } from '../pixels';

export type Point = [number, number];
export type Rect = [number, number, number, number];

export const LANDMARK_INPUT = 64;

/**
 * The square crop the landmark model expects for a detector box, in original pixels.
 * A crop larger than the image is shrunk to fit; otherwise it is shifted inside.
 *
 * @example landmarkCrop([100, 80, 180, 200], 640, 480) // [80, 80, 200, 200]
 */
export function landmarkCrop(box: Rect, width: number, height: number): Rect {
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  const side = Math.max(1, Math.min(box[3] - box[1], width, height));
  let x1 = cx - side / 2;
  let y1 = cy - side / 2;
  x1 = Math.min(Math.max(0, x1), width - side);
  y1 = Math.min(Math.max(0, y1), height - side);
  return [x1, y1, x1 + side, y1 + side];
}

/** Model output (136 values normalized to the crop) → 68 points in original pixels. */
export function landmarksToImage(out: ArrayLike<number>, crop: Rect): Point[] {
  const w = crop[2] - crop[0];
  const h = crop[3] - crop[1];
  const pts: Point[] = [];
  for (let i = 0; i < 68; i++) pts.push([crop[0] + out[2 * i]! * w, crop[1] + out[2 * i + 1]! * h]);
  return pts;
}

const mean = (pts: Point[], idx: number[]): Point => [
  idx.reduce((s, i) => s + pts[i]![0], 0) / idx.length,
  idx.reduce((s, i) => s + pts[i]![1], 0) / idx.length,
];

/**
 * The five ArcFace points from the 68: eye centres (mean of each eye's six
 * contour points — steadier than any single point), nose tip (30) and the
 * outer mouth corners (48, 54), ordered as the template: image-left eye first.
 *
 * @example fivePoints(l68)[2] // nose tip
 */
export function fivePoints(l68: Point[]): Point[] {
  if (l68.length !== 68) throw new RangeError(`expected 68 landmarks, got ${l68.length}`);
  return [mean(l68, [36, 37, 38, 39, 40, 41]), mean(l68, [42, 43, 44, 45, 46, 47]), l68[30]!, l68[48]!, l68[54]!];
}

/**
 * @example
 *   const lm = new LandmarkModel(() => ensureModel('fr_landmark'));
 *   const pts = await lm.predict(px, face.box); // 68 × [x, y] in image pixels
 */
export class LandmarkModel {
  private readonly session: LazySession;

  constructor(modelPath: () => Promise<string>, sessionOptions: SessionOptions = {}) {
    this.session = new LazySession(async () => createSession(await modelPath(), { ...sessionOptions, label: 'fr_landmark' }));
  }

  load(): Promise<ModelSession> {
    return this.session.get();
  }

  async predict(px: Pixels, box: Rect): Promise<Point[]> {
    return (await this.predictBatch(px, [box]))[0]!;
  }

  /** Landmarks of several faces of one image in one run (dynamic batch). */
  async predictBatch(px: Pixels, boxes: readonly Rect[]): Promise<Point[][]> {
    if (!boxes.length) return [];
    const session = await this.load();
    const per = LANDMARK_INPUT * LANDMARK_INPUT;
    const crops = boxes.map((b) => landmarkCrop(b, px.width, px.height));
    const input = new Float32Array(boxes.length * per);
    crops.forEach((c, i) => input.set(cropGray(px, c, LANDMARK_INPUT), i * per));
    const out = await session.run({ input: { data: input, dims: [boxes.length, 1, LANDMARK_INPUT, LANDMARK_INPUT] } });
    const data = out.output!.data as Float32Array;
    return crops.map((c, i) => landmarksToImage(data.subarray(i * 136, (i + 1) * 136), c));
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}
