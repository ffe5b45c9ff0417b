/**
 * The video timeline's model: sampled results (objects and faces at known
 * times) folded into rows of segments, one row per class or person. Faces
 * that match nobody share one "unknown" row here: the renderer sees names,
 * not embeddings (the CLI's `vws faces recognize clip.mp4` clusters strangers).
 */
import type { Detection, RecognizedFace } from '../../../../preload/contract';

export interface Sample {
  time: number;
  objects: readonly Detection[];
  faces: readonly RecognizedFace[];
}

export interface Segment {
  start: number;
  end: number;
  /** Best score (objects) or similarity (faces) in the segment. */
  best: number;
}

export interface TimelineRow {
  kind: 'object' | 'face';
  name: string;
  segments: Segment[];
}

/**
 * @example rows([{ time: 0, objects: [dog], faces: [] }, { time: 0.5, objects: [dog], faces: [] }], 0.5) // [{ kind: 'object', name: 'dog', segments: [{ start: 0, end: 0.5, … }] }]
 */
export function timelineRows(samples: readonly Sample[], step: number): TimelineRow[] {
  const maxGap = step * 1.5;
  const rows = new Map<string, TimelineRow>();
  const add = (kind: TimelineRow['kind'], name: string, time: number, score: number) => {
    const key = `${kind}:${name}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { kind, name, segments: [] }));
    const last = row.segments[row.segments.length - 1];
    if (last && time - last.end <= maxGap) {
      last.end = time;
      last.best = Math.max(last.best, score);
    } else if (!last || last.end !== time) row.segments.push({ start: time, end: time, best: score });
    else last.best = Math.max(last.best, score);
  };
  for (const s of [...samples].sort((a, b) => a.time - b.time)) {
    for (const d of s.objects) add('object', d.label, s.time, d.score);
    for (const f of s.faces) add('face', f.match?.name ?? 'unknown', s.time, f.match?.similarity ?? 0);
  }
  return [...rows.values()].sort((a, b) =>
    a.kind !== b.kind ? (a.kind === 'face' ? -1 : 1) : a.segments[0]!.start - b.segments[0]!.start || a.name.localeCompare(b.name),
  );
}

/** "1:05.5" */
export function clock(s: number): string {
  return `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, '0')}`;
}
