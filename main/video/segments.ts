/**
 * "Who appears when": per-frame results folded into time segments. Pure
 * functions over plain observations, so they are tested without a model and
 * could run in the renderer on results it already holds.
 *
 * Detection: one segment per track, then tracks of one class that the tracker
 * lost and restarted (the next one begins within `maxGap` seconds of the last
 * one's end, near where it left) are stitched into one segment.
 * Faces: tracks take the name most of their frames matched; a name's tracks
 * are merged into segments when they overlap or are less than `maxGap` apart;
 * tracks that matched nobody are clustered by their mean embedding (cosine ≥
 * τ, average linkage; never two tracks seen in the same frame) so that one
 * stranger is one entry, not one per track.
 */
import type { Box } from '../geometry/boxes';

/** Where in the video: seconds and frame index. */
export interface FrameRef {
  time: number;
  frame: number;
}

export interface DetectionObservation extends FrameRef {
  trackId?: number;
  classId: number;
  label: string;
  score: number;
  box: Box;
}

export interface DetectionSegment {
  label: string;
  classId: number;
  /** Seconds (first and last processed frame the object was seen in). */
  start: number;
  end: number;
  startFrame: number;
  endFrame: number;
  maxScore: number;
  /** Processed frames the object was seen in. */
  frames: number;
  /** Tracker ids joined into this segment (empty without the tracker). */
  trackIds: number[];
}

interface Span {
  first: DetectionObservation;
  last: DetectionObservation;
  maxScore: number;
  frames: number;
  trackIds: number[];
}

const centerDistance = (a: Box, b: Box) => Math.hypot((a[0] + a[2] - b[0] - b[2]) / 2, (a[1] + a[3] - b[1] - b[3]) / 2);
const diagonal = (b: Box) => Math.hypot(b[2] - b[0], b[3] - b[1]);

/**
 * Detection observations (every processed frame's detections, in frame order) → segments sorted by start.
 * Without track ids, a class's segments are its runs of presence with gaps ≤ `maxGap`.
 *
 * @example detectionSegments(obs, { maxGap: 1 }) // [{ label: 'person', start: 6.1, end: 18.4, trackIds: [1, 3], … }]
 */
export function detectionSegments(obs: readonly DetectionObservation[], opts: { maxGap: number; minFrames?: number }): DetectionSegment[] {
  const byTrack = new Map<string, Span>();
  const spans: Span[] = [];
  for (const o of obs) {
    const key = o.trackId !== undefined ? `t${o.trackId}` : `c${o.classId}`;
    let s = byTrack.get(key);
    // Without tracks a class's presence run ends after a gap; with tracks an id is one span.
    if (s && o.trackId === undefined && o.time - s.last.time > opts.maxGap) s = undefined;
    if (!s) {
      s = { first: o, last: o, maxScore: o.score, frames: 0, trackIds: o.trackId !== undefined ? [o.trackId] : [] };
      byTrack.set(key, s);
      spans.push(s);
    }
    if (o.frame !== s.last.frame) s.frames++;
    else if (s.frames === 0) s.frames = 1;
    s.last = o;
    s.maxScore = Math.max(s.maxScore, o.score);
  }
  spans.sort((a, b) => a.first.frame - b.first.frame);
  // Stitch restarted tracks: same class, begins after the other ended, within maxGap, near its last box.
  const out: Span[] = [];
  for (const s of spans) {
    const prev = s.trackIds.length
      ? out.find(
          (p) =>
            p.first.classId === s.first.classId &&
            p.trackIds.length > 0 &&
            s.first.time > p.last.time &&
            s.first.time - p.last.time <= opts.maxGap &&
            centerDistance(p.last.box, s.first.box) <= diagonal(p.last.box),
        )
      : undefined;
    if (prev) {
      prev.last = s.last;
      prev.maxScore = Math.max(prev.maxScore, s.maxScore);
      prev.frames += s.frames;
      prev.trackIds.push(...s.trackIds);
    } else out.push({ ...s, trackIds: [...s.trackIds] });
  }
  return out
    .filter((s) => s.frames >= (opts.minFrames ?? 1))
    .map((s) => ({
      label: s.first.label,
      classId: s.first.classId,
      start: round3(s.first.time),
      end: round3(s.last.time),
      startFrame: s.first.frame,
      endFrame: s.last.frame,
      maxScore: Math.round(s.maxScore * 1e4) / 1e4,
      frames: s.frames,
      trackIds: s.trackIds,
    }));
}

export interface FaceObservation extends FrameRef {
  trackId: number;
  box: Box;
  /** Gallery match at or above τ (null: unknown in this frame). */
  match: { personId: number; name: string; similarity: number } | null;
  /** Unit embedding. */
  embedding: Float32Array;
}

export interface FaceSegment {
  start: number;
  end: number;
  startFrame: number;
  endFrame: number;
  /** Best similarity to the gallery in this segment (known persons); for unknowns, the best similarity to anyone is not kept. */
  bestSimilarity?: number;
  /** The frame to show: best match (known) or largest face (unknown). */
  thumbnail: FrameRef & { box: Box; file?: string };
}

export interface FaceAppearance {
  /** "obama" for a gallery person, "unknown 1", "unknown 2", … for strangers. */
  name: string;
  personId: number | null;
  known: boolean;
  segments: FaceSegment[];
  /** Face tracks joined into this entry. */
  tracks: number;
}

interface FaceTrack {
  id: number;
  obs: FaceObservation[];
  personId: number | null;
  name: string;
}

const area = (b: Box) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
const round3 = (v: number) => Math.round(v * 1000) / 1000;

function meanEmbedding(obs: readonly FaceObservation[]): Float32Array {
  // Larger faces embed more reliably: weight by box area.
  const dim = obs[0]!.embedding.length;
  const m = new Float32Array(dim);
  for (const o of obs) {
    const w = Math.sqrt(area(o.box));
    for (let k = 0; k < dim; k++) m[k]! += w * o.embedding[k]!;
  }
  let n = 0;
  for (let k = 0; k < dim; k++) n += m[k]! * m[k]!;
  n = Math.sqrt(n) || 1;
  for (let k = 0; k < dim; k++) m[k]! /= n;
  return m;
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
};

/**
 * Average-linkage agglomerative clustering on cosine similarity: merge while the best pair is ≥ tau.
 * `apart(i, j)` says two items can never be one (two faces in the same frame are two people).
 *
 * @example clusterEmbeddings([a, b, c], 0.35) // [[0, 2], [1]]
 */
export function clusterEmbeddings(vectors: readonly Float32Array[], tau: number, apart?: (i: number, j: number) => boolean): number[][] {
  const clusters = vectors.map((_, i) => [i]);
  const sim = vectors.map((a) => vectors.map((b) => dot(a, b)));
  const link = (a: number[], b: number[]) => {
    let s = 0;
    for (const i of a)
      for (const j of b) {
        if (apart?.(i, j)) return -Infinity;
        s += sim[i]![j]!;
      }
    return s / (a.length * b.length);
  };
  for (;;) {
    let best = -Infinity;
    let pair: [number, number] | undefined;
    for (let i = 0; i < clusters.length; i++)
      for (let j = i + 1; j < clusters.length; j++) {
        const l = link(clusters[i]!, clusters[j]!);
        if (l > best) [best, pair] = [l, [i, j]];
      }
    if (!pair || best < tau) return clusters;
    clusters[pair[0]]!.push(...clusters[pair[1]]!);
    clusters.splice(pair[1], 1);
  }
}

function segmentsOf(obs: FaceObservation[], known: boolean, maxGap: number): FaceSegment[] {
  obs.sort((a, b) => a.frame - b.frame);
  const out: { s: FaceSegment; lastTime: number; bestArea: number }[] = [];
  for (const o of obs) {
    let cur = out[out.length - 1];
    if (!cur || o.time - cur.lastTime > maxGap) {
      cur = {
        s: { start: o.time, end: o.time, startFrame: o.frame, endFrame: o.frame, thumbnail: { time: o.time, frame: o.frame, box: o.box } },
        lastTime: o.time,
        bestArea: -1,
      };
      out.push(cur);
    }
    cur.s.end = o.time;
    cur.s.endFrame = o.frame;
    cur.lastTime = o.time;
    if (known && o.match && o.match.similarity > (cur.s.bestSimilarity ?? -Infinity)) {
      cur.s.bestSimilarity = o.match.similarity;
      cur.s.thumbnail = { time: o.time, frame: o.frame, box: o.box };
    } else if (!known && area(o.box) > cur.bestArea) {
      cur.bestArea = area(o.box);
      cur.s.thumbnail = { time: o.time, frame: o.frame, box: o.box };
    }
  }
  return out.map(({ s }) => ({ ...s, start: round3(s.start), end: round3(s.end) }));
}

/**
 * Face observations (with track ids, in frame order) → one entry per gallery person seen and one per stranger.
 *
 * @example faceAppearances(obs, { tau: 0.35, maxGap: 1 }) // [{ name: 'obama', segments: [{ start: 0, end: 1.9, … }] }, { name: 'unknown 1', … }]
 */
export function faceAppearances(obs: readonly FaceObservation[], opts: { tau: number; maxGap: number }): FaceAppearance[] {
  const tracks = new Map<number, FaceTrack>();
  for (const o of obs) {
    let t = tracks.get(o.trackId);
    if (!t) tracks.set(o.trackId, (t = { id: o.trackId, obs: [], personId: null, name: '' }));
    t.obs.push(o);
  }
  // A track is the person most of its frames matched, if that is at least half of them.
  for (const t of tracks.values()) {
    const votes = new Map<number, { n: number; name: string }>();
    for (const o of t.obs) if (o.match) votes.set(o.match.personId, { n: (votes.get(o.match.personId)?.n ?? 0) + 1, name: o.match.name });
    const top = [...votes.entries()].sort((a, b) => b[1].n - a[1].n)[0];
    if (top && top[1].n * 2 >= t.obs.length) [t.personId, t.name] = [top[0], top[1].name];
  }
  const out: FaceAppearance[] = [];
  const byPerson = new Map<number, FaceTrack[]>();
  for (const t of tracks.values()) if (t.personId !== null) byPerson.set(t.personId, [...(byPerson.get(t.personId) ?? []), t]);
  for (const [personId, ts] of byPerson) {
    out.push({
      name: ts[0]!.name,
      personId,
      known: true,
      segments: segmentsOf(
        ts.flatMap((t) => t.obs),
        true,
        opts.maxGap,
      ),
      tracks: ts.length,
    });
  }
  const unknown = [...tracks.values()].filter((t) => t.personId === null);
  const frames = unknown.map((t) => new Set(t.obs.map((o) => o.frame)));
  const clusters = clusterEmbeddings(
    unknown.map((t) => meanEmbedding(t.obs)),
    opts.tau,
    (i, j) => [...frames[i]!].some((f) => frames[j]!.has(f)),
  );
  const strangers = clusters
    .map((c) => c.map((i) => unknown[i]!))
    .map((ts) => ({ ts, first: Math.min(...ts.map((t) => t.obs[0]!.frame)) }))
    .sort((a, b) => a.first - b.first);
  strangers.forEach(({ ts }, k) =>
    out.push({
      name: `unknown ${k + 1}`,
      personId: null,
      known: false,
      segments: segmentsOf(
        ts.flatMap((t) => t.obs),
        false,
        opts.maxGap,
      ),
      tracks: ts.length,
    }),
  );
  return out.sort((a, b) => (a.segments[0]?.startFrame ?? 0) - (b.segments[0]?.startFrame ?? 0));
}
