/**
 * The face pipeline, stage by stage: detect → 68 landmarks → five points →
 * similarity alignment to the ArcFace template → 512-D embedding, with quality
 * numbers and per-stage milliseconds. Models load lazily, once; sessions are
 * owned by the stage classes and released by `dispose()`.
 */
import type { FaceDetectorName, FaceQuality } from '../../preload/contract';
import type { Pixels } from '../imaging/decode';
import type { SessionOptions } from '../runtime/index';
import { alignFace } from './align';
import type { DetectedFace } from './models/decode.ultraface';
import { UltraFaceDetector, type DetectOptions } from './models/detector.ultraface';
import { BlazeFaceDetector } from './models/detector.blazeface';
import { FaceEmbedder } from './models/embed';
import { fivePoints, LandmarkModel, type Point, type Rect } from './models/landmarks';
import { modelResolver, type ModelResolver } from '../models/resolver';
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

export interface AnalyzeOptions extends DetectOptions {
  /** Which detector finds the faces (default: the pipeline's). */
  detector?: FaceDetectorName;
}

/** The four face models in the model cache. */
export type FaceModelId = 'fr_detect' | 'fr_landmark' | 'fr_feature' | 'blazeface_front';

export interface PipelineOptions {
  /** Resolves face model ids to files (default: the configured model cache). */
  models?: ModelResolver;
  session?: SessionOptions;
  quality?: QualityLimits;
  detect?: DetectOptions;
  /**
   * Default face detector ('ultraface'). 'blazeface' is MediaPipe's short-range model
   * (128×128, for webcam and selfie distances): a face is found when its box is at least
   * about 1/6 of the image's longer side and missed below about 1/8. Its boxes are mapped
   * to UltraFace's convention, so landmarks, alignment and embeddings are unchanged.
   */
  detector?: FaceDetectorName;
}

/**
 * Session defaults for the face models: spinning workers while a Run() is in
 * progress (they park when it returns). The models are small and op-dense, so
 * waking parked workers per op was a visible share of their time.
 */
export const DEFAULT_FACE_SESSION: SessionOptions = { spinning: true };

/** Default detector settings: 0.8 keeps the gallery's background false positives (≤ 0.71) out. */
export const DEFAULT_DETECT: DetectOptions = { conf: 0.8, iou: 0.3 };

/**
 * BlazeFace settings. Its scores spread lower than UltraFace's: the faces of the test photos
 * score 0.71–0.97 and painted faces 0.69–0.74, while the eagle scores 0.505 and the dog ≤ 0.42;
 * 0.6 keeps every face and drops those. The White House emblem in obama1.jpg scores 0.707
 * and stays: no threshold separates it from the faces.
 */
export const DEFAULT_BLAZEFACE_DETECT: DetectOptions = { conf: 0.6, iou: 0.3 };

/** Faces per landmark/embedding run: batches amortize per-run cost, chunks bound memory. */
const BATCH = 16;

/**
 * @example
 *   const p = new FacePipeline();
 *   const { faces, timings } = await p.analyze(await decodeImage(bytes));
 *   const webcam = await p.analyze(frame, { detector: 'blazeface' });
 */
export class FacePipeline {
  /** Both detectors; each loads its model on first use. */
  readonly detectors: { ultraface: UltraFaceDetector; blazeface: BlazeFaceDetector };
  readonly landmarker: LandmarkModel;
  readonly embedder: FaceEmbedder;
  readonly quality: QualityLimits;
  readonly defaultDetector: FaceDetectorName;
  private readonly detectOpts: DetectOptions;
  private readonly resolve: ModelResolver;

  constructor(opts: PipelineOptions = {}) {
    this.resolve = opts.models ?? modelResolver();
    const session = { ...DEFAULT_FACE_SESSION, ...opts.session };
    this.detectors = {
      ultraface: new UltraFaceDetector(() => this.resolve('fr_detect'), session),
      blazeface: new BlazeFaceDetector(() => this.resolve('blazeface_front'), session),
    };
    this.landmarker = new LandmarkModel(() => this.resolve('fr_landmark'), session);
    this.embedder = new FaceEmbedder(() => this.resolve('fr_feature'), session);
    this.quality = opts.quality ?? DEFAULT_QUALITY;
    this.defaultDetector = opts.detector ?? 'ultraface';
    this.detectOpts = opts.detect ?? {};
  }

  /** Path of the embedding model (its hash is the embedding version). */
  featureModelPath(): Promise<string> {
    return this.resolve('fr_feature');
  }

  /** Load the default detector, the landmark and the embedding models. */
  async load(): Promise<void> {
    await Promise.all([this.detectors[this.defaultDetector].load(), this.landmarker.load(), this.embedder.load()]);
  }

  /** Detect only (box + score), in original pixels. */
  detect(px: Pixels, opts: AnalyzeOptions = {}): Promise<DetectedFace[]> {
    const { detector = this.defaultDetector, ...rest } = opts;
    const defaults = detector === 'blazeface' ? DEFAULT_BLAZEFACE_DETECT : DEFAULT_DETECT;
    return this.detectors[detector].predict(px, { ...defaults, ...this.detectOpts, ...rest });
  }

  /** Landmarks, alignment, quality and embedding for one detected box. */
  async describe(px: Pixels, box: Rect, score: number, timings?: StageTimings): Promise<AnalyzedFace> {
    return (await this.describeAll(px, [{ box, score }], timings))[0]!;
  }

  /**
   * Landmarks, alignment, quality and embedding for detected boxes: the
   * landmark and embedding models each run once per chunk of `BATCH` faces.
   */
  async describeAll(px: Pixels, dets: readonly DetectedFace[], timings?: StageTimings): Promise<AnalyzedFace[]> {
    const out: AnalyzedFace[] = [];
    for (let i = 0; i < dets.length; i += BATCH) {
      const chunk = dets.slice(i, i + BATCH);
      let t = performance.now();
      const lap = () => {
        const now = performance.now();
        const d = now - t;
        t = now;
        return d;
      };
      const landmarks = await this.landmarker.predictBatch(
        px,
        chunk.map((d) => d.box),
      );
      const tLm = lap();
      const aligned = chunk.map((d, k) => {
        const five = fivePoints(landmarks[k]!);
        const { crop, residual } = alignFace(px, five);
        return { five, crop, residual, quality: assessQuality(d.box, landmarks[k]!, crop, this.quality) };
      });
      const tAl = lap();
      const embeddings = await this.embedder.predictBatch(aligned.map((a) => a.crop));
      const tEm = lap();
      if (timings) {
        timings.landmarks += tLm;
        timings.align += tAl;
        timings.embed += tEm;
      }
      chunk.forEach((d, k) => {
        const a = aligned[k]!;
        out.push({
          box: d.box,
          score: d.score,
          landmarks: landmarks[k]!,
          five: a.five,
          quality: a.quality,
          aligned: a.crop,
          residual: a.residual,
          embedding: embeddings[k]!,
        });
      });
    }
    return out;
  }

  /** Every face in the image, largest first. */
  async analyze(px: Pixels, opts: AnalyzeOptions = {}): Promise<{ faces: AnalyzedFace[]; timings: StageTimings }> {
    const timings: StageTimings = { detect: 0, landmarks: 0, align: 0, embed: 0 };
    const t0 = performance.now();
    const dets = await this.detect(px, opts);
    timings.detect = performance.now() - t0;
    dets.sort((a, b) => area(b.box) - area(a.box));
    const faces = await this.describeAll(px, dets, timings);
    return { faces, timings };
  }

  async dispose(): Promise<void> {
    await Promise.all([
      this.detectors.ultraface.dispose(),
      this.detectors.blazeface.dispose(),
      this.landmarker.dispose(),
      this.embedder.dispose(),
    ]);
  }
}

function area(b: Rect): number {
  return (b[2] - b[0]) * (b[3] - b[1]);
}
