/**
 * Concurrency: recognize (and enroll) in this process while another process
 * enrolls into the same database file. No SQLITE_BUSY reaches the caller, the
 * results stay consistent, and the in-memory matrix picks up the other
 * process's commits (PRAGMA data_version) without a reload per query.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FacesService } from '../../../main/faces/service';
import { encodeJpeg, decodeImage } from '../../../main/imaging/decode';

const FIX = 'tests/fixtures/faces';
const read = (f: string) => new Uint8Array(fs.readFileSync(f));
let dir: string;
let payload: string;
let service: FacesService;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-faces-conc-'));
  service = new FacesService({ dbPath: path.join(dir, 'shared.db') });
  for (const p of ['kit_harington', 'rose_leslie']) {
    await service.enroll(
      p,
      fs.readdirSync(`${FIX}/gallery/${p}`).map((f) => ({ name: f, data: read(`${FIX}/gallery/${p}/${f}`) })),
    );
  }
  // The other process enrolls real obama faces under its own names.
  const face = (await service.pipeline.analyze(await decodeImage(read(`${FIX}/gallery/obama/obama.jpg`)))).faces[0]!;
  const e = face.embedding;
  payload = path.join(dir, 'payload.json');
  fs.writeFileSync(
    payload,
    JSON.stringify({
      tag: await service.tag(),
      faces: [
        {
          source: 'obama.jpg',
          box: face.box,
          landmarks: face.landmarks,
          quality: face.quality,
          crop: Buffer.from(await encodeJpeg(face.aligned)).toString('base64'),
          embedding: Buffer.from(e.buffer, e.byteOffset, e.byteLength).toString('base64'),
        },
      ],
    }),
  );
});

afterAll(async () => {
  await service?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('concurrency', () => {
  it('recognizes and enrolls while another process enrolls', async () => {
    const ITER = 400;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/engines/faces/durability.child.ts', path.join(dir, 'shared.db'), payload, 'w', String(ITER)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let childDone = false;
    void exited.then(() => (childDone = true));

    const kitRose = read(`${FIX}/probes/kit_with_rose.jpg`);
    const obama = read(`${FIX}/probes/obama1.jpg`);
    let rounds = 0;
    let overlapped = 0;
    let sawChildPersons = false;
    const seenFaceCounts: number[] = [];
    while (!out.includes('ready')) await new Promise((r) => setTimeout(r, 20));
    while (!childDone || rounds < 3) {
      const a = await service.recognize(kitRose);
      // The other process only adds obama faces: this answer never changes.
      expect(a.faces.flatMap((f) => (f.match ? [f.match.name] : [])).sort()).toEqual(['kit_harington', 'rose_leslie']);
      const b = await service.recognize(obama);
      const name = b.faces[0]!.match?.name;
      // Unknown until the other process's first commit, then one of its persons — never kit or rose.
      if (name !== undefined) {
        expect(name).toMatch(/^w-\d+$/);
        expect(b.faces[0]!.match!.similarity).toBeGreaterThan(0.6);
        sawChildPersons = true;
      }
      if (rounds % 3 === 0) {
        // A write of our own in the middle of theirs: waits on the lock instead of failing.
        await service.enroll(`mine-${rounds}`, [{ name: 'john2.jpg', data: read(`${FIX}/gallery/kit_harington/john2.jpg`) }]);
      }
      seenFaceCounts.push((await service.counts()).faces);
      const okLines = out.split('\n').filter((l) => l.startsWith('ok ')).length;
      if (okLines > 0 && okLines < ITER) overlapped++;
      rounds++;
    }
    expect(await exited).toBe(0);
    expect(err).toBe('');
    expect(
      out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('ok ')),
    ).toHaveLength(ITER);
    expect(sawChildPersons).toBe(true);
    // The two really ran at the same time: rounds of ours between the other's first and last commit.
    expect(overlapped).toBeGreaterThanOrEqual(2);
    // Counts only grow while both write.
    for (let i = 1; i < seenFaceCounts.length; i++) expect(seenFaceCounts[i]!).toBeGreaterThanOrEqual(seenFaceCounts[i - 1]!);

    // After the other process finished, our matrix holds every face of both writers.
    const childFaces = Array.from({ length: ITER }, (_, i) => (i % 2 === 0 ? 2 : 40)).reduce((a, b) => a + b, 0);
    const mine = Math.ceil(rounds / 3);
    expect(await service.counts()).toEqual({ persons: 2 + ITER + mine, faces: 4 + childFaces + mine });
    const final = await service.recognize(obama);
    expect(final.faces[0]!.match!.name).toMatch(/^w-\d+$/);
    expect(service.repo().integrityCheck()).toBe('ok');
  });
});
