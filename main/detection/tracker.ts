/**
 * An IoU tracker in the style of ByteTrack (Zhang et al., "ByteTrack:
 * Multi-Object Tracking by Associating Every Detection Box", ECCV 2022):
 * high-score boxes are matched to tracks first, then the remaining tracks get
 * a second chance with the low-score boxes, so an object that is briefly
 * occluded (and scores low) keeps its id. Tracks survive `maxMissed` frames
 * without a match. Motion is a constant-velocity guess from the last two
 * matches; matching is greedy by IoU (enough for the handful of objects in a
 * webcam view) and only within a class.
 */
import type { Detection } from '../../preload/contract';
import { iou, type Box } from '../geometry/boxes';

export interface TrackerOptions {
  /** Boxes at or above this score are "high" (and may start tracks). */
  highScore: number;
  /** Boxes between lowScore and highScore can only continue a track. */
  lowScore: number;
  /** IoU needed to match a high box to a track. */
  matchIou: number;
  /** IoU needed for the second (low-score) association. */
  lowMatchIou: number;
  /** Frames a track may go unmatched before it is dropped. */
  maxMissed: number;
}

export const DEFAULT_TRACKER: TrackerOptions = { highScore: 0.25, lowScore: 0.1, matchIou: 0.3, lowMatchIou: 0.5, maxMissed: 5 };

interface Track {
  id: number;
  classId: number;
  box: Box;
  velocity: Box;
  missed: number;
}

export class IouTracker {
  private tracks: Track[] = [];
  private nextId = 1;
  readonly options: TrackerOptions;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.options = { ...DEFAULT_TRACKER, ...options };
  }

  /** Live tracks (matched recently enough to be kept). */
  get size(): number {
    return this.tracks.length;
  }

  reset(): void {
    this.tracks = [];
    this.nextId = 1;
  }

  /**
   * Associate this frame's detections with the tracks. Returns the detections
   * to show, each with a `trackId`: every high box, and low boxes that
   * continue a track. Unmatched low boxes are dropped (they are likely noise).
   *
   * @example
   *   const tracker = new IouTracker();
   *   const shown = tracker.update(result.detections); // shown[0].trackId === 1
   */
  update(dets: readonly Detection[]): Detection[] {
    const o = this.options;
    const predicted = this.tracks.map((t) => predict(t));
    const high = dets.map((_, i) => i).filter((i) => dets[i]!.score >= o.highScore);
    const low = dets.map((_, i) => i).filter((i) => dets[i]!.score < o.highScore && dets[i]!.score >= o.lowScore);
    const trackUsed = new Uint8Array(this.tracks.length);
    const assigned = new Map<number, number>(); // det index → track index

    const associate = (detIdx: number[], minIou: number, onlyRecent: boolean) => {
      const pairs: [number, number, number][] = [];
      for (const d of detIdx) {
        for (let t = 0; t < this.tracks.length; t++) {
          if (trackUsed[t] || this.tracks[t]!.classId !== dets[d]!.classId) continue;
          if (onlyRecent && this.tracks[t]!.missed > 0) continue;
          const v = iou(dets[d]!.box, predicted[t]!);
          if (v >= minIou) pairs.push([v, d, t]);
        }
      }
      pairs.sort((a, b) => b[0] - a[0]);
      for (const [, d, t] of pairs) {
        if (trackUsed[t] || assigned.has(d)) continue;
        trackUsed[t] = 1;
        assigned.set(d, t);
      }
    };
    associate(high, o.matchIou, false);
    // ByteTrack's second pass: only tracks that were seen last frame.
    associate(low, o.lowMatchIou, true);

    const ids = new Map<number, number>(); // det index → track id
    for (const [d, t] of assigned) {
      const tr = this.tracks[t]!;
      ids.set(d, tr.id);
      const b = dets[d]!.box;
      const steps = tr.missed + 1;
      tr.velocity = [(b[0] - tr.box[0]) / steps, (b[1] - tr.box[1]) / steps, (b[2] - tr.box[2]) / steps, (b[3] - tr.box[3]) / steps];
      tr.box = [...b];
      tr.missed = 0;
    }
    const survivors: Track[] = [];
    for (let t = 0; t < this.tracks.length; t++) {
      const tr = this.tracks[t]!;
      if (!trackUsed[t]) tr.missed++;
      if (tr.missed <= o.maxMissed) survivors.push(tr);
    }
    for (const d of high) {
      if (assigned.has(d)) continue;
      const tr: Track = { id: this.nextId++, classId: dets[d]!.classId, box: [...dets[d]!.box], velocity: [0, 0, 0, 0], missed: 0 };
      survivors.push(tr);
      ids.set(d, tr.id);
    }
    this.tracks = survivors;

    const out: Detection[] = [];
    for (let d = 0; d < dets.length; d++) {
      const id = ids.get(d);
      if (id !== undefined) out.push({ ...dets[d]!, trackId: id });
    }
    return out;
  }
}

function predict(t: Track): Box {
  const k = t.missed + 1;
  return [t.box[0] + t.velocity[0] * k, t.box[1] + t.velocity[1] * k, t.box[2] + t.velocity[2] * k, t.box[3] + t.velocity[3] * k];
}
