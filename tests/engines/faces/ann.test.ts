/**
 * The vector index (main/faces/store/ann.ts): recall@1 against the exact scan
 * at 100k rows with planted near-duplicates; persistence and reconciliation
 * with the database (missing, stale, damaged, other model, re-used ids); and
 * SIGKILL during enrollment and during a rebuild never leaves an index that
 * disagrees with SQLite.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrtGalleryScorer } from '../../../main/faces/store/gallery.ort';
import { FaceRepository } from '../../../main/faces/store/repository';
import { AnnIndex, fingerprint } from '../../../main/faces/store/ann';
import { annRows, matrixRows, plantedGallery, TAG, unitRows } from './ann.synthetic';

const D = 512;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-ann-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The index holds exactly the database's faces, each with its own vector. */
function expectAgrees(index: AnnIndex, repo: FaceRepository): void {
  const db = repo
    .embeddings(TAG)
    .map((e) => [e.faceId, fingerprint(e.vector)])
    .sort((a, b) => a[0]! - b[0]!);
  expect(index.entries()).toEqual(db);
  // And the graph answers for them: a stored vector finds itself.
  const rows = repo.embeddings(TAG);
  for (let i = 0; i < rows.length; i += Math.max(1, Math.floor(rows.length / 25))) {
    expect(index.search(rows[i]!.vector, 8)).toContain(rows[i]!.faceId);
  }
}

describe('vector index', () => {
  it('recall@1 ≥ 0.99 against the exact scan at 100k rows with planted near-duplicates', async () => {
    const N = 100_000;
    const g = plantedGallery(N, 1000, 11);
    const { index } = await AnnIndex.open(path.join(dir, 'recall'), TAG, D, matrixRows(g.matrix, N));
    expect(index.size).toBe(N);
    const scorer = new OrtGalleryScorer(D);
    const { queries } = g.probes(200, 12);
    let hits = 0;
    for (const q of queries) {
      const sims = await scorer.similarities(g.matrix, N, q);
      let exact = 0;
      for (let i = 1; i < N; i++) if (sims[i]! > sims[exact]!) exact = i;
      // The index proposes; exact cosine over its candidates decides.
      const candidates = index.search(q);
      let best = -1;
      let bestSim = -Infinity;
      for (const faceId of candidates) {
        if (sims[faceId - 1]! > bestSim) [best, bestSim] = [faceId - 1, sims[faceId - 1]!];
      }
      if (best === exact) hits++;
    }
    await scorer.dispose();
    expect(hits / queries.length).toBeGreaterThanOrEqual(0.99);
  }, 600_000);

  it('persists beside the database and reconciles with it on open', async () => {
    const base = path.join(dir, 'persist.db');
    const m = unitRows(3000, 5);
    const rows = (ids: number[]) => ({ faceIds: ids, vector: (i: number) => m.subarray((ids[i]! - 1) * D, ids[i]! * D) });
    const ids = Array.from({ length: 2000 }, (_, i) => i + 1);
    const first = await AnnIndex.open(base, TAG, D, rows(ids));
    expect(first).toMatchObject({ loaded: false, added: 2000, removed: 0 });
    const manifest = JSON.parse(fs.readFileSync(`${base}.ann.json`, 'utf8'));
    expect(manifest).toMatchObject({ model: TAG.model, version: TAG.version, rows: 2000, maxFaceId: 2000 });
    expect(manifest.files.index.sha256).toMatch(/^[0-9a-f]{64}$/);

    // Unchanged: loaded as is.
    expect(await AnnIndex.open(base, TAG, D, rows(ids))).toMatchObject({ loaded: true, added: 0, removed: 0 });
    // The database moved on (another process, or a crash before the index was saved): caught up exactly.
    const moved = [...ids.filter((i) => i % 10 !== 0), ...Array.from({ length: 500 }, (_, i) => 2001 + i)];
    const caught = await AnnIndex.open(base, TAG, D, rows(moved));
    expect(caught).toMatchObject({ loaded: true, added: 500, removed: 200 });
    expect(caught.index.entries().map(([f]) => f)).toEqual([...moved].sort((a, b) => a - b));
    // A face id re-used with another vector is replaced, not kept.
    const reused = { faceIds: moved, vector: (i: number) => (moved[i] === 2500 ? m.subarray(2999 * D, 3000 * D) : rows(moved).vector(i)) };
    const r = await AnnIndex.open(base, TAG, D, reused);
    expect(r).toMatchObject({ loaded: true, added: 1, removed: 1 });
    expect(r.index.search(m.subarray(2999 * D, 3000 * D), 4)).toContain(2500);
    // Another embedding model: rebuilt from scratch.
    expect(await AnnIndex.open(base, { model: TAG.model, version: 'other' }, D, rows(moved))).toMatchObject({ loaded: false, added: 2300 });
    // A damaged file: rebuilt, with progress.
    const m2 = JSON.parse(fs.readFileSync(`${base}.ann.json`, 'utf8'));
    const file = path.join(dir, m2.files.index.name);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    const progress: number[] = [];
    const rebuilt = await AnnIndex.open(base, { model: TAG.model, version: 'other' }, D, rows(moved), (p) => progress.push(p.done));
    expect(rebuilt).toMatchObject({ loaded: false, added: 2300 });
    expect(progress.at(-1)).toBe(2300);
    // Only the current generation is kept on disk.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('persist.db.ann')).length).toBe(3);
  }, 120_000);

  const runChild = (db: string, mode: string, seed: number, delayMs: number) =>
    new Promise<{ lines: string[] }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/engines/faces/ann.child.ts', db, mode, String(seed)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: string[] = [];
      let buf = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          lines.push(line);
          if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      });
      child.on('exit', (_c, signal) => (signal === 'SIGKILL' ? resolve({ lines }) : reject(new Error(`child exited by itself: ${err}`))));
    });

  it('SIGKILL during enrollment or during a rebuild never leaves an index that disagrees with SQLite', async () => {
    const db = path.join(dir, 'crash.db');
    const repo = FaceRepository.open(db);
    // A starting gallery large enough that a rebuild takes a while.
    const m = unitRows(5000, 21);
    repo.write(() => {
      for (let p = 0; p < 500; p++)
        repo.enroll(
          `seed-${p}`,
          Array.from({ length: 10 }, (_, k) => ({
            source: `s${p}-${k}`,
            box: [0, 0, 1, 1] as [number, number, number, number],
            landmarks: [],
            quality: { ok: true, reasons: [], sizePx: 1, sharpness: 0, yawDeg: 0, rollDeg: 0 },
            crop: new Uint8Array([0xff, 0xd8]),
            embedding: m.subarray((p * 10 + k) * D, (p * 10 + k + 1) * D),
          })),
          TAG,
        );
    });
    repo.close();
    let enrolledBeforeKill = 0;
    let rebuildKilled = 0;
    for (let k = 0; k < 4; k++) {
      const mode = k % 2 === 0 ? 'enroll' : 'rebuild';
      const { lines } = await runChild(db, mode, k + 1, mode === 'enroll' ? 300 + 150 * k : 40 + 60 * k);
      enrolledBeforeKill += lines.filter((l) => l.startsWith('ok')).length;
      if (mode === 'rebuild' && !lines.includes('saved')) rebuildKilled++;
      const r = FaceRepository.open(db);
      try {
        expect(r.integrityCheck()).toBe('ok');
        const { index } = await AnnIndex.open(db, TAG, D, annRows(r.embeddings(TAG)));
        expectAgrees(index, r);
      } finally {
        r.close();
      }
    }
    // The kills landed while work was going on.
    expect(enrolledBeforeKill).toBeGreaterThan(0);
    expect(rebuildKilled).toBeGreaterThan(0);
  }, 300_000);
});
