import { describe, expect, it } from 'vitest';
import { decodeCenterNet } from '../../../main/detection/decode.centernet';
import { decodeYoloEndToEnd, decodeYoloV2, decodeYoloV5, decodeYoloV8 } from '../../../main/detection/decode.yolo';
import type { Candidates } from '../../../main/detection/candidates';

const rows = (c: Candidates) =>
  Array.from({ length: c.count }, (_, i) => [
    ...Array.from(c.boxes.subarray(4 * i, 4 * i + 4)).map((v) => Math.round(v * 1000) / 1000),
    Math.round(c.scores[i]! * 1e4) / 1e4,
    c.classes[i],
  ]);

describe('CenterNet decoder', () => {
  it('keeps rows at or above conf, in input pixels, class as given', () => {
    const data = new Float32Array([10, 20, 110, 220, 0.9, 16, 5, 5, 6, 6, 0.1, 0, 300, 40, 200, 90, 0.25, 2]);
    const c = decodeCenterNet(data, [1, 3, 6], 0.25);
    // The third row has x1 > x2: corners are put in order.
    expect(rows(c)).toEqual([
      [10, 20, 110, 220, 0.9, 16],
      [200, 40, 300, 90, 0.25, 2],
    ]);
    expect(c.nmsApplied).toBe(false);
  });
});

describe('YOLOv5 decoder', () => {
  it('scores objectness × best class and converts centre form', () => {
    const nc = 80;
    const data = new Float32Array(3 * (5 + nc));
    // row 0: obj 0.9, class 16 at 0.8 → 0.72
    data.set([100, 50, 40, 20, 0.9], 0);
    data[5 + 16] = 0.8;
    data[5 + 3] = 0.5;
    // row 1: obj 0.2 — dropped before looking at classes
    data.set([10, 10, 4, 4, 0.2], 85);
    data[85 + 5] = 1;
    // row 2: obj 0.5 but class 0.4 → 0.2 < 0.25
    data.set([10, 10, 4, 4, 0.5], 170);
    data[170 + 5] = 0.4;
    expect(rows(decodeYoloV5(data, [1, 3, 85], 0.25))).toEqual([[80, 40, 120, 60, 0.72, 16]]);
  });
});

describe('YOLOv8 decoder', () => {
  it('reads the channel-first layout', () => {
    const nc = 3;
    const n = 4;
    const data = new Float32Array((4 + nc) * n);
    const set = (ch: number, i: number, v: number) => (data[ch * n + i] = v);
    // anchor 2: box centre (64, 32), 16×8, class 1 at 0.6
    set(0, 2, 64);
    set(1, 2, 32);
    set(2, 2, 16);
    set(3, 2, 8);
    set(4 + 1, 2, 0.6);
    set(4 + 0, 2, 0.3);
    // anchor 3: best class 0.2 < conf
    set(4 + 2, 3, 0.2);
    expect(rows(decodeYoloV8(data, [1, 4 + nc, n], 0.25))).toEqual([[56, 28, 72, 36, 0.6, 1]]);
  });
});

describe('end-to-end decoder', () => {
  it('keeps rows above conf and marks NMS as done', () => {
    const c = decodeYoloEndToEnd(new Float32Array([1, 2, 3, 4, 0.8, 5, 0, 0, 0, 0, 0, 0]), [1, 2, 6], 0.25);
    expect(rows(c)).toEqual([[1, 2, 3, 4, 0.8, 5]]);
    expect(c.nmsApplied).toBe(true);
  });
});

describe('YOLOv2 grid + anchors decoder', () => {
  // 2×2 grid, 2 anchors, 3 classes, 64×64 input → stride 32.
  const A = 2,
    nc = 3,
    per = 5 + nc,
    H = 2,
    W = 2;
  const anchors = [1, 1, 2, 3];
  const values = new Map<string, number>();
  // cell (gx=1, gy=0), anchor 1: σ(0)=0.5 offsets, w = e^{ln 2}·2 cells, h = e^0·3 cells.
  const put = (a: number, k: number, v: number) => values.set(`${a},${k},0,1`, v);
  put(1, 0, 0);
  put(1, 1, 0);
  put(1, 2, Math.log(2));
  put(1, 3, 0);
  put(1, 4, 10);
  put(1, 5, 0);
  put(1, 6, 0);
  put(1, 7, Math.log(2)); // softmax → [1/4, 1/4, 1/2]
  const fill = (at: (ch: number, gy: number, gx: number) => number) => {
    const data = new Float32Array(A * per * H * W);
    for (let a = 0; a < A; a++)
      for (let gy = 0; gy < H; gy++)
        for (let gx = 0; gx < W; gx++) {
          data[at(a * per + 4, gy, gx)] = -10; // objectness σ(−10) ≈ 0
          for (let k = 0; k < per; k++) {
            const v = values.get(`${a},${k},${gy},${gx}`);
            if (v !== undefined) data[at(a * per + k, gy, gx)] = v;
          }
        }
    return data;
  };
  const expected = [[48 - 64, 16 - 48, 48 + 64, 16 + 48, Math.round((0.5 / (1 + Math.exp(-10))) * 1e4) / 1e4, 2]];

  it('decodes an NCHW grid', () => {
    const data = fill((ch, gy, gx) => (ch * H + gy) * W + gx);
    const c = decodeYoloV2(data, [1, A * per, H, W], 0.25, { anchors, inputWidth: 64, inputHeight: 64, layout: 'nchw' });
    expect(rows(c)).toEqual(expected);
  });
  it('decodes the same grid laid out NHWC', () => {
    const data = fill((ch, gy, gx) => (gy * W + gx) * A * per + ch);
    const c = decodeYoloV2(data, [1, H, W, A * per], 0.25, { anchors, inputWidth: 64, inputHeight: 64, layout: 'nhwc' });
    expect(rows(c)).toEqual(expected);
  });
  it('takes anchors in pixels when told so', () => {
    const data = fill((ch, gy, gx) => (ch * H + gy) * W + gx);
    const c = decodeYoloV2(data, [1, A * per, H, W], 0.25, {
      anchors: [32, 32, 64, 96],
      anchorUnit: 'pixels',
      inputWidth: 64,
      inputHeight: 64,
      layout: 'nchw',
    });
    expect(rows(c)).toEqual(expected);
  });
});
