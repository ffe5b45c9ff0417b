/**
 * Lab and UI-transport benchmark.
 *  - Lab: 3×3 convolution (valid, same, stride 2) and 2×2 max pooling on a
 *    768×576 grayscale picture, and the whole `vw:lab.image` path.
 *  - Live frames: why the renderer sends raw RGBA instead of JPEG — the wire
 *    encode + decode of a raw 512×384 frame against a JPEG encode + decode of
 *    the same frame (sharp here; the browser's canvas.toBlob is of the same order).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { decodeMessage, encodeMessage } from '../preload/wire';
import { convolutionShape, convolvePlane, poolPlane } from '../main/lab/conv';
import { FILTERS } from '../main/lab/filters';
import { labImage, toGray } from '../main/lab/image';
import { decodeImage } from '../main/imaging/decode';
import { crop, makeWeights, runConvolutional, runWindow, slidingArchitectures, WINDOW } from '../main/lab/sliding';

type Row = Record<string, unknown>;
const here = path.dirname(fileURLToPath(import.meta.url));
const DOG = path.join(here, '../tests/fixtures/lab/dog.jpg');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => unknown | Promise<unknown>, runs = 15): Promise<number> {
  await fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  return Math.round(median(ts) * 100) / 100;
}

export async function benchLab(): Promise<Row[]> {
  const bytes = new Uint8Array(fs.readFileSync(DOG));
  const px = await decodeImage(bytes);
  const gray = toGray(px.data, px.width, px.height, px.channels);
  const rows: Row[] = [];
  const size = `${px.width}×${px.height}`;
  const f = FILTERS['sobel-vertical'];
  for (const [name, p, st] of [
    ['conv 3×3 valid', 0, 1],
    ['conv 3×3 same', 1, 1],
    ['conv 3×3 stride 2', 0, 2],
  ] as const) {
    const shape = convolutionShape(gray, f, p, st);
    const ms = await time(() => convolvePlane(gray, f, p, st, shape.rows, shape.cols));
    rows.push({ case: name, input: size, ms, mmacPerS: Math.round((shape.rows * shape.cols * 9) / ms / 1000) });
  }
  rows.push({ case: 'max pool 2×2 s2', input: size, ms: await time(() => poolPlane(gray, 'max', 2, 2)) });
  rows.push({
    case: 'vw:lab.image (decode → gray → conv → 2 PNGs)',
    input: size,
    ms: await time(() => labImage({ image: bytes, filter: FILTERS.vertical, padding: 1, stride: 1 }), 5),
  });

  // Sliding windows (the notes' 14×14×3 net): window by window vs one convolutional pass, same weights and picture.
  const wt = makeWeights(1);
  for (const side of [16, 28, 48]) {
    const x = { h: side, w: side, c: 3, data: Float64Array.from({ length: side * side * 3 }, (_, i) => ((i * 37) % 255) / 255) };
    const n = (side - WINDOW) / 2 + 1;
    const windowed = await time(() => {
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) runWindow(crop(x, 2 * r, 2 * c, WINDOW), wt);
    }, 5);
    const conv = await time(() => runConvolutional(x, wt), 5);
    const { windowNet, convNet } = slidingArchitectures(side);
    const macRatio = (windowNet.report().totals.macs * n * n) / convNet.report().totals.macs;
    rows.push({
      case: `sliding windows ${n}×${n} (window by window / convolutional)`,
      input: `${side}×${side}`,
      ms: `${windowed} / ${conv}`,
      speedup: Math.round((windowed / conv) * 100) / 100,
      macRatio: Math.round(macRatio * 100) / 100,
    });
  }

  // A live frame at the detector's input size.
  const w = 512;
  const h = 384;
  const rgba = new Uint8Array(await sharp(bytes).resize(w, h, { fit: 'fill' }).ensureAlpha().raw().toBuffer());
  const frameMsg = { t: 'req', id: 'r1', ch: 'vw:detection.frame', body: { frame: { width: w, height: h, data: rgba } } };
  const wire = encodeMessage(frameMsg);
  rows.push({
    case: 'live frame raw RGBA: wire encode + decode',
    input: `${w}×${h}`,
    bytes: wire.length,
    ms: await time(() => decodeMessage(encodeMessage(frameMsg)), 30),
  });
  const jpeg = await sharp(rgba, { raw: { width: w, height: h, channels: 4 } })
    .jpeg({ quality: 85 })
    .toBuffer();
  rows.push({
    case: 'live frame JPEG q85: encode + decode to RGBA',
    input: `${w}×${h}`,
    bytes: jpeg.length,
    ms: await time(async () => {
      const j = await sharp(rgba, { raw: { width: w, height: h, channels: 4 } })
        .jpeg({ quality: 85 })
        .toBuffer();
      await sharp(j).ensureAlpha().raw().toBuffer();
    }, 30),
  });
  return rows;
}
