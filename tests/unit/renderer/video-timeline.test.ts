/** The Live page's video timeline model: sampled results → one row per class or name, segments split at gaps. */
import { describe, expect, it } from 'vitest';
import type { Detection, RecognizedFace } from '../../../preload/contract';
import { clock, timelineRows } from '../../../renderer/src/pages/live/timeline';

const det = (label: string, score = 0.5): Detection => ({ box: [0, 0, 1, 1], classId: 0, label, score });
const face = (name: string | null, similarity = 0.6): RecognizedFace =>
  ({
    box: [0, 0, 1, 1],
    score: 0.9,
    landmarks: [],
    quality: { ok: true, reasons: [] },
    match: name ? { personId: 1, name, similarity } : null,
    best: null,
    runnerUp: null,
  }) as unknown as RecognizedFace;

describe('timelineRows', () => {
  it('faces first, then objects by first appearance; a gap longer than 1.5 steps splits a segment', () => {
    const samples = [0, 0.5, 1, 1.5, 3, 3.5].map((time) => ({
      time,
      objects: time < 2 ? [det('dog', 0.3 + time / 10), det('dog')] : [det('horse')],
      faces: time === 0.5 || time === 3.5 ? [face('obama', 0.7)] : time === 1 ? [face(null)] : [],
    }));
    const rows = timelineRows(samples, 0.5);
    expect(rows.map((r) => [r.kind, r.name, r.segments.map((s) => [s.start, s.end])])).toEqual([
      [
        'face',
        'obama',
        [
          [0.5, 0.5],
          [3.5, 3.5],
        ],
      ],
      ['face', 'unknown', [[1, 1]]],
      ['object', 'dog', [[0, 1.5]]],
      ['object', 'horse', [[3, 3.5]]],
    ]);
    expect(rows[2]!.segments[0]!.best).toBe(0.5);
    expect(clock(65.5)).toBe('1:05.5');
  });
});
