/**
 * The cut UltraFace head against the published export: our priors reproduce the
 * export's baked ones exactly, and our decode of the raw head reproduces the
 * export's own boxes; the cut model then runs at other input sizes.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { iou } from '../../../main/geometry/boxes';
import { decodeBoxes, ultraFacePriors } from '../../../main/faces/models/decode.ultraface';
import { UltraFaceDetector } from '../../../main/faces/models/detector.ultraface';
import { ultraFaceHead } from '../../../main/faces/models/ultraface.graph';
import { decodeImage } from '../../../main/imaging/decode';
import { ensureModel } from '../../../main/models/index';
import { createSession, type ModelSession } from '../../../main/runtime/index';

let file: string;
let full: ModelSession;
let cut: ModelSession;
let head: ReturnType<typeof ultraFaceHead>;

beforeAll(async () => {
  file = await ensureModel('fr_detect');
  const bytes = new Uint8Array(fs.readFileSync(file));
  head = ultraFaceHead(bytes);
  full = await createSession(bytes, { label: 'fr_detect full' });
  cut = await createSession(head.bytes, { label: 'fr_detect head' });
});

describe('UltraFace head surgery', () => {
  it('exposes symbolic height/width and the raw outputs', () => {
    expect(cut.inputs[0]!.shape).toEqual([1, 3, 'height', 'width']);
    expect(cut.outputs.map((o) => o.name).sort()).toEqual(['loc', 'scores']);
  });

  it('our priors equal the priors baked into the export', () => {
    const mine = ultraFacePriors(320, 240);
    expect(head.bakedPriors).not.toBeNull();
    expect(mine.length).toBe(head.bakedPriors!.length);
    let maxDiff = 0;
    for (let i = 0; i < mine.length; i++) maxDiff = Math.max(maxDiff, Math.abs(mine[i]! - head.bakedPriors![i]!));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it("decoding the raw head reproduces the export's own boxes and scores on a real image", async () => {
    const px = await decodeImage(fs.readFileSync('tests/fixtures/faces/probes/two_people.jpg'));
    const input = new Float32Array(3 * 240 * 320);
    // Any input works for this comparison; a real photo exercises confident boxes.
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < 240; y++)
        for (let x = 0; x < 320; x++) {
          const sx = Math.floor((x * px.width) / 320);
          const sy = Math.floor((y * px.height) / 240);
          input[c * 76800 + y * 320 + x] = (px.data[(sy * px.width + sx) * 3 + c]! - 127) / 128;
        }
    const feeds = { input: { data: input, dims: [1, 3, 240, 320] } };
    const a = await full.run(feeds);
    const b = await cut.run(feeds);
    const boxes = decodeBoxes(b.loc!.data as Float32Array, ultraFacePriors(320, 240));
    const ref = a.boxes!.data as Float32Array;
    let maxBox = 0;
    for (let i = 0; i < ref.length; i++) maxBox = Math.max(maxBox, Math.abs(boxes[i]! - ref[i]!));
    expect(maxBox).toBeLessThan(1e-4);
    const sa = a.scores!.data as Float32Array;
    const sb = b.scores!.data as Float32Array;
    let maxScore = 0;
    for (let i = 0; i < sa.length; i++) maxScore = Math.max(maxScore, Math.abs(sa[i]! - sb[i]!));
    expect(maxScore).toBeLessThan(1e-5);
    // Two confident faces in this photo.
    let confident = 0;
    for (let i = 0; i < sa.length / 2; i++) if (sa[2 * i + 1]! > 0.9) confident++;
    expect(confident).toBeGreaterThan(2);
  });

  it('runs at other input sizes with matching prior counts, and finds the same faces', async () => {
    for (const [w, h] of [
      [640, 480],
      [500, 300],
      [240, 320],
    ] as const) {
      const out = await cut.run({ input: { data: new Float32Array(3 * w * h), dims: [1, 3, h, w] } });
      expect(out.loc!.dims[1]).toBe(ultraFacePriors(w, h).length / 4);
    }
    const det = new UltraFaceDetector(() => ensureModel('fr_detect'));
    const px = await decodeImage(fs.readFileSync('tests/fixtures/faces/probes/two_people.jpg'));
    const small = await det.predict(px, { conf: 0.8 });
    const large = await det.predict(px, { conf: 0.8, inputSize: [640, 376] });
    expect(small).toHaveLength(2);
    // The larger input also finds small background faces; the two main faces are the same boxes in original pixels.
    expect(large.length).toBeGreaterThanOrEqual(2);
    for (const f of small) expect(Math.max(...large.map((g) => iou(f.box, g.box)))).toBeGreaterThan(0.6);
    await det.dispose();
  });
});
