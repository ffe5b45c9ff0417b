/**
 * BlazeFace post-processing without the model: anchors, decoding of a hand-made
 * regressor vector, weighted NMS, the letterbox inverse and the box conversion.
 */
import { describe, expect, it } from 'vitest';
import { makeTransform, toModel } from '../../../main/imaging/model-input';
import {
  BLAZEFACE_BACK,
  BLAZEFACE_FRONT,
  BLAZEFACE_REGRESSORS,
  blazeFaceAnchors,
  blazeFaceScore,
  decodeBlazeFace,
  toOriginalPixels,
  toUltraFaceBox,
  weightedNms,
  type BlazeFaceCandidate,
} from '../../../main/faces/models/decode.blazeface';

const anchor = (a: Float32Array, i: number) => [a[2 * i]!, a[2 * i + 1]!];

describe('blazeFaceAnchors', () => {
  it('front: 16×16×2 then 8×8×6 = 896 centres, row-major, anchors of a cell together', () => {
    const a = blazeFaceAnchors(BLAZEFACE_FRONT);
    expect(a.length / 2).toBe(896);
    expect(anchor(a, 0)).toEqual([0.5 / 16, 0.5 / 16]);
    expect(anchor(a, 1)).toEqual([0.5 / 16, 0.5 / 16]);
    // Third anchor: next cell along x (x varies fastest).
    expect(anchor(a, 2)).toEqual([1.5 / 16, 0.5 / 16]);
    // Row 1 starts at index 16 cells × 2 anchors.
    expect(anchor(a, 32)).toEqual([0.5 / 16, 1.5 / 16]);
    expect(anchor(a, 511)).toEqual([15.5 / 16, 15.5 / 16]);
    // The stride-16 head: its first six anchors share the first 8×8 cell.
    for (let i = 512; i < 518; i++) expect(anchor(a, i)).toEqual([0.5 / 8, 0.5 / 8]);
    expect(anchor(a, 518)).toEqual([1.5 / 8, 0.5 / 8]);
    expect(anchor(a, 895)).toEqual([7.5 / 8, 7.5 / 8]);
  });

  it('back: the same normalized centres on a 256 input with strides 16 and 32', () => {
    const back = blazeFaceAnchors(BLAZEFACE_BACK);
    expect(Array.from(back)).toEqual(Array.from(blazeFaceAnchors(BLAZEFACE_FRONT)));
  });
});

describe('decodeBlazeFace', () => {
  const anchors = blazeFaceAnchors(BLAZEFACE_FRONT);
  const heads = () => ({
    h0: { logits: new Float32Array(512).fill(-10), regressors: new Float32Array(512 * BLAZEFACE_REGRESSORS) },
    h1: { logits: new Float32Array(384).fill(-10), regressors: new Float32Array(384 * BLAZEFACE_REGRESSORS) },
  });

  it('decodes one anchor of each head from hand-made regressors (input pixels, relative to the anchor)', () => {
    const { h0, h1 } = heads();
    // Anchor 34 of head 0: cell (1, 1) → centre (1.5/16, 1.5/16) = (12, 12) input px.
    h0.logits[34] = 2;
    h0.regressors.set([8, -4, 32, 24, -6, -2, 6, -2, 0, 3, 0, 8, -14, 0, 14, 0], 34 * BLAZEFACE_REGRESSORS);
    // Anchor 0 of head 1 (overall 512): centre (0.5/8, 0.5/8) = (8, 8) input px.
    h1.logits[0] = 1000; // clipped to 100 before the sigmoid
    h1.regressors.set([0, 0, 16, 16], 0);
    const out = decodeBlazeFace([h0, h1], anchors, 128, 0.5);
    expect(out).toHaveLength(2);
    const [a, b] = out as [BlazeFaceCandidate, BlazeFaceCandidate];
    expect(a.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    // Centre (12 + 8, 12 − 4) = (20, 8), size 32 × 24.
    const px = (v: number[]) => v.map((x) => x * 128);
    px(a.box).forEach((v, i) => expect(v).toBeCloseTo([4, -4, 36, 20][i]!, 4));
    px(a.keypoints).forEach((v, i) => expect(v).toBeCloseTo([6, 10, 18, 10, 12, 15, 12, 20, -2, 12, 26, 12][i]!, 4));
    expect(b.score).toBe(blazeFaceScore(100));
    expect(b.score).toBeLessThanOrEqual(1);
    px(b.box).forEach((v, i) => expect(v).toBeCloseTo([0, 0, 16, 16][i]!, 4));
  });

  it('keeps exactly the anchors at or above minScore', () => {
    const { h0, h1 } = heads();
    h0.logits[0] = Math.log(0.6 / 0.4) + 1e-4; // p just above 0.6
    h0.logits[1] = Math.log(0.6 / 0.4) - 1e-3; // just below
    h1.logits[383] = 0; // p = 0.5
    expect(decodeBlazeFace([h0, h1], anchors, 128, 0.6)).toHaveLength(1);
    expect(decodeBlazeFace([h0, h1], anchors, 128, 0.5)).toHaveLength(3);
  });

  it('rejects outputs that do not match the anchors', () => {
    const { h0 } = heads();
    expect(() => decodeBlazeFace([h0], anchors, 128, 0.5)).toThrow(RangeError);
    const bad = { logits: new Float32Array(384), regressors: new Float32Array(384 * 4) };
    expect(() => decodeBlazeFace([h0, bad], anchors, 128, 0.5)).toThrow(RangeError);
  });
});

describe('weightedNms', () => {
  const cand = (box: [number, number, number, number], score: number, kp = 0): BlazeFaceCandidate => ({
    box,
    score,
    keypoints: Array.from({ length: 12 }, () => kp),
  });

  it('blends a group by score, keeps the best score, and leaves separate faces alone', () => {
    const out = weightedNms(
      [cand([0.1, 0.1, 0.3, 0.3], 0.6, 1), cand([0.5, 0.5, 0.7, 0.7], 0.7), cand([0.12, 0.1, 0.32, 0.3], 0.9, 2)],
      0.3,
    );
    expect(out).toHaveLength(2);
    const [a, b] = out as [BlazeFaceCandidate, BlazeFaceCandidate];
    expect(a.score).toBe(0.9);
    // (0.12·0.9 + 0.1·0.6) / 1.5 = 0.112
    a.box.forEach((v, i) => expect(v).toBeCloseTo([0.112, 0.1, 0.312, 0.3][i]!, 9));
    a.keypoints.forEach((v) => expect(v).toBeCloseTo((2 * 0.9 + 1 * 0.6) / 1.5, 9));
    expect(b).toEqual(cand([0.5, 0.5, 0.7, 0.7], 0.7));
  });

  it('merges only above the IoU threshold', () => {
    // IoU of these two is exactly 1/3.
    const pair = [cand([0, 0, 2, 1], 0.9), cand([1, 0, 3, 1], 0.8)];
    expect(weightedNms(pair, 1 / 3)).toHaveLength(2);
    expect(weightedNms(pair, 0.3)).toHaveLength(1);
    expect(weightedNms([], 0.3)).toEqual([]);
  });
});

describe('toOriginalPixels', () => {
  it('undoes the letterbox of a wide image (padding above and below)', () => {
    const t = makeTransform(1280, 720, 128, 128, 'letterbox');
    expect(t.padY).toBe(28);
    expect(t.padX).toBe(0);
    // A face at (640, 360)–(768, 488) in the image, written in the input's normalized coordinates.
    const [x1, y1] = toModel(640, 360, t).map((v) => v / 128) as [number, number];
    const [x2, y2] = toModel(768, 488, t).map((v) => v / 128) as [number, number];
    const c: BlazeFaceCandidate = { box: [x1, y1, x2, y2], score: 0.9, keypoints: [x1, y1, x2, y2, 0.5, 0.5, 0, 0, 1, 1, 0, 0] };
    const d = toOriginalPixels(c, t, 128);
    d.box.forEach((v, i) => expect(v).toBeCloseTo([640, 360, 768, 488][i]!, 6));
    expect(d.keypoints[0]![0]).toBeCloseTo(640, 6);
    expect(d.keypoints[1]![1]).toBeCloseTo(488, 6);
    // The input's centre is the image's centre; its corners lie outside the image (padding).
    expect(d.keypoints[2]![0]).toBeCloseTo(640, 6);
    expect(d.keypoints[2]![1]).toBeCloseTo(360, 6);
    expect(d.keypoints[3]![1]).toBeCloseTo(-280, 6);
  });

  it('undoes the letterbox of a tall image (padding left and right)', () => {
    const t = makeTransform(300, 600, 128, 128, 'letterbox');
    expect(t.padX).toBe(32);
    const c: BlazeFaceCandidate = { box: [32 / 128, 0, 96 / 128, 1], score: 1, keypoints: [] };
    toOriginalPixels(c, t, 128).box.forEach((v, i) => expect(v).toBeCloseTo([0, 0, 300, 600][i]!, 6));
  });
});

describe('toUltraFaceBox', () => {
  it('shifts and scales relative to the box size, then clips to the image', () => {
    expect(toUltraFaceBox([100, 100, 200, 200], { dx: 0, dy: -0.1, sw: 0.9, sh: 1.2 }, 640, 480)).toEqual([105, 80, 195, 200]);
    expect(toUltraFaceBox([10, 10, 110, 60], { dx: -0.2, dy: 0, sw: 1, sh: 2 }, 640, 480)).toEqual([0, 0, 90, 85]);
  });
});
