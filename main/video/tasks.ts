/**
 * The two video tasks: objects (the detection engine with the live path's
 * ByteTrack-style tracker and default live input size; the tracker's memory is
 * set in seconds, since a stride makes frames far apart) and
 * faces (the faces service's 1:K per frame, face boxes tracked by IoU, each
 * face's embedding kept for grouping strangers). Each yields the per-frame
 * record, the overlay and, at the end, the "who appears when" summary.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Detection, DetectOptions, FaceDetectorName, RecognizedFace } from '../../preload/contract';
import { PALETTE } from '../detection/annotate';
import type { DetectionService } from '../detection/service';
import { IouTracker } from '../detection/tracker';
import type { FacesService } from '../faces/service';
import type { Box } from '../geometry/boxes';
import { labelledBox } from '../imaging/overlay';
import type { VideoInfo } from './probe';
import { readFrames } from './reader';
import type { VideoTask } from './run';
import {
  detectionSegments,
  faceAppearances,
  type DetectionObservation,
  type DetectionSegment,
  type FaceAppearance,
  type FaceObservation,
} from './segments';

/** Segments closer than this many seconds (or two processed frames, if longer) are one. */
export const SEGMENT_GAP_S = 1;
/** How long a lost track is kept for re-association. */
export const TRACK_MEMORY_S = 0.5;

const gapFor = (stride: number, fps: number) => Math.max(SEGMENT_GAP_S, (2 * stride) / fps);
const memoryFor = (stride: number, fps: number) => Math.max(1, Math.round((TRACK_MEMORY_S * fps) / stride));

/**
 * Objects on video.
 *
 * @example const s = await runVideo('clip.mp4', detectionTask(service, { classes: ['person'] }, { stride: 5, fps: 10 }));
 */
export function detectionTask(
  service: DetectionService,
  options: DetectOptions & { track?: boolean },
  run: { stride: number; fps: number },
): VideoTask<{ detections: Detection[] }, DetectionSegment[]> {
  const obs: DetectionObservation[] = [];
  const { track = true, ...detectOpts } = options;
  // The live lane's stream (live input size by default, tracker with ByteTrack's low-score second pass),
  // with a track memory in seconds rather than frames: a stride puts frames far apart.
  const stream = service.openStream({ maxMissed: memoryFor(run.stride, run.fps) });
  return {
    async frame(f) {
      const r = await stream.run({ width: f.width, height: f.height, data: f.data }, { ...detectOpts, track });
      for (const d of r.detections)
        obs.push({ time: f.time, frame: f.index, trackId: d.trackId, classId: d.classId, label: d.label, score: d.score, box: d.box });
      return {
        record: { detections: r.detections },
        speed: { ...r.speed },
        draw: (sc) =>
          r.detections.map((d) => {
            const text = `${d.label} ${d.score.toFixed(2)}${d.trackId !== undefined ? ` #${d.trackId}` : ''}`;
            const y1 = d.box[1];
            return labelledBox(d.box, text, PALETTE[d.classId % PALETTE.length]!, sc, y1 >= sc.font + 4 ? y1 - sc.font - 4 : y1);
          }),
      };
    },
    async summary() {
      return detectionSegments(obs, { maxGap: gapFor(run.stride, run.fps) });
    },
  };
}

/** A face of one frame in the JSON Lines: the recognizer's face (no landmarks, to keep lines short) plus its track id. */
export type VideoFace = Omit<RecognizedFace, 'landmarks'> & { trackId: number };

/**
 * Faces on video.
 *
 * @example const s = await runVideo('walk.gif', facesTask(faces, {}, { stride: 1, fps: 12 }));
 */
export function facesTask(
  service: FacesService,
  options: { tau?: number; detector?: FaceDetectorName },
  run: { stride: number; fps: number; info: VideoInfo },
): VideoTask<{ faces: VideoFace[] }, FaceAppearance[]> {
  const tracker = new IouTracker({ highScore: 0, lowScore: 0, matchIou: 0.2, maxMissed: memoryFor(run.stride, run.fps) });
  const obs: FaceObservation[] = [];
  let tau = options.tau;
  // Tracker id → the face track it currently continues, and that track's last embedding.
  const current = new Map<number, { id: number; last: Float32Array }>();
  let nextId = 1;
  return {
    async frame(f) {
      const { result, embeddings } = await service.recognizeWithEmbeddings(
        { data: f.data, width: f.width, height: f.height, channels: 4 },
        options.tau,
        options.detector,
      );
      tau = result.tau;
      const tracked = tracker.update(result.faces.map((x) => ({ box: x.box, score: x.score, classId: 0, label: 'face' })));
      // With highScore 0 every box is kept, in order. A box that follows a track but no longer looks
      // like it (a cut to another person at the same place) starts a new face track: appearance gating.
      const faces: VideoFace[] = result.faces.map(({ landmarks: _l, ...x }, i) => {
        const tid = tracked[i]!.trackId!;
        const e = embeddings[i]!;
        let c = current.get(tid);
        if (!c || cosine(c.last, e) < result.tau) current.set(tid, (c = { id: nextId++, last: e }));
        c.last = e;
        return { ...x, trackId: c.id };
      });
      faces.forEach((x, i) =>
        obs.push({ time: f.time, frame: f.index, trackId: x.trackId, box: x.box, match: x.match, embedding: embeddings[i]! }),
      );
      return {
        record: { faces },
        speed: { ...result.timings },
        draw: (sc) =>
          faces.map((x) => {
            const color = x.match ? '#2e7d32' : '#c62828';
            const text = `${x.match ? `${x.match.name} ${x.match.similarity.toFixed(2)}` : 'unknown'} #${x.trackId}`;
            const [, y1, , y2] = x.box;
            return labelledBox(x.box, text, color, sc, y2 + sc.font + 4 <= sc.height ? y2 : Math.max(0, y1 - sc.font - 4));
          }),
      };
    },
    async summary(saveDir) {
      const people = faceAppearances(obs, { tau: tau ?? 0.35, maxGap: gapFor(run.stride, run.fps) });
      if (saveDir) await writeThumbnails(run.info, people, saveDir);
      return people;
    },
  };
}

/** One JPEG per segment: the face of its thumbnail frame, re-read from the video (one frame each). */
async function writeThumbnails(info: VideoInfo, people: FaceAppearance[], saveDir: string): Promise<void> {
  const dir = path.join(saveDir, 'faces');
  fs.mkdirSync(dir, { recursive: true });
  for (const p of people) {
    for (const [k, s] of p.segments.entries()) {
      const th = s.thumbnail;
      try {
        for await (const f of readFrames(info, { start: th.frame / info.fps, end: (th.frame + 1) / info.fps })) {
          const file = path.join(dir, `${p.name.replace(/[^\w.-]+/g, '_')}-${k + 1}.jpg`);
          const rect = cropRect(th.box, f.width, f.height);
          await sharp(f.data, { raw: { width: f.width, height: f.height, channels: 4 } })
            .extract(rect)
            .removeAlpha()
            .jpeg({ quality: 90 })
            .toFile(file);
          th.file = file;
          break;
        }
      } catch {
        // A thumbnail is a convenience: a frame that cannot be re-read leaves it out.
      }
    }
  }
}

/** The face box grown by a quarter on each side, clipped to the frame. */
function cropRect(b: Box, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const mx = (b[2] - b[0]) / 4;
  const my = (b[3] - b[1]) / 4;
  const left = Math.max(0, Math.floor(b[0] - mx));
  const top = Math.max(0, Math.floor(b[1] - my));
  const right = Math.min(width, Math.ceil(b[2] + mx));
  const bottom = Math.min(height, Math.ceil(b[3] + my));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}
