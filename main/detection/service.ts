/**
 * The detection service: one object per engine host that owns the detectors
 * and the live streams. Handlers and the CLI call it; it knows nothing about
 * transports.
 */
import type { DetectionModelInfo, DetectOptions, DetectResult, FrameResult, RawFrame } from '../../preload/contract';
import type { Paths } from '../config';
import { LatestFrameScheduler, LIVE_LANE } from '../host/live';
import { CENTERNET_LIVE_SIZE, DetectionModels, type ModelResolver } from './models';
import { DEFAULT_POSTPROCESS } from './postprocess';
import { DEFAULT_TRACKER, IouTracker } from './tracker';
import type { DetectInput } from './engine';

export type FrameOptions = DetectOptions & { track?: boolean; streamId?: string };

interface Stream {
  live: LatestFrameScheduler<{ frame: RawFrame; options: FrameOptions }, FrameResult>;
  tracker: IouTracker;
}

export interface DetectionServiceOptions {
  paths: Paths;
  resolve?: ModelResolver;
  threads?: number;
  executionProviders?: string[];
  /** Called with every live result (the host turns it into `vw:detection.onDidDetectFrame`). */
  onFrame?: (r: FrameResult) => void;
}

export class DetectionService {
  readonly models: DetectionModels;
  private readonly streams = new Map<string, Stream>();

  constructor(private readonly opts: DetectionServiceOptions) {
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
   * A live frame, latest-frame-wins per stream: resolves null when a newer
   * frame of the same stream replaced this one before inference started.
   *
   * @example const r = await service.frame({ width, height, data }, { track: true }); // r?.frameId
   */
  async frame(frame: RawFrame, options: FrameOptions = {}): Promise<FrameResult | null> {
    const bundled = (options.model ?? 'centernet') === 'centernet';
    const opts = bundled && options.inputSize === undefined ? { ...options, inputSize: CENTERNET_LIVE_SIZE } : options;
    return this.stream(options.streamId ?? 'default').live.submit({ frame, options: opts });
  }

  /** Stats of a live stream (for the status bar and tests). */
  streamStats(streamId = 'default'): { dropped: number; processed: number; submitted: number; maxWaiting: number } | undefined {
    return this.streams.get(streamId)?.live.stats;
  }

  /** Forget a stream (its counters and tracks). */
  closeStream(streamId = 'default'): void {
    this.streams.get(streamId)?.live.clear();
    this.streams.delete(streamId);
  }

  listModels(): Promise<DetectionModelInfo[]> {
    return this.models.list();
  }

  async dispose(): Promise<void> {
    for (const id of [...this.streams.keys()]) this.closeStream(id);
    await this.models.dispose();
  }

  private stream(id: string): Stream {
    let s = this.streams.get(id);
    if (s) return s;
    const tracker = new IouTracker();
    const live = new LatestFrameScheduler<{ frame: RawFrame; options: FrameOptions }, FrameResult>(
      async ({ frame, options }, frameId) => {
        const conf = options.conf ?? DEFAULT_POSTPROCESS.conf;
        const { track, streamId: _s, ...detectOpts } = options;
        // With tracking, low-score boxes are decoded too: they may continue a track (ByteTrack's second pass).
        const r = await this.models
          .get(options.model, options.inputSize, options.family)
          .predict(frame, track ? { ...detectOpts, conf: Math.min(conf, DEFAULT_TRACKER.lowScore) } : detectOpts);
        if (track) {
          tracker.options.highScore = conf;
          r.detections = tracker.update(r.detections);
        } else if (tracker.size) tracker.reset();
        const stats = live.stats;
        const out: FrameResult = { ...r, frameId, dropped: stats.dropped, processed: stats.processed + 1 };
        this.opts.onFrame?.(out);
        return out;
      },
      { lane: LIVE_LANE },
    );
    s = { live, tracker };
    this.streams.set(id, s);
    return s;
  }
}
