/**
 * A graph miss costs time, not the answer: GalleryIndex.rank with the decision
 * threshold (widenBelow = τ) searches again with a wide beam before it lets a
 * planted person read as "not recognized". A deliberately weak graph (degree 6,
 * insert beam 12) over 20k rows misses ~14 % of planted persons on the first pass;
 * with the threshold, every decision equals the exact scan's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GalleryIndex } from '../../../main/faces/store/gallery-index';
import { FaceRepository, type NewFace } from '../../../main/faces/store/repository';
import { SqliteGalleryStore } from '../../../main/faces/store/repository.sqlite';
import { plantedGallery, TAG, unitRows } from './ann.synthetic';

const D = 512;
const N = 20_000;
const TAU = 0.5;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-ann-widen-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vector index: the wide second search', () => {
  it('finds the persons a weak graph misses, so every decision vs τ is the exact one', async () => {
    const g = plantedGallery(N, 200, 21);
    const db = path.join(dir, 'g.db');
    const repo = FaceRepository.open(db);
    const face = (r: number): NewFace => ({
      source: `s${r}`,
      box: [0, 0, 1, 1],
      landmarks: [],
      quality: { ok: true, reasons: [], sizePx: 1, sharpness: 0, yawDeg: 0, rollDeg: 0 },
      crop: new Uint8Array([0xff, 0xd8]),
      embedding: g.matrix.slice(r * D, (r + 1) * D),
    });
    // One person per planted group (its 3 faces), one per remaining row.
    const planted = new Set(g.plantedRows.flat());
    repo.write(() => {
      g.plantedRows.forEach((rows, p) => repo.enroll(`planted-${p}`, rows.map(face), TAG));
      for (let r = 0; r < N; r++) if (!planted.has(r)) repo.enroll(`r${r}`, [face(r)], TAG);
    });
    const params = { connectivity: 6, expansionAdd: 12, expansionSearch: 16, quantization: 'i8' as const };
    const indexed = new GalleryIndex(undefined, { base: db, minRows: 1000, params });
    const exact = new GalleryIndex(undefined, {});
    const store = new SqliteGalleryStore(repo);
    await indexed.sync(store, TAG);
    await exact.sync(store, TAG);
    await indexed.indexSettled();
    expect(indexed.indexed).toBe(true);

    const name = (ranked: { personId: number; similarity: number }[]) =>
      ranked[0] && ranked[0].similarity >= TAU ? ranked[0].personId : null;
    const { queries } = g.probes(300, 22);
    let narrowMisses = 0;
    for (const q of queries) {
      const want = name(await exact.rank(q));
      expect(want).not.toBeNull(); // every probe is a fresh view of a planted person
      if (name(await indexed.rank(q)) !== want) narrowMisses++;
      expect(name(await indexed.rank(q, { widenBelow: TAU }))).toBe(want);
    }
    // The weak graph really misses on the first pass (else this test proves nothing).
    expect(narrowMisses).toBeGreaterThan(0);
    // Strangers (rows not in the gallery): "not recognized" from both.
    const strangers = unitRows(20, 77);
    for (let i = 0; i < 20; i++) {
      const q = strangers.subarray(i * D, (i + 1) * D);
      expect(name(await exact.rank(q))).toBeNull();
      expect(name(await indexed.rank(q, { widenBelow: TAU }))).toBeNull();
    }
    await indexed.dispose();
    await exact.dispose();
    repo.close();
  }, 300_000);
});
