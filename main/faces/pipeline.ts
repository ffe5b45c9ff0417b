/**
 * The face pipeline, stage by stage: detect → 68 landmarks → five points →
 * similarity alignment to the ArcFace template → 512-D embedding, with quality
 * numbers and per-stage milliseconds. Models load lazily, once; sessions are
 * owned by the stage classes and released by `dispose()`.
 */
import type { FaceQuality } from '../../preload/contract';
import type { Pixels } from '../imaging/decode';
import type { SessionOptions } from '../runtime/index';
import { alignFace } from './align';
import { UltraFaceDetector, type DetectOptions } from './detector';
import { FaceEmbedder } from './embed';
import { fivePoints, LandmarkModel, type Point, type Rect } from './landmarks';
import { defaultModelResolver, type ModelResolver } from './models';
import { assessQuality, DEFAULT_QUALITY, type QualityLimits } from './quality';

export interface AnalyzedFace {
  /** [x1, y1, x2, y2] in original-image pixels. */
  box: Rect;
  score: number;
  landmarks: Point[];
  five: Point[];
  quality: FaceQuality;
  /** Aligned 112×112 RGB crop. */
  aligned: Pixels;
  /** RMS residual of the five points on the template, in template pixels. */
  residual: number;
  embedding: Float32Array;
}

export interface StageTimings {
  detect: number;
  landmarks: number;
  align: number;
  embed: number;
}

export interface PipelineOptions {
  resolveModel?: ModelResolver;
  session?: SessionOptions;
  quality?: QualityLimits;
  detect?: DetectOptions;
}

/**
 * Session defaults for the three face models: spinning workers while a Run() is
 * in progress (they park when it returns). The models are small and op-dense, so
 * waking parked workers per op was a visible share of their time.
 */
export const DEFAULT_FACE_SESSION: SessionOptions = { spinning: true };

/** Default detector settings: 0.8 keeps the gallery's background false positives (≤ 0.71) out. */
export const DEFAULT_DETECT: DetectOptions = { conf: 0.8, iou: 0.3 };

/**
 * @example
 *   const p = new FacePipeline();
 *   const { faces, timings } = await p.analyze(await decodeImage(bytes));
 */
export class FacePipeline {
  readonly detector: UltraFaceDetector;
  readonly landmarker: LandmarkModel;
  readonly embedder: FaceEmbedder;
  readonly quality: QualityLimits;
  private readonly detectOpts: DetectOptions;
  private readonly resolve: ModelResolver;

  constructor(opts: PipelineOptions = {}) {
    this.resolve = opts.resolveModel ?? defaultModelResolver;
    const session = { ...DEFAULT_FACE_SESSION, ...opts.session };
    this.detector = new UltraFaceDetector(() => this.resolve('fr_detect'), session);
    this.landmarker = new LandmarkModel(() => this.resolve('fr_landmark'), session);
    this.embedder = new FaceEmbedder(() => this.resolve('fr_feature'), session);
    this.quality = opts.quality ?? DEFAULT_QUALITY;
    this.detectOpts = { ...DEFAULT_DETECT, ...opts.detect };
  }

  /** Path of the embedding model (its hash is the embedding version). */
  featureModelPath(): Promise<string> {
    return this.resolve('fr_feature');
  }

  async load(): Promise<void> {
    await Promise.all([this.detector.load(), this.landmarker.load(), this.embedder.load()]);
  }

  /** Detect only (box + score), in original pixels. */
  detect(px: Pixels, opts: DetectOptions = {}) {
    return this.detector.predict(px, { ...this.detectOpts, ...opts });
  }

  /** Landmarks, alignment, quality and embedding for one detected box. */
  async describe(px: Pixels, box: Rect, score: number, timings?: StageTimings): Promise<AnalyzedFace> {
    let t = performance.now();
    const landmarks = await this.landmarker.predict(px, box);
    const lap = () => {
      const now = performance.now();
      const d = now - t;
      t = now;
      return d;
    };
    const tLm = lap();
    const five = fivePoints(landmarks);
    const { crop, residual } = alignFace(px, five);
    const quality = assessQuality(box, landmarks, crop, this.quality);
    const tAl = lap();
    const embedding = await this.embedder.predict(crop);
    const tEm = lap();
    if (timings) {
      timings.landmarks += tLm;
      timings.align += tAl;
      timings.embed += tEm;
    }
    return { box, score, landmarks, five, quality, aligned: crop, residual, embedding };
  }

  /** Every face in the image, largest first. */
  async analyze(px: Pixels, opts: DetectOptions = {}): Promise<{ faces: AnalyzedFace[]; timings: StageTimings }> {
    const timings: StageTimings = { detect: 0, landmarks: 0, align: 0, embed: 0 };
    const t0 = performance.now();
    const dets = await this.detect(px, opts);
    timings.detect = performance.now() - t0;
    dets.sort((a, b) => area(b.box) - area(a.box));
    const faces: AnalyzedFace[] = [];
    for (const d of dets) faces.push(await this.describe(px, d.box, d.score, timings));
    return { faces, timings };
  }

  async dispose(): Promise<void> {
    await Promise.all([this.detector.dispose(), this.landmarker.dispose(), this.embedder.dispose()]);
  }
}

function area(b: Rect): number {
  return (b[2] - b[0]) * (b[3] - b[1]);
}
