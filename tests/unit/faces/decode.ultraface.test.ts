import { describe, expect, it } from 'vitest';
import { decodeBoxes, decodeUltraFace, ultraFacePriors } from '../../../main/faces/models/decode.ultraface';

describe('ultraFacePriors', () => {
  it('gives the 4420 priors of the 320×240 export, head by head', () => {
    const p = ultraFacePriors(320, 240);
    // 40×30×3 + 20×15×2 + 10×8×2 + 5×4×3
    expect(p.length / 4).toBe(4420);
    // First prior: cell (0,0) of the stride-8 head, 10 px anchor.
    expect(Array.from(p.slice(0, 4))).toEqual([0.5 / 40, 0.5 / 30, 10 / 320, 10 / 240].map(Math.fround));
    // Third anchor of the first cell is 24 px; the fourth prior is the next cell to the right.
    expect(p[4 * 2 + 2]).toBeCloseTo(24 / 320, 7);
    expect(p[4 * 3]).toBeCloseTo(1.5 / 40, 7);
    // The stride-32 head on 240 rows has ceil(7.5) = 8 rows: centres divide by 8, not 7.5.
    const head3 = 3600 + 600;
    expect(p[4 * head3 + 1]).toBeCloseTo(0.5 / 8, 7);
    // Last prior: bottom-right cell of the stride-64 head, 256 px anchor clipped to 1 in height.
    expect(Array.from(p.slice(-4)).map((v) => +v.toFixed(5))).toEqual([0.9, 0.875, 0.8, 1]);
  });

  it('scales with the input size', () => {
    expect(ultraFacePriors(640, 480).length / 4).toBe(80 * 60 * 3 + 40 * 30 * 2 + 20 * 15 * 2 + 10 * 8 * 3);
    expect(ultraFacePriors(500, 300).length / 4).toBe(63 * 38 * 3 + 32 * 19 * 2 + 16 * 10 * 2 + 8 * 5 * 3);
  });
});

describe('decodeBoxes', () => {
  it('applies the SSD variances 0.1 / 0.2', () => {
    const prior = [0.5, 0.5, 0.2, 0.1];
    // cx += 1·0.1·0.2, cy += −2·0.1·0.1, w = 0.2·e^(0.2·ln2/0.2)=0.4, h = 0.1
    const loc = [1, -2, Math.log(2) / 0.2, 0];
    const b = decodeBoxes(loc, prior);
    expect(b[0]).toBeCloseTo(0.52 - 0.2, 6);
    expect(b[1]).toBeCloseTo(0.48 - 0.05, 6);
    expect(b[2]).toBeCloseTo(0.52 + 0.2, 6);
    expect(b[3]).toBeCloseTo(0.48 + 0.05, 6);
  });
});

describe('decodeUltraFace', () => {
  it('filters by score, suppresses duplicates and maps to original pixels', () => {
    const priors = [0.5, 0.5, 0.2, 0.2, 0.51, 0.5, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9, 0.1, 0.1];
    const loc = new Array(16).fill(0);
    // background/face probabilities: two overlapping faces, one far face, one below threshold
    const scores = [0.05, 0.95, 0.1, 0.9, 0.2, 0.8, 0.9, 0.1];
    const faces = decodeUltraFace(scores, loc, priors, { width: 1000, height: 500, conf: 0.7, iou: 0.3 });
    expect(faces).toHaveLength(2);
    expect(faces[0]!.score).toBeCloseTo(0.95, 6);
    expect(faces[0]!.box.map((v) => Math.round(v))).toEqual([400, 200, 600, 300]);
    expect(faces[1]!.box.map((v) => Math.round(v))).toEqual([50, 25, 150, 75]);
  });

  it('clips boxes to the image', () => {
    const faces = decodeUltraFace([0, 1], [0, 0, 0, 0], [0.02, 0.5, 0.2, 0.2], { width: 100, height: 100 });
    expect(faces[0]!.box[0]).toBe(0);
  });

  it('rejects outputs that do not match the priors', () => {
    expect(() => decodeUltraFace([0, 1, 0, 1], [0, 0, 0, 0], [0.5, 0.5, 0.1, 0.1], { width: 10, height: 10 })).toThrow(RangeError);
  });
});
