/**
 * COCO-style detection evaluation, written from the definition used by the
 * COCO benchmark (Lin et al., "Microsoft COCO: Common Objects in Context",
 * 2014, and the evaluation description at cocodataset.org/#detection-eval):
 *
 * - per class and per image, detections are taken best score first (at most
 *   `maxDets` per image and class) and each is matched greedily to the
 *   unmatched ground-truth box of that class with the highest IoU ≥ t;
 * - a crowd region ("iscrowd") may match any number of detections, its IoU is
 *   intersection / area(detection), and a detection matched to it (or to a
 *   box marked `ignore`) counts neither as a true nor as a false positive;
 *   ground truth is tried non-ignored first, so a real box wins over a crowd;
 * - per class, over all images, detections sorted by score give a
 *   precision/recall curve; precision is made monotone (the running maximum
 *   from the right) and read at the 101 recall points 0, 0.01, …, 1 (the
 *   first detection reaching that recall; 0 where the recall is never
 *   reached); AP is their mean; classes without any non-ignored ground truth
 *   are left out of the mean;
 * - mAP@0.5 uses t = 0.5; mAP@0.5:0.95 averages t = 0.50, 0.55, …, 0.95.
 *
 * Pure: boxes in, numbers out. Boxes are [x1, y1, x2, y2] in pixels; areas
 * are w·h (no +1), as in COCO.
 */

export type Box = readonly [number, number, number, number];

export interface GroundTruth {
  imageId: string | number;
  /** Class name (matching between the dataset and a model is by name). */
  category: string;
  box: Box;
  /** COCO "iscrowd": a region that may hold many objects; matched by intersection / detection area. */
  crowd?: boolean;
  /** Matched normally, but counted neither as a hit nor as a miss (e.g. a box too uncertain to require). */
  ignore?: boolean;
}

export interface Prediction {
  imageId: string | number;
  category: string;
  box: Box;
  score: number;
}

export interface EvalOptions {
  /** Detections per image and class that count (COCO: 100). */
  maxDets?: number;
  /** Confidence at which precision and recall are reported (IoU 0.5). Default 0.25. */
  prConf?: number;
}

export interface ClassReport {
  category: string;
  /** Ground-truth boxes that count (not crowd, not ignored). */
  gt: number;
  /** Detections evaluated (after the per-image cap). */
  dets: number;
  /** AP at IoU 0.5. */
  ap50: number;
  ap75: number;
  /** AP averaged over IoU 0.50:0.05:0.95. */
  ap: number;
  /** At score ≥ prConf and IoU 0.5. */
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface EvalReport {
  /** mAP@0.5 over the classes that have ground truth. */
  map50: number;
  map75: number;
  /** mAP@0.5:0.95 */
  map: number;
  prConf: number;
  /** Summed over classes, at score ≥ prConf and IoU 0.5. */
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  classes: ClassReport[];
  images: number;
  iouThresholds: number[];
}

/** 0.50, 0.55, …, 0.95 */
export const IOU_THRESHOLDS: readonly number[] = Array.from({ length: 10 }, (_, i) => Math.round((0.5 + 0.05 * i) * 100) / 100);
/** 0, 0.01, …, 1 */
export const RECALL_POINTS: readonly number[] = Array.from({ length: 101 }, (_, i) => i / 100);

const area = (b: Box) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

/**
 * IoU of a detection with a ground-truth box; for a crowd region the
 * denominator is the detection's own area.
 *
 * @example boxIou([0, 0, 10, 10], [5, 0, 15, 10], false) // 1/3
 */
export function boxIou(dt: Box, gt: Box, crowd: boolean): number {
  const iw = Math.min(dt[2], gt[2]) - Math.max(dt[0], gt[0]);
  const ih = Math.min(dt[3], gt[3]) - Math.max(dt[1], gt[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = crowd ? area(dt) : area(dt) + area(gt) - inter;
  return union > 0 ? inter / union : 0;
}

/** Per detection, per IoU threshold: 1 = true positive, 0 = false positive, -1 = ignored. */
interface Scored {
  score: number;
  outcome: Int8Array;
}

/** Match one image's detections of one class to its ground truth, at every threshold. */
function matchImage(gts: readonly GroundTruth[], dts: readonly Prediction[], thresholds: readonly number[]): Scored[] {
  // Non-ignored ground truth first, so that a detection prefers a real box over a crowd region.
  const g = [...gts].sort((a, b) => Number(Boolean(a.crowd || a.ignore)) - Number(Boolean(b.crowd || b.ignore)));
  const ign = g.map((x) => Boolean(x.crowd || x.ignore));
  const ious = dts.map((d) => g.map((x) => boxIou(d.box, x.box, Boolean(x.crowd))));
  const out = dts.map((d) => ({ score: d.score, outcome: new Int8Array(thresholds.length) }));
  thresholds.forEach((t, ti) => {
    const taken = new Uint8Array(g.length);
    dts.forEach((_, di) => {
      let best = Math.min(t, 1 - 1e-10);
      let m = -1;
      for (let gi = 0; gi < g.length; gi++) {
        if (taken[gi] && !g[gi]!.crowd) continue; // a crowd region can take many detections
        if (m > -1 && !ign[m] && ign[gi]) break; // already on a real box; the rest are ignored ones
        if (ious[di]![gi]! < best) continue;
        best = ious[di]![gi]!;
        m = gi;
      }
      if (m === -1) return; // stays 0: a false positive
      taken[m] = 1;
      out[di]!.outcome[ti] = ign[m] ? -1 : 1;
    });
  });
  return out;
}

/** AP of one precision/recall curve with 101-point interpolation. */
function averagePrecision(tp: Float64Array, fp: Float64Array, npig: number): number {
  const n = tp.length;
  const rc = new Float64Array(n);
  const pr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rc[i] = tp[i]! / npig;
    pr[i] = tp[i]! / (tp[i]! + fp[i]!); // every point holds at least one detection
  }
  for (let i = n - 1; i > 0; i--) if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
  let sum = 0;
  let j = 0;
  for (const r of RECALL_POINTS) {
    while (j < n && rc[j]! < r) j++; // first point whose recall reaches r
    if (j >= n) break; // never reached: precision 0 from here on
    sum += pr[j]!;
  }
  return sum / RECALL_POINTS.length;
}

/**
 * Evaluate detections against ground truth: AP per class at IoU 0.5, 0.75
 * and 0.5:0.95, their means over classes, and precision/recall at `prConf`.
 *
 * @example
 *   const r = evaluateDetections(
 *     [{ imageId: 1, category: 'dog', box: [10, 10, 50, 50] }],
 *     [{ imageId: 1, category: 'dog', box: [10, 10, 50, 50], score: 0.9 }],
 *   );
 *   r.map50; // 1
 */
export function evaluateDetections(gts: readonly GroundTruth[], preds: readonly Prediction[], opts: EvalOptions = {}): EvalReport {
  const maxDets = opts.maxDets ?? 100;
  const prConf = opts.prConf ?? 0.25;
  const thresholds = IOU_THRESHOLDS;
  const t75 = thresholds.indexOf(0.75);
  // Images in first-seen order (ground truth first): ties in score are broken by it, then by detection order.
  const imageOrder = new Map<string | number, number>();
  for (const x of [...gts, ...preds]) if (!imageOrder.has(x.imageId)) imageOrder.set(x.imageId, imageOrder.size);
  const categories = [...new Set(gts.map((g) => g.category))];
  const key = (img: string | number, cat: string) => `${imageOrder.get(img)}\u0000${cat}`;
  const gtBy = new Map<string, GroundTruth[]>();
  for (const g of gts)
    (gtBy.get(key(g.imageId, g.category)) ?? gtBy.set(key(g.imageId, g.category), []).get(key(g.imageId, g.category))!).push(g);
  const dtBy = new Map<string, Prediction[]>();
  for (const d of preds) {
    if (!Number.isFinite(d.score)) continue;
    const k = key(d.imageId, d.category);
    (dtBy.get(k) ?? dtBy.set(k, []).get(k)!).push(d);
  }
  const classes: ClassReport[] = [];
  for (const cat of categories) {
    const scored: Scored[] = [];
    let npig = 0;
    for (const img of imageOrder.keys()) {
      const g = gtBy.get(key(img, cat)) ?? [];
      npig += g.filter((x) => !x.crowd && !x.ignore).length;
      // Stable sort: equal scores keep their order.
      const d = (dtBy.get(key(img, cat)) ?? [])
        .map((x, i) => [x, i] as const)
        .sort((a, b) => b[0].score - a[0].score || a[1] - b[1])
        .slice(0, maxDets)
        .map(([x]) => x);
      if (d.length) scored.push(...matchImage(g, d, thresholds));
    }
    if (npig === 0) continue; // only crowd/ignored boxes: no AP, as in COCO
    const order = scored.map((s, i) => [s, i] as const).sort((a, b) => b[0].score - a[0].score || a[1] - b[1]);
    const aps = thresholds.map((_, ti) => {
      const kept = order.filter(([s]) => s.outcome[ti] !== -1);
      const tp = new Float64Array(kept.length);
      const fp = new Float64Array(kept.length);
      let ctp = 0;
      let cfp = 0;
      kept.forEach(([s], i) => {
        if (s.outcome[ti] === 1) ctp++;
        else cfp++;
        tp[i] = ctp;
        fp[i] = cfp;
      });
      return averagePrecision(tp, fp, npig);
    });
    let tp = 0;
    let fp = 0;
    for (const s of scored) {
      if (!(s.score >= prConf)) continue;
      if (s.outcome[0] === 1) tp++;
      else if (s.outcome[0] === 0) fp++;
    }
    classes.push({
      category: cat,
      gt: npig,
      dets: scored.length,
      ap50: aps[0]!,
      ap75: aps[t75]!,
      ap: mean(aps),
      tp,
      fp,
      fn: npig - tp,
      precision: tp + fp ? tp / (tp + fp) : 0,
      recall: tp / npig,
    });
  }
  const sum = (f: (c: ClassReport) => number) => classes.reduce((s, c) => s + f(c), 0);
  const tp = sum((c) => c.tp);
  const fp = sum((c) => c.fp);
  const fn = sum((c) => c.fn);
  return {
    map50: mean(classes.map((c) => c.ap50)),
    map75: mean(classes.map((c) => c.ap75)),
    map: mean(classes.map((c) => c.ap)),
    prConf,
    tp,
    fp,
    fn,
    precision: tp + fp ? tp / (tp + fp) : 0,
    recall: tp + fn ? tp / (tp + fn) : 0,
    classes,
    images: imageOrder.size,
    iouThresholds: [...thresholds],
  };
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
