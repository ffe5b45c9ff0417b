/**
 * A second workstation for the PostgreSQL tests, as a separate process.
 * Usage: node --import tsx pg.child.ts <url> <mode> [name]
 *   watch   keeps an in-memory gallery (face id → person id, person names) in
 *           sync through the change feed; after every change prints one JSON
 *           line {t, kind, faces, persons} (t = Date.now() when synced).
 *   enroll  enrolls <name>-<i> in a loop (2 or 40 faces) printing "ok <name> <n>"
 *           after each commit, until killed.
 * Prints "ready" once listening.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgGalleryStore } from '../../../main/faces/store/repository.pg';
import { GalleryIndex } from '../../../main/faces/store/gallery-index';
import type { NewFace } from '../../../main/faces/store/repository.types';

const [url, mode, name] = process.argv.slice(2) as [string, string, string?];
const tag = { model: 'fr_feature', version: 'test' };
const store = await PgGalleryStore.open(url);

function face(i: number): NewFace {
  const e = new Float32Array(512);
  e[i % 512] = 1;
  return {
    source: `s${i}.jpg`,
    box: [0, 0, 10, 10],
    landmarks: [[1, 1]],
    quality: { ok: true, reasons: [], sizePx: 10, sharpness: 1, yawDeg: 0, rollDeg: 0 },
    crop: new Uint8Array(2048).fill(i % 251),
    embedding: e,
  };
}

if (mode === 'watch') {
  // The in-memory gallery a workstation recognizes from, with its vector index on from the first row.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-pg-watch-'));
  const g = new GalleryIndex(undefined, { base: path.join(dir, 'cache'), minRows: 1 });
  const sync = async (kind: string) => {
    g.invalidate();
    await g.sync(store, tag);
    await g.indexSettled();
    const { faceIds, personIds } = g.matrix.rows();
    const gallery = Object.fromEntries([...faceIds].map((f, i) => [f, personIds[i]]));
    const names = Object.fromEntries([...new Set(personIds)].map((p) => [p, g.name(p)]));
    const top = g.matrix.size ? ((await g.rank(face(1).embedding))[0]?.personId ?? null) : null;
    process.stdout.write(
      `${JSON.stringify({ t: Date.now(), kind, gallery, names, rejections: g.rejectionCount, indexed: g.indexed, top })}\n`,
    );
  };
  // Serialize syncs so that the last line always reflects the last change.
  let chain = Promise.resolve();
  store.onChange((c) => {
    chain = chain.then(() => sync(c.kind)).catch(() => {});
  });
  process.stdin.on('data', () => {}); // stay alive until the parent ends us
  await sync('start');
  process.stdout.write('ready\n');
} else if (mode === 'enroll') {
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const n = i % 2 === 0 ? 2 : 40;
    await store.enroll(
      `${name}-${i}`,
      Array.from({ length: n }, (_, k) => face(k)),
      tag,
    );
    process.stdout.write(`ok ${name}-${i} ${n}\n`);
  }
} else if (mode === 'enroll-once') {
  // Two of these race on the same new name.
  await store.enroll(name!, [face(process.pid), face(process.pid + 1)], tag);
  await store.close();
  process.stdout.write('done\n');
}
