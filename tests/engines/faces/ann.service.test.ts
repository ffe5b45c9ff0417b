/**
 * The faces service with its vector index on (threshold lowered to 500 rows):
 * recognition among 2 000 synthetic distractors gives exactly the answers and
 * similarities of the exact scan, the index is persisted beside the database,
 * and later edits (enroll, remove, merge) keep it in step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewFace } from '../../../main/faces/store/repository';
import { FacesService } from '../../../main/faces/service';
import { randomUnitRows } from './synthetic';

const FIX = 'tests/fixtures/faces';
const read = (f: string) => new Uint8Array(fs.readFileSync(f));
const shots = (p: string) => fs.readdirSync(`${FIX}/gallery/${p}`).map((f) => ({ name: f, data: read(`${FIX}/gallery/${p}/${f}`) }));

let dir: string;
let indexed: FacesService;
let exact: FacesService;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-faces-ann-'));
});
afterAll(async () => {
  await indexed?.dispose();
  await exact?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const view = (r: Awaited<ReturnType<FacesService['recognize']>>) =>
  r.faces.map((f) => ({ match: f.match, best: f.best, runnerUp: f.runnerUp?.personId }));

describe('faces service with the vector index', () => {
  it('answers exactly as the exact scan, persists the index beside the database and follows edits', async () => {
    const db = path.join(dir, 'g.db');
    exact = new FacesService({ dbPath: db, annMinRows: Infinity });
    indexed = new FacesService({ dbPath: db, annMinRows: 500, pipeline: exact.pipeline });
    const tag = await indexed.tag();
    const n = 2000;
    const vecs = randomUnitRows(n, 512, 5);
    const row = (i: number): NewFace => ({
      source: `synthetic-${i}`,
      box: [0, 0, 1, 1],
      landmarks: [],
      quality: { ok: true, reasons: [], sizePx: 1, sharpness: 0, yawDeg: 0, rollDeg: 0 },
      crop: new Uint8Array([0xff, 0xd8]),
      embedding: vecs.slice(i * 512, (i + 1) * 512),
    });
    const repo = indexed.repo();
    repo.write(() => {
      for (let p = 0; p < n / 10; p++)
        repo.enroll(
          `synthetic-${p}`,
          Array.from({ length: 10 }, (_, k) => row(p * 10 + k)),
          tag,
        );
    });
    for (const p of ['kit_harington', 'rose_leslie', 'obama']) await indexed.enroll(p, shots(p));
    const index = (indexed as unknown as { index: { indexed: boolean; indexSettled(): Promise<void> } }).index;
    await index.indexSettled();
    expect(index.indexed).toBe(true);
    expect(JSON.parse(fs.readFileSync(`${db}.ann.json`, 'utf8')).rows).toBeGreaterThanOrEqual(n);

    for (const probe of ['kit_with_rose.jpg', 'obama_and_biden.jpg']) {
      const a = await indexed.recognize(read(`${FIX}/probes/${probe}`));
      const b = await exact.recognize(read(`${FIX}/probes/${probe}`));
      expect(view(a), probe).toEqual(view(b));
    }
    const kr = await indexed.recognize(read(`${FIX}/probes/kit_with_rose.jpg`));
    expect(kr.faces.flatMap((f) => (f.match ? [f.match.name] : [])).sort()).toEqual(['kit_harington', 'rose_leslie']);

    // Edits go through the index at once: remove kit, merge rose into obama.
    const persons = new Map((await indexed.list()).map((p) => [p.name, p.id]));
    await indexed.removePerson(persons.get('kit_harington')!);
    await indexed.merge(persons.get('rose_leslie')!, persons.get('obama')!);
    expect(index.indexed).toBe(true);
    const after = await indexed.recognize(read(`${FIX}/probes/kit_with_rose.jpg`));
    expect(after.faces.flatMap((f) => (f.match ? [f.match.name] : []))).toEqual(['obama']);
    expect(view(after)).toEqual(view(await exact.recognize(read(`${FIX}/probes/kit_with_rose.jpg`))));

    // Disposed: the index is saved beside the database, and a new service loads it instead of rebuilding.
    await indexed.dispose();
    const manifest = JSON.parse(fs.readFileSync(`${db}.ann.json`, 'utf8'));
    expect(manifest.rows).toBe((await exact.counts()).faces);
    indexed = new FacesService({ dbPath: db, annMinRows: 500, pipeline: exact.pipeline });
    const again = await indexed.recognize(read(`${FIX}/probes/kit_with_rose.jpg`));
    await (indexed as unknown as { index: { indexSettled(): Promise<void> } }).index.indexSettled();
    expect(view(again)).toEqual(view(after));
  }, 300_000);
});
