/**
 * Sliding windows and their convolutional implementation (Sermanet et al.
 * 2014, "OverFeat"), with the notes' small network: 14×14×3 → CONV 5×5, 16 →
 * MAX POOL 2×2 → FC 400 → FC 400 → softmax 4. Turning the FC layers into
 * convolutions (5×5×16 filters ×400, then 1×1 ×400, 1×1 ×4) lets one pass over
 * a larger image compute every 14×14 window at stride 2 at once, sharing the
 * overlapping work. Both are run here on the same picture and compared.
 *
 * The weights are seeded random numbers: the equality holds for any weights,
 * and the lesson is about computation, not about what the net recognises.
 */
import type { LabSlidingRequest, LabSlidingResult } from '../../preload/contract';
import { VwError } from '../errors';
import { decodeImage } from '../imaging/decode';
import { toInputTensor } from '../imaging/model-input';
import { gaussian, mulberry32 } from '../style/rng';
import { ArchBuilder } from './arch';

/** An activation, channels last. */
export interface T3 {
  h: number;
  w: number;
  c: number;
  data: Float64Array;
}

export const WINDOW = 14;
const CLASSES = 4;

/** Valid convolution, stride 1; weights laid out [f, f, cin, cout] (so a dense layer's [in, out] matrix is the same array). */
function conv(x: T3, wt: Float64Array, b: Float64Array, f: number, cout: number, relu: boolean): T3 {
  const h = x.h - f + 1;
  const w = x.w - f + 1;
  const out = new Float64Array(h * w * cout);
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++) {
      const o = (r * w + c) * cout;
      for (let k = 0; k < cout; k++) out[o + k] = b[k]!;
      for (let i = 0; i < f; i++)
        for (let j = 0; j < f; j++)
          for (let ci = 0; ci < x.c; ci++) {
            const v = x.data[((r + i) * x.w + (c + j)) * x.c + ci]!;
            if (v === 0) continue;
            const wrow = ((i * f + j) * x.c + ci) * cout;
            for (let k = 0; k < cout; k++) out[o + k]! += v * wt[wrow + k]!;
          }
      if (relu) for (let k = 0; k < cout; k++) out[o + k] = Math.max(0, out[o + k]!);
    }
  return { h, w, c: cout, data: out };
}

/** Dense layer on the flattened (row, column, channel) activation. */
function dense(x: Float64Array, wt: Float64Array, b: Float64Array, out: number, relu: boolean): Float64Array {
  const y = Float64Array.from(b);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v === 0) continue;
    for (let k = 0; k < out; k++) y[k]! += v * wt[i * out + k]!;
  }
  if (relu) for (let k = 0; k < out; k++) y[k] = Math.max(0, y[k]!);
  return y;
}

function maxPool2(x: T3): T3 {
  const h = Math.floor(x.h / 2);
  const w = Math.floor(x.w / 2);
  const out = new Float64Array(h * w * x.c);
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++)
      for (let k = 0; k < x.c; k++) {
        let m = -Infinity;
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) m = Math.max(m, x.data[((2 * r + i) * x.w + 2 * c + j) * x.c + k]!);
        out[(r * w + c) * x.c + k] = m;
      }
  return { h, w, c: x.c, data: out };
}

function softmax(v: Float64Array): number[] {
  const m = Math.max(...v);
  const e = Array.from(v, (x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

interface Weights {
  w1: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: Float64Array;
  w3: Float64Array;
  b3: Float64Array;
  w4: Float64Array;
  b4: Float64Array;
}

/** He-initialised weights from a seed. */
export function makeWeights(seed: number): Weights {
  const g = gaussian(mulberry32(seed));
  const init = (n: number, fanIn: number) => Float64Array.from({ length: n }, () => g() * Math.sqrt(2 / fanIn));
  return {
    w1: init(5 * 5 * 3 * 16, 75),
    b1: init(16, 75),
    w2: init(400 * 400, 400),
    b2: init(400, 400),
    w3: init(400 * 400, 400),
    b3: init(400, 400),
    w4: init(400 * CLASSES, 400),
    b4: init(CLASSES, 400),
  };
}

/** The FC network on one 14×14×3 window → 4 class probabilities. */
export function runWindow(x: T3, wt: Weights): number[] {
  const p = maxPool2(conv(x, wt.w1, wt.b1, 5, 16, true));
  const a = dense(p.data, wt.w2, wt.b2, 400, true);
  const b = dense(a, wt.w3, wt.b3, 400, true);
  return softmax(dense(b, wt.w4, wt.b4, CLASSES, false));
}

/** The same network with its FC layers as convolutions, on the whole image → an (n × n × 4) grid of probabilities. */
export function runConvolutional(x: T3, wt: Weights): { rows: number; cols: number; probs: number[][] } {
  const p = maxPool2(conv(x, wt.w1, wt.b1, 5, 16, true));
  // The FC layers' [in, out] matrices read as 5×5×16×400, 1×1×400×400 and 1×1×400×4 filters: no copy.
  const a = conv(p, wt.w2, wt.b2, 5, 400, true);
  const b = conv(a, wt.w3, wt.b3, 1, 400, true);
  const y = conv(b, wt.w4, wt.b4, 1, CLASSES, false);
  const probs: number[][] = [];
  for (let i = 0; i < y.h * y.w; i++) probs.push(softmax(y.data.subarray(i * CLASSES, (i + 1) * CLASSES)));
  return { rows: y.h, cols: y.w, probs };
}

/** The size×size window at (top, left). */
export function crop(x: T3, top: number, left: number, size: number): T3 {
  const out = new Float64Array(size * size * x.c);
  for (let r = 0; r < size; r++)
    out.set(x.data.subarray(((top + r) * x.w + left) * x.c, ((top + r) * x.w + left + size) * x.c), r * size * x.c);
  return { h: size, w: size, c: x.c, data: out };
}

/** Layer tables of the two forms, for their MACs. */
export function slidingArchitectures(side: number): { windowNet: ArchBuilder; convNet: ArchBuilder } {
  const a = new ArchBuilder('FC form (one 14×14 window)');
  let x = a.input([WINDOW, WINDOW, 3]);
  x = a.conv(x, 16, { f: 5, name: 'CONV 5×5' });
  x = a.pool(x, 'max', 2, 2, 'valid', 'MAX POOL');
  x = a.fc(x, 400, { name: 'FC 400' });
  x = a.fc(x, 400, { name: 'FC 400 ' });
  a.fc(x, CLASSES, { name: 'softmax 4', softmax: true });
  const b = new ArchBuilder(`Convolutional form (${side}×${side})`);
  let y = b.input([side, side, 3]);
  y = b.conv(y, 16, { f: 5, name: 'CONV 5×5' });
  y = b.pool(y, 'max', 2, 2, 'valid', 'MAX POOL');
  y = b.conv(y, 400, { f: 5, name: 'FC→CONV 5×5' });
  y = b.conv(y, 400, { f: 1, name: 'FC→CONV 1×1' });
  b.conv(y, CLASSES, { f: 1, name: 'FC→CONV 1×1 (softmax)' });
  return { windowNet: a, convNet: b };
}

/**
 * Run both forms on one picture scaled to side×side.
 *
 * @example
 *   const r = await slidingWindows({ image: jpeg, side: 16 });
 *   r.windows; // { rows: 2, cols: 2 }; r.maxAbsDiff < 1e-12
 */
export async function slidingWindows(req: LabSlidingRequest): Promise<LabSlidingResult> {
  const side = req.side ?? 28;
  if (!(Number.isInteger(side) && side >= WINDOW && side <= 48 && (side - WINDOW) % 2 === 0))
    throw new VwError('E_BAD_ARGUMENT', `The image side must be an even number from ${WINDOW} to 48; got ${side}.`, {
      hint: 'Windows move by the pool stride, 2, so (side − 14) must be even.',
    });
  const img = await decodeImage(req.image, { channels: 3 });
  const { tensor } = toInputTensor(img, { width: side, height: side, layout: 'nhwc', scale: 1 / 255, resize: 'stretch' });
  const x: T3 = { h: side, w: side, c: 3, data: Float64Array.from(tensor) };
  const wt = makeWeights(req.seed ?? 1);
  const n = (side - WINDOW) / 2 + 1;
  const windowed: number[][] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) windowed.push(runWindow(crop(x, 2 * r, 2 * c, WINDOW), wt));
  const convolutional = runConvolutional(x, wt);
  let maxAbsDiff = 0;
  windowed.forEach((p, i) => p.forEach((v, k) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - convolutional.probs[i]![k]!)))));
  const { windowNet, convNet } = slidingArchitectures(side);
  const perWindow = windowNet.report().totals.macs;
  const conv = convNet.report().totals.macs;
  return {
    side,
    window: WINDOW,
    stride: 2,
    windows: { rows: n, cols: n },
    windowed,
    convolutional: convolutional.probs,
    maxAbsDiff,
    macs: { perWindow, windowed: perWindow * n * n, convolutional: conv, ratio: (perWindow * n * n) / conv },
    windowNet: windowNet.report(),
    convNet: convNet.report(),
  };
}
