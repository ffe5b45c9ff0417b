/**
 * The detection service: one object per engine host that owns the detectors.
 * Host handlers, the CLI, tests and the bench call it; it knows nothing about
 * transports. Live video is a `DetectionStream` per stream (the tracker's
 * state); the host's live adapter schedules its frames (latest-frame-wins).
 */
import type { DetectionModelInfo, DetectOptions, DetectResult, RawFrame } from '../../preload/contract';
import type { ModelResolver } from '../models/resolver';
import type { DetectInput } from './engine';
import { CENTERNET_LIVE_SIZE, DEFAULT_MODEL, DetectionModels } from './models';
import { DEFAULT_POSTPROCESS } from './postprocess';
import { DEFAULT_TRACKER, IouTracker, type TrackerOptions } from './tracker';

export type FrameOptions = DetectOptions & { track?: boolean; streamId?: string };

export interface DetectionServiceOptions {
  /** Resolves bundled model ids to files (default: the configured model cache). */
  models?: ModelResolver;
  threads?: number;
  executionProviders?: string[];
}

export class DetectionService {
  readonly models: DetectionModels;

  constructor(opts: DetectionServiceOptions = {}) {
    this.models = new DetectionModels(opts);
  }

  /**
   * One image (encoded bytes or decoded pixels).
   *
   * @example const r = await service.detect(await readImageFile('dog.jpg'), { classes: ['dog'] });
   */
  async detect(image: DetectInput, options: DetectOptions = {}): Promise<DetectResult> {
    return this.models.get(options.model, options.inputSize, options.family).predict(image, options);
  }

  /**
   * The per-stream state of live video (and of a video file): a tracker, and the live input size by default.
   * `tracker` tunes it, e.g. how many frames a track may go unseen when frames are far apart.
   */
  openStream(tracker: Partial<TrackerOptions> = {}): DetectionStream {
    return new DetectionStream(this.models, tracker);
  }

  listModels(): Promise<DetectionModelInfo[]> {
    return this.models.list();
  }

  async dispose(): Promise<void> {
    await this.models.dispose();
  }
}

/**
 * One live stream's state. `run` detects on one frame; with `track`, boxes get
 * track ids that persist across frames.
 *
 * @example const s = service.openStream(); (await s.run(frame, { track: true })).detections[0].trackId // 1
 */
export class DetectionStream {
  readonly tracker: IouTracker;

  constructor(
    private readonly models: DetectionModels,
    tracker: Partial<TrackerOptions> = {},
  ) {
    this.tracker = new IouTracker(tracker);
  }

  async run(frame: RawFrame, options: FrameOptions = {}): Promise<DetectResult> {
    const { track, streamId: _s, ...opts } = options;
    // The bundled CenterNet runs live frames at its live size unless asked otherwise.
    if ((opts.model ?? DEFAULT_MODEL) === DEFAULT_MODEL && opts.inputSize === undefined) opts.inputSize = CENTERNET_LIVE_SIZE;
    const conf = opts.conf ?? DEFAULT_POSTPROCESS.conf;
    const detector = this.models.get(opts.model, opts.inputSize, opts.family);
    // With tracking, low-score boxes are decoded too: they may continue a track (ByteTrack's second pass).
    const r = await detector.predict(frame, track ? { ...opts, conf: Math.min(conf, DEFAULT_TRACKER.lowScore) } : opts);
    if (track) {
      this.tracker.options.highScore = conf;
      r.detections = this.tracker.update(r.detections);
    } else if (this.tracker.size) this.tracker.reset();
    return r;
  }
}
