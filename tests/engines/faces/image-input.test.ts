/**
 * The image stage in front of the face detector: onnxruntime's resize of the
 * raw uint8 pixels against a float bilinear reference written here, and the
 * detector fed through it against the same detector fed by the reference.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeUltraFace, ultraFacePriors } from '../../../main/faces/models/decode.ultraface';
import { imageFeeds, withImageInput } from '../../../main/faces/models/image-input.graph';
import { ultraFaceHead } from '../../../main/faces/models/ultraface.graph';
import { iou } from '../../../main/geometry/boxes';
import { decodeImage, type Pixels } from '../../../main/imaging/decode';
import { ensureModel } from '../../../main/models/index';
import { makeModel, node, saveModel, valueInfo } from '../../../main/onnx/proto';
import { createSession, type ModelSession } from '../../../main/runtime/index';

/** Reference: stretched bilinear resize, pixel centres at integers, edges clamped, planar (v − mean) / std, all in float64. */
function referenceResize(px: Pixels, outW: number, outH: number, mean: number, std: number): Float32Array {
  const out = new Float32Array(3 * outW * outH);
  const coord = (o: number, inLen: number, outLen: number) => Math.min(Math.max(((o + 0.5) * inLen) / outLen - 0.5, 0), inLen - 1);
  const at = (x: number, y: number, c: number) => px.data[(y * px.width + x) * px.channels + c]!;
  for (let v = 0; v < outH; v++) {
    const y = coord(v, px.height, outH);
    const y0 = Math.floor(y);
    const y1 = Math.min(y0 + 1, px.height - 1);
    for (let u = 0; u < outW; u++) {
      const x = coord(u, px.width, outW);
      const x0 = Math.floor(x);
      const x1 = Math.min(x0 + 1, px.width - 1);
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) + (at(x1, y0, c) - at(x0, y0, c)) * (x - x0);
        const bot = at(x0, y1, c) + (at(x1, y1, c) - at(x0, y1, c)) * (x - x0);
        out[c * outW * outH + v * outW + u] = (top + (bot - top) * (y - y0) - mean) / std;
      }
    }
  }
  return out;
}

function toRgba(px: Pixels): Pixels {
  const data = new Uint8Array(px.width * px.height * 4);
  for (let i = 0; i < px.width * px.height; i++) data.set([px.data[3 * i]!, px.data[3 * i + 1]!, px.data[3 * i + 2]!, 200], 4 * i);
  return { data, width: px.width, height: px.height, channels: 4 };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function meanDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! - b[i]!;
  return s / a.length;
}

let photo: Pixels;
let stage: ModelSession;

beforeAll(async () => {
  photo = await decodeImage(fs.readFileSync('tests/fixtures/faces/probes/two_people.jpg'));
  // The stage alone: a model whose body is Identity, so its output is the stage's.
  const identity = makeModel({
    inputs: [valueInfo('input', 'float32', [1, 3, 'h', 'w'])],
    outputs: [valueInfo('out', 'float32', [1, 3, 'h', 'w'])],
    nodes: [node('Identity', ['input'], ['out'])],
  });
  stage = await createSession(withImageInput(saveModel(identity), { output: 'input', mean: 127, std: 128 }), { label: 'image stage' });
});

describe('image input stage', () => {
  it('at the same size it is the identity, normalized and planar', async () => {
    const px: Pixels = { data: new Uint8Array(4 * 2 * 3).map((_, i) => i * 10), width: 4, height: 2, channels: 3 };
    const out = (await stage.run(imageFeeds(px, 4, 2))).out!;
    expect(out.dims).toEqual([1, 3, 2, 4]);
    // R plane (x = 1, y = 0) is byte 3; G plane (x = 2, y = 1) is byte (1·4 + 2)·3 + 1 = 19.
    // Exact samples are not truncated, so they carry the stage's half-level correction.
    const level = (v: unknown) => Number(v) * 128 + 127;
    expect(level(out.data[1])).toBeCloseTo(30 + 0.5, 4);
    expect(level(out.data[8 + 6])).toBeCloseTo(190 + 0.5, 4);
  });

  it('halving a ramp samples between pixel centres', async () => {
    const w = 8;
    const px: Pixels = { data: new Uint8Array(w * w * 3), width: w, height: w, channels: 3 };
    for (let i = 0; i < w * w; i++) px.data[3 * i] = 10 * (i % w) + 1; // R = 10x + 1: halving gives 10·(2u + 0.5) + 1
    const out = (await stage.run(imageFeeds(px, 4, 4))).out!.data as Float32Array;
    expect(Array.from(out.slice(0, 4), (v) => Number(v) * 128 + 127)).toEqual([6.5, 26.5, 46.5, 66.5]);
  });

  // onnxruntime blends uint8 pixels with fixed-point weights and truncates (error in [−1, 0] levels);
  // the stage adds half a level back, so the error is centred: without that the mean would be −0.47.
  it('a real photo resized to the detector input stays within 0.6 levels of the float reference, unbiased, RGB or RGBA', async () => {
    for (const [w, h] of [
      [320, 240],
      [288, 264],
      [640, 480],
    ] as const) {
      const ref = referenceResize(photo, w, h, 127, 128);
      const rgb = (await stage.run(imageFeeds(photo, w, h))).out!.data as Float32Array;
      expect(maxAbsDiff(rgb, ref) * 128).toBeLessThanOrEqual(0.6);
      expect(Math.abs(meanDiff(rgb, ref) * 128)).toBeLessThan(0.05);
      const rgba = (await stage.run(imageFeeds(toRgba(photo), w, h))).out!.data as Float32Array;
      expect(maxAbsDiff(rgba, rgb)).toBe(0);
    }
  });

  it('the detector behind the stage finds the same faces as the bare head fed by the reference', async () => {
    const headBytes = ultraFaceHead(new Uint8Array(fs.readFileSync(await ensureModel('fr_detect')))).bytes;
    const bare = await createSession(headBytes, { label: 'fr_detect head' });
    const fused = await createSession(withImageInput(headBytes, { output: 'input', mean: 127, std: 128 }), { label: 'fr_detect' });
    const [w, h] = [320, 240];
    const priors = ultraFacePriors(w, h);
    const decode = (o: Record<string, { data: unknown }>) =>
      decodeUltraFace(o.scores!.data as Float32Array, o.loc!.data as Float32Array, priors, {
        width: photo.width,
        height: photo.height,
        conf: 0.8,
      });
    const a = decode(await bare.run({ input: { data: referenceResize(photo, w, h, 127, 128), dims: [1, 3, h, w] } }));
    const b = decode(await fused.run(imageFeeds(photo, w, h)));
    expect(a).toHaveLength(2);
    expect(b).toHaveLength(2);
    for (const f of a) {
      const g = b.reduce((best, x) => (iou(x.box, f.box) > iou(best.box, f.box) ? x : best));
      expect(iou(g.box, f.box)).toBeGreaterThan(0.97);
      expect(Math.abs(g.score - f.score)).toBeLessThan(0.01);
    }
    await bare.release();
    await fused.release();
  });
});
