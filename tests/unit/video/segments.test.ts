/** "Who appears when" as pure functions: detection track stitching, face names by vote, strangers clustered. */
import { describe, expect, it } from 'vitest';
import type { Box } from '../../../main/geometry/boxes';
import {
  clusterEmbeddings,
  detectionSegments,
  faceAppearances,
  type DetectionObservation,
  type FaceObservation,
} from '../../../main/video/segments';

const det = (frame: number, trackId: number | undefined, box: Box, label = 'person', score = 0.5): DetectionObservation => ({
  frame,
  time: frame / 10,
  trackId,
  classId: label === 'person' ? 0 : 16,
  label,
  score,
  box,
});

/** A unit vector pointing mostly along axis `k` (with a little of axis `noise`). */
function unit(k: number, noise = 0, dim = 8): Float32Array {
  const v = new Float32Array(dim);
  v[k] = 1;
  v[noise] = (v[noise] ?? 0) + 0.2;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('detectionSegments', () => {
  it('one segment per track, stitching a track restarted nearby within the gap, not one far away or late', () => {
    const obs = [
      ...[0, 1, 2, 3].map((f) => det(f, 1, [100, 100, 200, 300], 'person', 0.4 + f / 10)),
      // lost for 4 frames (0.4 s), restarted as track 2 at the same place: one visit
      ...[8, 9].map((f) => det(f, 2, [105, 100, 205, 300])),
      // track 3: same time as track 2, far away → a second person
      det(9, 3, [600, 100, 700, 300]),
      // track 4: 3 s later → a new visit
      ...[40, 41].map((f) => det(f, 4, [100, 100, 200, 300])),
      det(41, 5, [10, 10, 50, 50], 'dog', 0.9),
    ];
    const segs = detectionSegments(obs, { maxGap: 1 });
    expect(segs.map((s) => [s.label, s.start, s.end, s.trackIds, s.frames])).toEqual([
      ['person', 0, 0.9, [1, 2], 6],
      ['person', 0.9, 0.9, [3], 1],
      ['person', 4, 4.1, [4], 2],
      ['dog', 4.1, 4.1, [5], 1],
    ]);
    expect(segs[0]!.maxScore).toBe(0.7);
    expect(segs[0]!.startFrame).toBe(0);
    expect(segs[0]!.endFrame).toBe(9);
  });

  it('without a tracker, runs of presence per class split at gaps longer than maxGap', () => {
    const obs = [0, 1, 2, 30, 31].flatMap((f) => [det(f, undefined, [0, 0, 10, 10]), det(f, undefined, [50, 50, 60, 60])]);
    const segs = detectionSegments(obs, { maxGap: 1 });
    expect(segs.map((s) => [s.start, s.end, s.frames])).toEqual([
      [0, 0.2, 3],
      [3, 3.1, 2],
    ]);
  });

  it('minFrames drops flickers', () => {
    expect(detectionSegments([det(0, 1, [0, 0, 1, 1])], { maxGap: 1, minFrames: 2 })).toEqual([]);
  });
});

describe('clusterEmbeddings', () => {
  it('groups similar vectors and keeps apart the ones said to be apart', () => {
    const v = [unit(0, 1), unit(1, 2), unit(0, 2), unit(1, 3)];
    expect(clusterEmbeddings(v, 0.5).map((c) => c.sort())).toEqual([
      [0, 2],
      [1, 3],
    ]);
    // 0 and 2 "seen in the same frame": never one.
    expect(clusterEmbeddings(v, 0.5, (i, j) => i + j === 2).length).toBe(3);
  });
});

describe('faceAppearances', () => {
  const face = (frame: number, trackId: number, emb: Float32Array, match: string | null, sim = 0.7): FaceObservation => ({
    frame,
    time: frame / 4,
    trackId,
    box: [0, 0, 40 + frame, 40 + frame],
    match: match ? { personId: match === 'obama' ? 1 : 2, name: match, similarity: sim } : null,
    embedding: emb,
  });

  it('names a track by majority, merges a name over short gaps, and makes one entry per stranger', () => {
    const obs = [
      // obama: matched in 3 of 4 frames (one dip below τ), then a second visit after a long gap
      face(0, 1, unit(0), 'obama', 0.6),
      face(1, 1, unit(0), null),
      face(2, 1, unit(0), 'obama', 0.8),
      face(3, 1, unit(0), 'obama', 0.7),
      face(20, 5, unit(0), 'obama', 0.65),
      // a stranger in two tracks (lost in between) → one entry
      face(4, 2, unit(3, 4), null),
      face(5, 2, unit(3, 4), null),
      face(10, 3, unit(3, 5), null),
      // another stranger beside the first, same frames → a second entry whatever the embedding
      face(4, 4, unit(3, 4), null),
      face(5, 4, unit(3, 4), null),
    ];
    const people = faceAppearances(obs, { tau: 0.35, maxGap: 1 });
    expect(people.map((p) => [p.name, p.known, p.tracks, p.segments.map((s) => [s.start, s.end])])).toEqual([
      [
        'obama',
        true,
        2,
        [
          [0, 0.75],
          [5, 5],
        ],
      ],
      [
        'unknown 1',
        false,
        2,
        [
          [1, 1.25],
          [2.5, 2.5],
        ],
      ],
      ['unknown 2', false, 1, [[1, 1.25]]],
    ]);
    // The thumbnail of a known segment is its best match; of an unknown one, its largest face.
    expect(people[0]!.segments[0]!.bestSimilarity).toBe(0.8);
    expect(people[0]!.segments[0]!.thumbnail.frame).toBe(2);
    expect(people[1]!.segments[0]!.thumbnail.frame).toBe(5);
  });
});
