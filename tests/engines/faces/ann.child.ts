/**
 * Child process for the vector-index crash tests; the parent SIGKILLs it.
 * Usage: node --import tsx ann.child.ts <db> <mode> <seed>
 *   enroll   open the SQLite gallery and its index, then enroll 1–4 synthetic
 *            faces at a time, adding them to the index and saving it every
 *            3 enrollments; prints "ok <faces>" after each commit.
 *   rebuild  delete the index manifest and open (= rebuild from the database, then save).
 * Prints "ready" when the store is open (and, for enroll, the index loaded).
 */
import fs from 'node:fs';
import { FaceRepository } from '../../../main/faces/store/repository';
import { AnnIndex } from '../../../main/faces/store/ann';
import { annRows, TAG, unitRows } from './ann.synthetic';

const [db, mode, seedArg] = process.argv.slice(2) as [string, string, string];
const seed = Number(seedArg);
const repo = FaceRepository.open(db);

if (mode === 'rebuild') {
  fs.rmSync(`${db}.ann.json`, { force: true });
  process.stdout.write('ready\n');
  await AnnIndex.open(db, TAG, 512, annRows(repo.embeddings(TAG)));
  process.stdout.write('saved\n');
} else {
  const { index } = await AnnIndex.open(db, TAG, 512, annRows(repo.embeddings(TAG)));
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const n = 1 + (i % 4);
    const vecs = unitRows(n, seed * 1000 + i);
    const faces = Array.from({ length: n }, (_, k) => ({
      source: `c${seed}-${i}-${k}`,
      box: [0, 0, 1, 1] as [number, number, number, number],
      landmarks: [],
      quality: { ok: true, reasons: [], sizePx: 1, sharpness: 0, yawDeg: 0, rollDeg: 0 },
      crop: new Uint8Array([0xff, 0xd8]),
      embedding: vecs.subarray(k * 512, (k + 1) * 512),
    }));
    const { faceIds } = repo.enroll(`c${seed}-${i}`, faces, TAG);
    faceIds.forEach((f, k) => index.add(f, faces[k]!.embedding));
    if (i % 3 === 2) index.save();
    process.stdout.write(`ok ${n}\n`);
  }
}
