/**
 * Large galleries are scored with one ORT MatMul over the in-memory matrix:
 * the scores equal the JS loop's, and recognition gives the same answers with
 * 12 000 distractor faces in the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matVec } from '../../../main/faces/store/gallery';
import { ORT_MIN_ROWS, OrtGalleryScorer } from '../../../main/faces/store/gallery.ort';
import type { NewFace } from '../../../main/faces/store/repository';
import { FacesService } from '../../../main/faces/service';
import { randomUnitRows } from './synthetic';

const FIX = 'tests/fixtures/faces';
const read = (f: string) => new Uint8Array(fs.readFileSync(f));

let dir: string;
let service: FacesService;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-faces-large-'));
});
afterAll(async () => {
  await service?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('large galleries', () => {
  it('the ORT MatMul scorer equals the JS loop', async () => {
    const rows = 3000;
    const m = randomUnitRows(rows + 10, 512, 1); // extra capacity beyond the used rows is ignored
    const q = randomUnitRows(1, 512, 2);
    const scorer = new OrtGalleryScorer(512);
    const a = await scorer.similarities(m, rows, q);
    const b = matVec(m, rows, 512, q);
    expect(a).toHaveLength(rows);
    let maxDiff = 0;
    for (let i = 0; i < rows; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    expect(maxDiff).toBeLessThan(1e-5);
    await scorer.dispose();
  });

  it(`recognizes correctly among ${ORT_MIN_ROWS + 2000} distractor faces`, async () => {
    service = new FacesService({ dbPath: path.join(dir, 'large.db') });
    const tag = await service.tag();
    const n = ORT_MIN_ROWS + 2000;
    const vecs = randomUnitRows(n, 512, 3);
    const row = (i: number): NewFace => ({
      source: `synthetic-${i}`,
      box: [0, 0, 1, 1],
      landmarks: [],
      quality: { ok: true, reasons: [], sizePx: 1, sharpness: 0, yawDeg: 0, rollDeg: 0 },
      crop: new Uint8Array([0xff, 0xd8]),
      embedding: vecs.slice(i * 512, (i + 1) * 512),
    });
    service.repo().write(() => {
      for (let p = 0; p < n / 10; p++)
        service.repo().enroll(
          `synthetic-${p}`,
          Array.from({ length: 10 }, (_, k) => row(p * 10 + k)),
          tag,
        );
    });
    for (const p of ['kit_harington', 'rose_leslie']) {
      await service.enroll(
        p,
        fs.readdirSync(`${FIX}/gallery/${p}`).map((f) => ({ name: f, data: read(`${FIX}/gallery/${p}/${f}`) })),
      );
    }
    expect((await service.counts()).faces).toBe(n + 4);
    const r = await service.recognize(read(`${FIX}/probes/kit_with_rose.jpg`));
    expect(r.faces.flatMap((f) => (f.match ? [f.match.name] : [])).sort()).toEqual(['kit_harington', 'rose_leslie']);
    for (const f of r.faces.filter((x) => x.match)) {
      // Random 512-D unit vectors sit near 0; the runner-up is a distractor or the other real person.
      expect(f.runnerUp!.similarity).toBeLessThan(0.25);
    }
  });
});
