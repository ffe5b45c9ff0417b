/** User-supplied YOLO-family ONNX files through the same engine: family detection, metadata labels, letterbox inverse. */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readUserModelConfig } from '../../../main/detection/models';
import { DetectionService } from '../../../main/detection/service';
import { VwError } from '../../../main/errors';
import { classifierModel, constantHead, constantYoloV8 } from './models';

const service = new DetectionService();
const stream = service.openStream();
afterAll(() => service.dispose());

describe('user YOLO models', () => {
  const nc = 2;
  const n = 8;
  const head = new Float32Array((4 + nc) * n);
  const set = (ch: number, i: number, v: number) => (head[ch * n + i] = v);
  // anchor 0: centre (320, 320), 100×50 in the 640×640 input, class 1 at 0.9.
  set(0, 0, 320);
  set(1, 0, 320);
  set(2, 0, 100);
  set(3, 0, 50);
  set(4 + 1, 0, 0.9);
  // anchor 1: same place, class 1 at 0.6 → suppressed by NMS; anchor 2: class 0 at 0.2 → below conf.
  set(0, 1, 322);
  set(1, 1, 321);
  set(2, 1, 100);
  set(3, 1, 50);
  set(4 + 1, 1, 0.6);
  set(0, 2, 100);
  set(1, 2, 100);
  set(2, 2, 10);
  set(3, 2, 10);
  set(4 + 0, 2, 0.2);
  const file = constantYoloV8(head, nc, n, ['widget', 'gadget']);

  it('reads labels and input size from the Ultralytics metadata', () => {
    expect(readUserModelConfig(file)).toEqual({ labels: ['widget', 'gadget'], inputSize: 640 });
  });

  it('detects as YOLOv8 and maps the box back through the letterbox exactly', async () => {
    // 1280×720 frame → scale 0.5, 140 px of padding above and below.
    const frame = { width: 1280, height: 720, data: new Uint8Array(1280 * 720 * 4) };
    const r = await stream.run(frame, { model: file });
    expect(r!.detections).toEqual([{ box: [540, 310, 740, 410], classId: 1, label: 'gadget', score: 0.9 }]);
    expect((await service.models.get(file).info()).family).toBe('yolov8');
  });

  it('honours a family override, and a head that does not fit it is a typed error', async () => {
    const frame = { width: 64, height: 64, data: new Uint8Array(64 * 64 * 4) };
    const err = await stream.run(frame, { model: file, family: 'yolov5' }).catch((e: VwError) => e);
    expect((err as VwError).code).toBe('E_MODEL_INVALID');
    expect((err as VwError).message).toMatch(/yolov5/);
  });

  it('reads anchors, labels and family from side files', () => {
    const grid = file.replace(/tiny-yolov8\.onnx$/, 'grid.onnx');
    fs.copyFileSync(file, grid);
    fs.writeFileSync(grid.replace(/\.onnx$/, '.json'), JSON.stringify({ family: 'yolov2', anchorUnit: 'pixels' }));
    fs.writeFileSync(
      grid.replace(/\.onnx$/, '.anchors.json'),
      JSON.stringify([
        [10, 14],
        [23, 27],
      ]),
    );
    fs.writeFileSync(grid.replace(/\.onnx$/, '.labels.txt'), 'cat\ndog\n');
    expect(readUserModelConfig(grid)).toEqual({
      labels: ['cat', 'dog'],
      inputSize: 640,
      family: 'yolov2',
      anchorUnit: 'pixels',
      anchors: [10, 14, 23, 27],
    });
  });

  it('runs a YOLOv2 grid head with anchors from a side file, end to end', async () => {
    // 2×2 grid on a 64×64 input (stride 32), 2 anchors (in cells), 2 classes, NCHW.
    const A = 2,
      per = 7,
      H = 2,
      W = 2;
    const head = new Float32Array(A * per * H * W);
    const at = (ch: number, gy: number, gx: number) => (ch * H + gy) * W + gx;
    for (let a = 0; a < A; a++) for (let gy = 0; gy < H; gy++) for (let gx = 0; gx < W; gx++) head[at(a * per + 4, gy, gx)] = -20;
    // cell (1, 1), anchor 0 (1×1 cells): centre (48, 48), 32×32, objectness σ(20), class 0 by far.
    head[at(4, 1, 1)] = 20;
    head[at(5, 1, 1)] = 10;
    const grid = constantHead('voc-tiny.onnx', 64, [1, A * per, H, W], head);
    fs.writeFileSync(grid.replace(/\.onnx$/, '.anchors.json'), JSON.stringify([1, 1, 2, 2]));
    fs.writeFileSync(grid.replace(/\.onnx$/, '.labels.txt'), 'cat\ndog\n');
    // A 128×64 frame letterboxed into 64×64: scale 0.5, 16 px padding above and below.
    const r = await stream.run({ width: 128, height: 64, data: new Uint8Array(128 * 64 * 4) }, { model: grid });
    expect(r!.detections).toEqual([{ box: [64, 32, 128, 64], classId: 0, label: 'cat', score: 1 }]);
    expect((await service.models.get(grid).info()).family).toBe('yolov2');
  });

  it('refuses a model whose outputs fit no family, with a typed error, and keeps serving', async () => {
    const bad = classifierModel();
    const err = await service
      .detect(new Uint8Array(fs.readFileSync(new URL('../../fixtures/detection/eagle.jpg', import.meta.url))), { model: bad })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VwError);
    expect((err as VwError).code).toBe('E_MODEL_INVALID');
    expect((err as VwError).message).toMatch(/logits \[1,3\]/);
    const ok = await service.detect(new Uint8Array(fs.readFileSync(new URL('../../fixtures/detection/eagle.jpg', import.meta.url))));
    expect(ok.detections[0]!.label).toBe('bird');
  });

  it('refuses a missing model file and a file that is not ONNX', async () => {
    expect(() => service.models.get('/nonexistent/model.onnx')).toThrow(/No model/);
    const junk = file.replace(/tiny-yolov8\.onnx$/, 'junk.onnx');
    fs.writeFileSync(junk, 'definitely not protobuf');
    const e = (() => {
      try {
        service.models.get(junk);
      } catch (x) {
        return x as VwError;
      }
    })();
    expect(e?.code).toBe('E_MODEL_INVALID');
  });
});
