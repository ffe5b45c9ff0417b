/** Datasets for `vws val`: the COCO fixture, a YOLO folder built here, and hostile files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectResult } from '../../../preload/contract';
import type { VwError } from '../../../main/errors';
import { loadDataset, pixelBoxes, yamlNames } from '../../../main/val/dataset';
import { validate } from '../../../main/val/run';

const FIXTURES = path.resolve(__dirname, '../../fixtures/detection');
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-val-'));
  const y = path.join(dir, 'yolo');
  fs.mkdirSync(path.join(y, 'images', 'val'), { recursive: true });
  fs.mkdirSync(path.join(y, 'labels', 'val'), { recursive: true });
  await sharp({ create: { width: 200, height: 100, channels: 3, background: '#808080' } })
    .jpeg()
    .toFile(path.join(y, 'images', 'val', 'a.jpg'));
  await sharp({ create: { width: 50, height: 50, channels: 3, background: '#808080' } })
    .png()
    .toFile(path.join(y, 'images', 'val', 'b.png'));
  // a.jpg: one cat, centred, half the width and height. b.png: no label file = no objects.
  fs.writeFileSync(path.join(y, 'labels', 'val', 'a.txt'), '1 0.5 0.5 0.5 0.5\n');
  fs.writeFileSync(path.join(y, 'data.yaml'), 'path: .\nval: images/val\nnames:\n  0: dog\n  1: cat\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function err(f: () => unknown): VwError {
  try {
    f();
  } catch (e) {
    return e as VwError;
  }
  throw new Error('expected an error');
}

describe('val datasets', () => {
  it('reads the hand-labelled COCO fixture: 6 images, crowd and ignore flags, [x1,y1,x2,y2] boxes', () => {
    const ds = loadDataset(path.join(FIXTURES, 'coco.json'));
    expect(ds.format).toBe('coco');
    expect(ds.images.map((i) => path.basename(i.file))).toEqual([
      'dog.jpg',
      'horses.jpg',
      'person.jpg',
      'kite.jpg',
      'giraffe.jpg',
      'eagle.jpg',
    ]);
    expect(ds.images[0]!.boxes[0]).toEqual({ category: 'dog', box: [130, 220, 312, 542], crowd: undefined, ignore: undefined });
    const kite = ds.images.find((i) => i.file.endsWith('kite.jpg'))!;
    expect(kite.boxes.filter((b) => b.crowd).map((b) => b.category)).toEqual(['person', 'kite']);
    expect(ds.images.flatMap((i) => i.boxes).filter((b) => !b.crowd && !b.ignore)).toHaveLength(15);
  });

  it('reads a YOLO folder: names from data.yaml, normalized boxes scaled by the image size', () => {
    const ds = loadDataset(path.join(dir, 'yolo'));
    expect(ds.categories).toEqual(['dog', 'cat']);
    expect(ds.images.map((i) => i.id)).toEqual(['val/a.jpg', 'val/b.png']);
    expect(pixelBoxes(ds.images[0]!, 200, 100)).toEqual([{ category: 'cat', box: [50, 25, 150, 75] }]);
    expect(ds.images[1]!.boxes).toEqual([]);
  });

  it('parses the three usual forms of names: in data.yaml', () => {
    expect(yamlNames('names: [\'a\', "b", c]\n')).toEqual(['a', 'b', 'c']);
    expect(yamlNames('names:\n  - person\n  - bike\nnc: 2\n')).toEqual(['person', 'bike']);
    expect(yamlNames('train: x\nnames:\n  0: person\n  2: car\n')).toEqual(['person', 'class1', 'car']);
    expect(yamlNames('nc: 3\n')).toBeUndefined();
  });

  it('runs a detector over a YOLO folder and scores it (a perfect detector → mAP 1)', async () => {
    const ds = loadDataset(path.join(dir, 'yolo'));
    const detect = async (bytes: Uint8Array): Promise<DetectResult> => {
      const { width = 0, height = 0 } = await sharp(bytes).metadata();
      const detections =
        width === 200 ? [{ box: [50, 25, 150, 75] as [number, number, number, number], classId: 1, label: 'cat', score: 0.9 }] : [];
      return { width, height, model: 'oracle', detections, speed: { preprocess: 1, inference: 2, postprocess: 0.5 } };
    };
    const r = await validate(ds, detect, { model: 'oracle', labels: ['dog', 'cat'] });
    expect(r.metrics.map).toBe(1);
    expect(r.metrics.classes.map((c) => c.category)).toEqual(['cat']);
    expect(r.images.map((i) => [i.id, i.width, i.height, i.gt, i.detections])).toEqual([
      ['val/a.jpg', 200, 100, 1, 1],
      ['val/b.png', 50, 50, 0, 0],
    ]);
    expect(r.speed.inference).toBe(2);
    expect(r.unknownClasses).toEqual([]);
  });

  it('refuses hostile or broken input with the file named', () => {
    const bad = (name: string, body: string) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, body);
      return f;
    };
    expect(err(() => loadDataset(path.join(dir, 'none.json'))).code).toBe('E_NOT_FOUND');
    expect(err(() => loadDataset(bad('x.json', '{'))).message).toMatch(/x\.json: not valid JSON/);
    const escape = bad(
      'esc.json',
      JSON.stringify({ images: [{ id: 1, file_name: '../../etc/passwd' }], annotations: [], categories: [{ id: 1, name: 'a' }] }),
    );
    expect(err(() => loadDataset(escape)).message).toMatch(/outside/);
    const orphan = bad(
      'orphan.json',
      JSON.stringify({
        images: [{ id: 1, file_name: 'a.jpg' }],
        annotations: [{ image_id: 2, category_id: 1, bbox: [0, 0, 1, 1] }],
        categories: [{ id: 1, name: 'a' }],
      }),
    );
    expect(err(() => loadDataset(orphan)).message).toMatch(/names image 2/);
    const negative = bad(
      'neg.json',
      JSON.stringify({
        images: [{ id: 1, file_name: 'a.jpg' }],
        annotations: [{ image_id: 1, category_id: 1, bbox: [0, 0, -1, 1] }],
        categories: [{ id: 1, name: 'a' }],
      }),
    );
    expect(err(() => loadDataset(negative)).code).toBe('E_BAD_ARGUMENT');
    const y = path.join(dir, 'yolo-bad');
    fs.mkdirSync(path.join(y, 'images'), { recursive: true });
    fs.mkdirSync(path.join(y, 'labels'), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'eagle.jpg'), path.join(y, 'images', 'e.jpg'));
    fs.writeFileSync(path.join(y, 'labels', 'e.txt'), '99 0.5 0.5 0.1 0.1\n');
    expect(err(() => loadDataset(y)).message).toMatch(/e\.txt: line 1 .*known class \(0–79\)/);
    expect(err(() => loadDataset(dir)).message).toMatch(/images\/ and labels\//);
  });
});
