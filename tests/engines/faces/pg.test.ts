/**
 * The PostgreSQL gallery on a real, throwaway server (tests/support/postgres.ts):
 * the same answers as the SQLite store for the same edits; a second process
 * sees every kind of change within a second; two workstations enrolling one
 * new name end with one person; SIGKILL mid-enrollment leaves no half person;
 * an unreachable server is E_DB with the URL (password hidden), nothing is
 * half-written, and the store recovers when the server is back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VwError } from '../../../main/errors';
import { FaceRepository } from '../../../main/faces/store/repository';
import { PgGalleryStore, redactUrl } from '../../../main/faces/store/repository.pg';
import type { NewFace, StoreChange } from '../../../main/faces/store/repository.types';
import { GalleryIndex } from '../../../main/faces/store/gallery-index';
import { postgresAvailable, startCluster, type PgCluster } from '../../support/postgres';

const tag = { model: 'fr_feature', version: 'test' };
const CHILD = 'tests/engines/faces/pg.child.ts';

function face(i: number, dim = 512): NewFace {
  const e = new Float32Array(dim);
  e[i % dim] = 0.6;
  e[(i * 7 + 3) % dim] = 0.8;
  return {
    source: `s${i}.jpg`,
    box: [i, 0, 10, 10],
    landmarks: [[1, 2]],
    quality: { ok: true, reasons: [], sizePx: 10, sharpness: 1, yawDeg: 0, rollDeg: 0 },
    crop: new Uint8Array([0xff, 0xd8, i % 256]),
    embedding: e,
  };
}

function child(
  url: string,
  mode: string,
  name = '',
): { proc: ChildProcess; lines: string[]; next: (pred: (l: string) => boolean) => Promise<string> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, url, mode, name], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { pred: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let buf = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (!w.pred(line)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const next = (pred: (l: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find(pred);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`child: no matching line in 20 s; stderr: ${err}`)), 20_000);
      waiters.push({ pred, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  return { proc, lines, next };
}

const available = postgresAvailable();
let cluster: PgCluster;
const stores: PgGalleryStore[] = [];
const open = async (url: string) => {
  const s = await PgGalleryStore.open(url, { connectTimeoutMs: 2000 });
  stores.push(s);
  return s;
};

beforeAll(async () => {
  if (available) cluster = await startCluster();
}, 120_000);
afterAll(async () => {
  for (const s of stores) await s.close();
  await cluster?.stop();
});

describe.skipIf(!available)('PostgreSQL gallery', () => {
  it('gives the same answers as the SQLite store for the same edits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-pg-parity-'));
    const lite = FaceRepository.open(path.join(dir, 'g.db'));
    const pgs = await open(await cluster.createDatabase('parity'));
    try {
      for (const s of [lite, pgs]) {
        const a = await s.enroll('ada', [face(1), face(2)], tag);
        const b = await s.enroll('bob', [face(3)], tag);
        // Before the same-name enrollment: PostgreSQL's upsert uses up a person id, SQLite's does not.
        const d = await s.enroll('dee', [face(7)], tag);
        await s.enroll('ada', [face(4)], tag); // same name: same person
        const c = await s.enroll('cy', [face(5), face(6)], tag);
        await s.reject(a.faceIds[0]!, b.personId);
        await s.reject(c.faceIds[0]!, a.personId);
        await s.rename(b.personId, 'bobby');
        await s.merge(c.personId, a.personId); // the rejection "c's face is not ada" contradicts the merge and goes
        await s.removeFace(b.faceIds[0]!); // bobby's only face: bobby goes too
        await s.reject(a.faceIds[1]!, d.personId);
        await s.moveFace(a.faceIds[1]!, d.personId); // the rejection "this face is not dee" contradicts the move and goes
        await s.moveFace(d.faceIds[0]!, a.personId); // dee keeps the moved face
        await s.putEmbeddings([{ faceId: a.faceIds[1]!, vector: face(9).embedding }], { model: 'fr_feature', version: 'v2' });
        await s.setSetting('tau', '0.4');
        await s.setSetting('tau', '0.41');
      }
      const strip = <T extends { created?: string }>(xs: T[]) => xs.map(({ created: _c, ...rest }) => rest);
      expect(strip(await pgs.listPersons())).toEqual(strip(lite.listPersons()));
      expect(strip(await pgs.listFaces(1))).toEqual(strip(lite.listFaces(1)));
      expect(strip((await pgs.allFaces()).map((f) => ({ ...f, crop: [...f.crop] })))).toEqual(
        strip(lite.allFaces().map((f) => ({ ...f, crop: [...f.crop] }))),
      );
      expect(await pgs.rejections()).toEqual(lite.rejections());
      expect(await pgs.embeddings(tag)).toEqual(lite.embeddings(tag));
      expect(await pgs.facesWithoutEmbedding(tag)).toEqual(lite.facesWithoutEmbedding(tag));
      expect(await pgs.getSetting('tau')).toBe('0.41');
      expect(await pgs.counts()).toEqual(lite.counts());
      expect(await pgs.orphans()).toEqual({ personsWithoutFaces: 0, facesWithoutEmbedding: 0 });
      expect((await pgs.listPersons())[0]!.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      await expect(pgs.rename(999, 'x')).rejects.toMatchObject({ code: 'E_UNKNOWN_PERSON' });
      await expect(pgs.removeFace(999)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
      await expect(pgs.moveFace(999, 1)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
      expect(() => lite.moveFace(999, 1)).toThrow(/No face/);
      await expect(pgs.enroll('x', [], tag)).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
      // Import: persons merged by name, rejections by name, one transaction.
      const before = await pgs.counts();
      await expect(
        pgs.importPersons(
          [
            { name: 'ada', faces: [face(20)], rejectedFor: [['bobby']] },
            { name: 'dee', faces: [face(21)], rejectedFor: [['ada']] },
            { name: 'bad', faces: [{ ...face(22), box: undefined as never }], rejectedFor: [[]] },
          ],
          tag,
        ),
      ).rejects.toBeInstanceOf(VwError);
      expect(await pgs.counts()).toEqual(before); // nothing of the failed import is left
      expect((await pgs.importPersons([{ name: 'dee', faces: [face(21)], rejectedFor: [['ada']] }], tag)).faces).toBe(1);
      expect((await pgs.rejections()).length).toBe((await lite.rejections()).length + 1);
    } finally {
      lite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('migrates once, and refuses a schema newer than this build', async () => {
    const url = await cluster.createDatabase('migr');
    const [a, b] = await Promise.all([open(url), open(url)]); // two workstations starting together
    await a.enroll('ada', [face(1)], tag);
    expect((await b.listPersons()).map((p) => p.name)).toEqual(['ada']);
    const c = await open(url);
    expect(await c.counts()).toEqual({ persons: 1, faces: 1 });
    const raw = new (await import('pg')).default.Client({ connectionString: url });
    await raw.connect();
    await raw.query('UPDATE vws_schema SET version = 99');
    await raw.end();
    await expect(PgGalleryStore.open(url)).rejects.toMatchObject({ code: 'E_DB_SCHEMA' });
  }, 60_000);

  it('roles: a read-only recognizer opens, reads and listens; its writes are refused with E_DB', async () => {
    const url = await cluster.createDatabase('roles');
    const owner = await open(url);
    await owner.enroll('ada', [face(1)], tag);
    const raw = new (await import('pg')).default.Client({ connectionString: url });
    await raw.connect();
    await raw.query('CREATE ROLE vws_recognizer LOGIN');
    await raw.query('GRANT USAGE ON SCHEMA public TO vws_recognizer');
    await raw.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO vws_recognizer');
    await raw.end();
    const ro = await open(url.replace('postgresql://vws@', 'postgresql://vws_recognizer@'));
    expect((await ro.listPersons()).map((p) => p.name)).toEqual(['ada']);
    const heard: StoreChange[] = [];
    ro.onChange((c) => heard.push(c));
    await owner.rename(1, 'ada2');
    await expect.poll(() => heard.map((c) => c.kind), { timeout: 1000, interval: 20 }).toEqual(['rename']);
    const err = await ro.enroll('eve', [face(2)], tag).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_DB' });
    expect((err as VwError).hint).toMatch(/rights/);
    expect(await owner.counts()).toEqual({ persons: 1, faces: 1 });
  }, 60_000);

  it('a second process sees enrollments, renames, merges, deletes and rejections within a second', async () => {
    const url = await cluster.createDatabase('sync');
    const me = await open(url);
    const other = child(url, 'watch');
    try {
      await other.next((l) => l === 'ready');
      const seen = async (
        kind: string,
        check: (s: {
          gallery: Record<string, number>;
          names: Record<string, string>;
          rejections: number;
          indexed: boolean;
          top: number | null;
        }) => boolean,
        t0: number,
      ) => {
        const line = await other.next((l) => l.startsWith('{') && JSON.parse(l).kind === kind && check(JSON.parse(l)));
        const delay = JSON.parse(line).t - t0;
        expect(delay, kind).toBeLessThan(1000);
        return delay;
      };
      let t0 = Date.now();
      const ada = await me.enroll('ada', [face(1), face(2)], tag);
      await seen(
        'enroll',
        (s) => Object.keys(s.gallery).length === 2 && s.names[ada.personId] === 'ada' && s.indexed && s.top === ada.personId,
        t0,
      );
      const bob = await me.enroll('bob', [face(3)], tag);
      t0 = Date.now();
      await me.rename(bob.personId, 'robert');
      await seen('rename', (s) => s.names[bob.personId] === 'robert', t0);
      t0 = Date.now();
      await me.reject(ada.faceIds[0]!, bob.personId);
      await seen('reject', (s) => s.rejections === 1, t0);
      t0 = Date.now();
      await me.merge(bob.personId, ada.personId);
      await seen(
        'merge',
        (s) => Object.values(s.gallery).every((p) => p === ada.personId) && !s.names[bob.personId] && s.top === ada.personId,
        t0,
      );
      t0 = Date.now();
      await me.removeFace(ada.faceIds[0]!);
      await seen('removeFace', (s) => Object.keys(s.gallery).length === 2, t0);
      t0 = Date.now();
      await me.removePerson(ada.personId);
      await seen('removePerson', (s) => Object.keys(s.gallery).length === 0, t0);
      // And the other way: what the child commits, our feed reports (not our own commits).
      const mine: StoreChange[] = [];
      me.onChange((c) => mine.push(c));
      const writer = child(url, 'enroll-once', 'zoe');
      await writer.next((l) => l === 'done');
      await expect.poll(() => mine.map((c) => c.kind), { timeout: 1000, interval: 20 }).toEqual(['enroll']);
      expect((await me.findPerson('zoe'))?.faces).toBe(2);
    } finally {
      other.proc.kill('SIGKILL');
    }
  }, 90_000);

  it('two workstations enrolling the same new name at once end with one person', async () => {
    const url = await cluster.createDatabase('race');
    const procs = [0, 1, 2].map(() => child(url, 'enroll-once', 'newcomer'));
    await Promise.all(procs.map((p) => p.next((l) => l === 'done')));
    const s = await open(url);
    const persons = await s.listPersons();
    expect(persons.map((p) => [p.name, p.faces])).toEqual([['newcomer', 6]]);
    // In one process too, over separate connections.
    const [a, b] = [await open(url), await open(url)];
    for (let i = 0; i < 5; i++) await Promise.all([a.enroll(`n${i}`, [face(1)], tag), b.enroll(`n${i}`, [face(2)], tag)]);
    expect((await s.listPersons()).filter((p) => /^n\d$/.test(p.name)).map((p) => p.faces)).toEqual([2, 2, 2, 2, 2]);
  }, 90_000);

  it('SIGKILL mid-enrollment leaves no half person', async () => {
    const url = await cluster.createDatabase('kill');
    const committed = new Map<string, number>();
    for (let k = 0; k < 4; k++) {
      const w = child(url, 'enroll', `k${k}`);
      await w.next((l) => l === 'ready');
      await new Promise((r) => setTimeout(r, 150 + k * 60));
      w.proc.kill('SIGKILL');
      await new Promise((r) => w.proc.once('exit', r));
      for (const l of w.lines) {
        const m = /^ok (\S+) (\d+)$/.exec(l);
        if (m) committed.set(m[1]!, Number(m[2]));
      }
    }
    expect(committed.size).toBeGreaterThan(0); // the kills landed while enrolling
    const s = await open(url);
    expect(await s.orphans()).toEqual({ personsWithoutFaces: 0, facesWithoutEmbedding: 0 });
    const persons = new Map((await s.listPersons()).map((p) => [p.name, p.faces]));
    for (const [name, n] of committed) expect(persons.get(name), name).toBe(n);
    for (const [, n] of persons) expect([2, 40]).toContain(n);
    expect(persons.size - committed.size).toBeLessThanOrEqual(4);
  }, 120_000);

  it('an unreachable server is E_DB with the URL (password hidden); writes are refused, never half-applied; it reconnects', async () => {
    // At start: nothing listens on this socket.
    const bad = `postgresql://vws:s3cret-pw@/nowhere?host=${encodeURIComponent(path.join(cluster.dir, 'absent'))}&port=1`;
    const err = await PgGalleryStore.open(bad, { connectTimeoutMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VwError);
    expect((err as VwError).code).toBe('E_DB');
    expect((err as VwError).message).toContain('vws:***@');
    expect(JSON.stringify(err) + (err as VwError).message + (err as VwError).hint).not.toContain('s3cret');
    expect((err as VwError).hint).toMatch(/reachable/);
    expect(redactUrl('postgres://u:p%40ss@h:5432/db?password=x')).toBe('postgres://u:***@h:5432/db?password=***');

    // Mid-session: the server goes away.
    const url = await cluster.createDatabase('fault');
    const s = await open(url);
    await s.enroll('ada', [face(1)], tag);
    const g = new GalleryIndex();
    await g.sync(s, tag);
    const changes: StoreChange[] = [];
    s.onChange((c) => changes.push(c));
    await cluster.pause();
    try {
      const e = await s.enroll('bob', [face(2), face(3)], tag).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'E_DB' });
      expect((e as VwError).message).toContain(redactUrl(url));
      await expect(s.rename(1, 'x')).rejects.toMatchObject({ code: 'E_DB' });
      // Recognition goes on from the last synced gallery.
      // A failed sync leaves the last synced gallery whole.
      await expect(g.sync(s, tag)).rejects.toMatchObject({ code: 'E_DB' });
      expect(g.synced).toBe(true);
      expect((await g.rank(face(1).embedding))[0]).toMatchObject({ personId: 1 });
    } finally {
      await cluster.start();
    }
    // Back: the change feed reconnects by itself and says so; nothing of bob was written.
    await expect.poll(() => changes.some((c) => c.kind === 'reconnect'), { timeout: 10_000, interval: 100 }).toBe(true);
    expect(s.listening).toBe(true);
    expect((await s.listPersons()).map((p) => [p.name, p.faces])).toEqual([['ada', 1]]);
    await s.enroll('bob', [face(2)], tag);
    expect(await s.counts()).toEqual({ persons: 2, faces: 2 });
    await g.dispose();
  }, 90_000);
});
