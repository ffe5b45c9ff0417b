/**
 * Gallery import is hostile input: a forged embedding (scaled ×1000, wrong
 * length, NaN) is refused with a typed error and changes nothing; importing
 * the same file twice adds nothing; no similarity ever exceeds 1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FacesService } from '../../../main/faces/service';
import { GalleryMatrix, rankPersons } from '../../../main/faces/store/gallery';
import type { ExportFile } from '../../../main/faces/transfer';

const FIX = 'tests/fixtures/faces';
const read = (f: string) => ({ name: path.basename(f), data: new Uint8Array(fs.readFileSync(f)) });
let dir: string;
let faces: FacesService;
let data: ExportFile;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-import-'));
  faces = new FacesService({ dbPath: path.join(dir, 'gallery.db') });
  await faces.enroll('obama', [read(`${FIX}/gallery/obama/obama.jpg`), read(`${FIX}/gallery/obama/obama2.jpg`)]);
  await faces.enroll('biden', [read(`${FIX}/gallery/biden/biden.jpg`)]);
  data = JSON.parse(JSON.stringify(await faces.exportGallery())) as ExportFile;
});
afterAll(async () => {
  await faces?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The export with one more person, "mallory", holding obama's first face with its embedding changed by `edit`. */
function forged(edit: (v: Float32Array) => Uint8Array): ExportFile {
  const face = structuredClone(data.persons.find((p) => p.name === 'obama')!.faces[0]!);
  const b = Buffer.from(face.embedding!, 'base64');
  face.embedding = Buffer.from(edit(new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)))).toString('base64');
  face.crop = Buffer.concat([Buffer.from(face.crop, 'base64'), Buffer.from([0])]).toString('base64'); // not a duplicate crop
  return { ...data, persons: [...data.persons, { name: 'mallory', created: data.persons[0]!.created, faces: [face] }] };
}

const bytesOf = (v: Float32Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

describe('gallery import', () => {
  it('refuses a scaled (×1000), short (2047-byte) or NaN embedding with E_BAD_ARGUMENT, and the gallery is unchanged', async () => {
    const before = await faces.counts();
    expect(await code(faces.importGallery(forged((v) => bytesOf(v.map((x) => x * 1000)))))).toBe('E_BAD_ARGUMENT');
    expect(await code(faces.importGallery(forged((v) => bytesOf(v).subarray(0, 2047))))).toBe('E_BAD_ARGUMENT');
    expect(await code(faces.importGallery(forged((v) => bytesOf(v.map((x, i) => (i === 3 ? NaN : x))))))).toBe('E_BAD_ARGUMENT');
    expect(await faces.counts()).toEqual(before);
    const r = await faces.recognize(read(`${FIX}/probes/obama1.jpg`).data);
    expect(r.faces[0]!.match!.name).toBe('obama');
    expect(r.faces[0]!.match!.similarity).toBeLessThanOrEqual(1);
  });

  it('is idempotent: the same file imported again (or twice into a fresh gallery) adds nothing', async () => {
    const before = await faces.counts();
    expect((await faces.importGallery(data)).faces).toBe(0);
    expect(await faces.counts()).toEqual(before);
    const fresh = new FacesService({ dbPath: path.join(dir, 'fresh.db'), pipeline: faces.pipeline });
    try {
      expect((await fresh.importGallery(data)).faces).toBe(3);
      expect((await fresh.importGallery(data)).faces).toBe(0);
      expect(await fresh.counts()).toEqual({ persons: 2, faces: 3 });
    } finally {
      await fresh.dispose();
    }
  });

  it('keeps every similarity within [-1, 1]: rows are stored as unit vectors and scores are clamped', () => {
    const g = new GalleryMatrix(4, 2);
    g.add(1, 10, new Float32Array([1000, 0, 0, 0]));
    g.add(2, 20, new Float32Array([NaN, 1, 0, 0]));
    const sims = g.similarities(new Float32Array([1, 0, 0, 0]));
    expect(Array.from(sims)).toEqual([1, 0]);
    expect(rankPersons([1.5, -3], [1, 2], [10, 20]).map((s) => s.similarity)).toEqual([1, -1]);
  });
});
