/**
 * Durability: a child process enrolling in a loop is killed with SIGKILL at
 * random moments, 24 times. Afterwards the database opens, integrity_check is
 * ok, no person lacks faces, no face lacks its embedding, and every enrollment
 * the child reported as committed is there with all its faces.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceRepository } from '../../../main/faces/store/repository';
import { FacesService } from '../../../main/faces/service';
import { encodeJpeg, decodeImage } from '../../../main/imaging/decode';

const KILLS = 24;
let dir: string;
let payload: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-faces-kill-'));
  const service = new FacesService({ dbPath: path.join(dir, 'unused.db') });
  const faces = [];
  for (const f of ['tests/fixtures/faces/gallery/obama/obama.jpg', 'tests/fixtures/faces/gallery/biden/biden2.jpg']) {
    const face = (await service.pipeline.analyze(await decodeImage(new Uint8Array(fs.readFileSync(f))))).faces[0]!;
    const e = face.embedding;
    faces.push({
      source: path.basename(f),
      box: face.box,
      landmarks: face.landmarks,
      quality: face.quality,
      crop: Buffer.from(await encodeJpeg(face.aligned, 95)).toString('base64'),
      embedding: Buffer.from(e.buffer, e.byteOffset, e.byteLength).toString('base64'),
    });
  }
  payload = path.join(dir, 'payload.json');
  fs.writeFileSync(payload, JSON.stringify({ tag: await service.tag(), faces }));
  await service.dispose();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Deterministic pseudo-random delays, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function runAndKill(db: string, tag: string, delayMs: number): Promise<{ committed: Map<string, number>; readyBeforeKill: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/engines/faces/durability.child.ts', db, payload, tag], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const committed = new Map<string, number>();
    let buf = '';
    let ready = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready' && !ready) {
          ready = true;
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
        const m = /^ok (\S+) (\d+)$/.exec(line);
        if (m) committed.set(m[1]!, Number(m[2]));
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited without being killed: ${stderr}`));
      else resolve({ committed, readyBeforeKill: ready });
    });
  });
}

describe('durability under SIGKILL', () => {
  it(`survives ${KILLS} kills of an enrolling child`, async () => {
    const db = path.join(dir, 'kill.db');
    const rand = rng(20261125);
    const all = new Map<string, number>();
    let killedWithWork = 0;
    for (let k = 0; k < KILLS; k++) {
      const { committed } = await runAndKill(db, `k${k}`, Math.floor(rand() * 250));
      for (const [name, n] of committed) all.set(name, n);
      if (committed.size > 0) killedWithWork++;

      // After every kill: the file opens, recovers its WAL and is consistent.
      const repo = FaceRepository.open(db);
      try {
        expect(repo.integrityCheck()).toBe('ok');
        expect(repo.orphans()).toEqual({ personsWithoutFaces: 0, facesWithoutEmbedding: 0 });
      } finally {
        repo.close();
      }
    }
    // The kills really landed while work was going on.
    expect(killedWithWork).toBeGreaterThan(KILLS / 2);
    expect(all.size).toBeGreaterThan(KILLS);

    const repo = FaceRepository.open(db);
    try {
      const persons = new Map(repo.listPersons().map((p) => [p.name, p.faces]));
      // Every enrollment that returned success is present with all its faces.
      for (const [name, n] of all) expect(persons.get(name), name).toBe(n);
      // At most one in-flight enrollment per kill may have committed without being reported; none is partial.
      expect(persons.size - all.size).toBeLessThanOrEqual(KILLS);
      for (const [, n] of persons) expect([2, 40]).toContain(n);
      const counts = repo.counts();
      expect(counts.faces).toBe([...persons.values()].reduce((a, b) => a + b, 0));
      expect(repo.embeddings({ model: 'fr_feature', version: JSON.parse(fs.readFileSync(payload, 'utf8')).tag.version })).toHaveLength(
        counts.faces,
      );
    } finally {
      repo.close();
    }
  });
});
