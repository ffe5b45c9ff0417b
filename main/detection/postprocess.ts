/**
 * The seed's post-processing: confidence threshold → class filter →
 * non-max suppression per class (or across classes) → boxes mapped back to
 * original-image pixels. Pure; no model needed.
 */
import type { Detection } from '../../preload/contract';
import { VwError } from '../errors';
import { nms } from '../geometry/boxes';
import type { Candidates } from './candidates';
import { boxesToOriginal, type Transform } from '../imaging/model-input';

export interface PostprocessOptions {
  conf: number;
  iou: number;
  maxDet: number;
  agnostic: boolean;
  /** Class ids to keep; undefined keeps all. */
  classes?: ReadonlySet<number>;
}

export const DEFAULT_POSTPROCESS: PostprocessOptions = { conf: 0.25, iou: 0.5, maxDet: 100, agnostic: false };

/**
 * Class names or ids → ids, checked against the model's labels.
 *
 * @example resolveClassFilter(['person', 16], COCO_LABELS) // Set {0, 16}
 * @throws VwError E_BAD_ARGUMENT for an unknown name or an id out of range.
 */
export function resolveClassFilter(classes: readonly (string | number)[] | undefined, labels: readonly string[]): Set<number> | undefined {
  if (!classes || classes.length === 0) return undefined;
  const byName = new Map(labels.map((l, i) => [l.toLowerCase(), i]));
  const out = new Set<number>();
  for (const c of classes) {
    const asNum = typeof c === 'number' ? c : /^\d+$/.test(c.trim()) ? Number(c.trim()) : undefined;
    if (asNum !== undefined) {
      if (!Number.isInteger(asNum) || asNum < 0 || asNum >= labels.length)
        throw new VwError('E_BAD_ARGUMENT', `Class id ${c} is out of range (0–${labels.length - 1}).`);
      out.add(asNum);
      continue;
    }
    const id = byName.get(String(c).trim().toLowerCase());
    if (id === undefined)
      throw new VwError('E_BAD_ARGUMENT', `Unknown class "${c}".`, {
        hint: `Known classes: ${labels.slice(0, 12).join(', ')}${labels.length > 12 ? ', …' : ''}`,
      });
    out.add(id);
  }
  return out;
}

const round = (v: number, k: number): number => Math.round(v * k) / k;

/**
 * Candidates (model-input pixels) → detections in original-image pixels,
 * best first. Boxes are rounded to 1/100 px and scores to 1e-4 so that the
 * JSON the UI and the CLI print stays readable.
 *
 * @example postprocess(decodeCenterNet(data, dims, 0.25), transform, COCO_LABELS, DEFAULT_POSTPROCESS)
 */
export function postprocess(c: Candidates, t: Transform, labels: readonly string[], opts: PostprocessOptions): Detection[] {
  // Keep the candidates that pass the threshold and the class filter.
  const idx: number[] = [];
  for (let i = 0; i < c.count; i++) {
    if (!(c.scores[i]! >= opts.conf)) continue;
    if (opts.classes && !opts.classes.has(c.classes[i]!)) continue;
    idx.push(i);
  }
  const boxes = new Float32Array(idx.length * 4);
  const scores = new Float32Array(idx.length);
  const classes = new Int32Array(idx.length);
  idx.forEach((i, k) => {
    boxes.set(c.boxes.subarray(4 * i, 4 * i + 4), 4 * k);
    scores[k] = c.scores[i]!;
    classes[k] = c.classes[i]!;
  });
  let keep: number[];
  if (c.nmsApplied) {
    keep = Array.from({ length: idx.length }, (_, k) => k)
      .sort((a, b) => scores[b]! - scores[a]! || a - b)
      .slice(0, opts.maxDet);
  } else {
    keep = nms(boxes, scores, classes, { iou: opts.iou, maxDet: opts.maxDet, agnostic: opts.agnostic });
  }
  const kept = new Float64Array(keep.length * 4);
  keep.forEach((k, j) => kept.set(boxes.subarray(4 * k, 4 * k + 4), 4 * j));
  boxesToOriginal(kept, t);
  return keep.map((k, j) => {
    const cls = classes[k]!;
    return {
      box: [round(kept[4 * j]!, 100), round(kept[4 * j + 1]!, 100), round(kept[4 * j + 2]!, 100), round(kept[4 * j + 3]!, 100)],
      classId: cls,
      label: labels[cls] ?? `class${cls}`,
      score: round(scores[k]!, 10000),
    };
  });
}
