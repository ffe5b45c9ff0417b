/**
 * The bundled CenterNet end to end on the fixture photographs, at default
 * thresholds, through the service the handlers and the CLI use.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectResult } from '../../../preload/contract';
import { resolvePaths } from '../../../main/config';
import { DetectionService } from '../../../main/detection/service';
import { detectionLive } from '../../../main/host/areas/detection';
import { iou } from '../../../main/geometry/boxes';
import { EXPECTED, FIXTURES, matchedCounts } from './expected';

let service: DetectionService;
const results = new Map<string, DetectResult>();

beforeAll(async () => {
  service = new DetectionService();
  for (const file of Object.keys(EXPECTED)) {
    results.set(file, await service.detect(new Uint8Array(fs.readFileSync(path.join(FIXTURES, file)))));
  }
});
afterAll(() => service.dispose());

describe('CenterNet on the fixture images (default thresholds)', () => {
  for (const [file, exp] of Object.entries(EXPECTED)) {
    it(`${file}: finds ${Object.entries(exp.min_counts)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')} at IoU ≥ 0.5 with the hand boxes`, () => {
      const r = results.get(file)!;
      expect([r.width, r.height]).toEqual([exp.width, exp.height]);
      expect(r.model).toBe('centernet');
      const got = matchedCounts(exp, r.detections);
      for (const [cls, n] of Object.entries(exp.min_counts)) expect(got[cls], `${cls} in ${file}`).toBeGreaterThanOrEqual(n);
      for (const d of r.detections) {
        expect(d.score).toBeGreaterThanOrEqual(0.25);
        expect(d.box[0]).toBeGreaterThanOrEqual(0);
        expect(d.box[2]).toBeLessThanOrEqual(r.width);
        expect(d.box[3]).toBeLessThanOrEqual(r.height);
      }
      expect(r.speed.inference).toBeGreaterThan(0);
    });
  }

  it('never keeps two boxes of one class that overlap at IoU ≥ 0.5 (class-wise NMS)', () => {
    for (const r of results.values()) {
      const d = r.detections;
      for (let i = 0; i < d.length; i++)
        for (let j = i + 1; j < d.length; j++) if (d[i]!.classId === d[j]!.classId) expect(iou(d[i]!.box, d[j]!.box)).toBeLessThan(0.5);
    }
  });
});

describe('options', () => {
  it('filters by class name and id, agnostic NMS merges cross-class duplicates, maxDet caps', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'dog.jpg')));
    const all = results.get('dog.jpg')!.detections;
    const only = await service.detect(bytes, { classes: ['dog', 1] });
    expect(only.detections.map((d) => d.label).sort()).toEqual(['bicycle', 'dog']);
    // dog.jpg: the pickup scores as car and as truck with the same box; agnostic NMS keeps one.
    const cars = all.filter((d) => d.label === 'car' || d.label === 'truck');
    expect(cars.length).toBe(2);
    const agn = await service.detect(bytes, { agnostic: true });
    expect(agn.detections.filter((d) => d.label === 'car' || d.label === 'truck').length).toBe(1);
    const top2 = await service.detect(bytes, { maxDet: 2 });
    expect(top2.detections).toEqual(all.slice(0, 2));
    const strict = await service.detect(bytes, { conf: 0.45 });
    expect(strict.detections).toEqual(all.filter((d) => d.score >= 0.45));
  });

  it('a raw RGBA frame of the same pixels gives the same detections as the encoded file', async () => {
    const { data, info } = await sharp(path.join(FIXTURES, 'horses.jpg')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const frame = { width: info.width, height: info.height, data: new Uint8Array(data) };
    const live = detectionLive(() => service);
    const r = await live.submit('same-pixels', { frame, options: { inputSize: 512 } });
    expect(r).not.toBeNull();
    expect(r!.detections).toEqual(results.get('horses.jpg')!.detections);
    expect(r!.frameId).toBe(1);
    live.close('same-pixels');
    // Live frames default to the faster 384 input; still images to 512.
    const atLive = await live.submit('live-default', { frame, options: {} });
    const at384 = await service.detect(new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'horses.jpg'))), { inputSize: 384 });
    expect(atLive!.detections).toEqual(at384.detections);
    expect(atLive!.detections).not.toEqual(r!.detections);
    live.close('live-default');
  });

  it('reads PNG and WebP as well as JPEG', async () => {
    const src = path.join(FIXTURES, 'eagle.jpg');
    for (const fmt of ['png', 'webp'] as const) {
      const bytes = new Uint8Array(
        await sharp(src)
          .toFormat(fmt, fmt === 'webp' ? { lossless: true } : {})
          .toBuffer(),
      );
      const r = await service.detect(bytes);
      expect([r.width, r.height]).toEqual([773, 512]);
      // Same pixels as the decoded JPEG, so the same boxes.
      expect(r.detections).toEqual(results.get('eagle.jpg')!.detections);
    }
  });

  it('lists the bundled model with its 80 COCO classes', async () => {
    const models = await service.listModels();
    expect(models[0]).toMatchObject({ id: 'centernet', family: 'centernet', inputSize: 512, inputSizes: [512, 448, 384, 320] });
    expect(models[0]!.classes.length).toBe(80);
  });
});

describe('lower-resolution input (CenterNet rewritten for the size)', () => {
  for (const size of [384, 320]) {
    it(`at ${size}×${size} still meets every expectation on the fixture images`, async () => {
      for (const [file, exp] of Object.entries(EXPECTED)) {
        const r = await service.detect(new Uint8Array(fs.readFileSync(path.join(FIXTURES, file))), { inputSize: size });
        const got = matchedCounts(exp, r.detections);
        for (const [cls, n] of Object.entries(exp.min_counts)) expect(got[cls], `${cls} in ${file} at ${size}`).toBeGreaterThanOrEqual(n);
      }
      expect((await service.models.get('centernet', size).info()).inputSize).toBe(size);
    });
  }

  it('the rewrite at 512 is the original network, and bad sizes are refused', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'giraffe.jpg')));
    const file = path.join(os.tmpdir(), `centernet-512-${process.pid}.onnx`);
    const same = new DetectionService({
      models: async () => {
        const { centerNetAtSize } = await import('../../../main/detection/centernet.variant');
        fs.writeFileSync(file, centerNetAtSize(new Uint8Array(fs.readFileSync(path.join(resolvePaths().models, 'centernet.onnx'))), 512));
        return file;
      },
    });
    try {
      expect((await same.detect(bytes)).detections).toEqual(results.get('giraffe.jpg')!.detections);
    } finally {
      await same.dispose();
      fs.rmSync(file, { force: true });
    }
    await expect(service.detect(bytes, { inputSize: 300 })).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
  });
});
