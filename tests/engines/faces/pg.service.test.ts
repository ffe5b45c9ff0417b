/**
 * Two workstations (FacesService instances with their own connections, as
 * `--gallery postgres://…` gives them) on one real PostgreSQL: what one
 * enrolls, renames or removes, the other recognizes within a second without a
 * restart, and hears through onChange; export/import work the same; with the
 * server gone, recognition answers from the last synced gallery, writes are
 * E_DB and nothing is half-written; `vws faces --gallery` lists the team gallery.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/index';
import { FacesService } from '../../../main/faces/service';
import { postgresAvailable, startCluster, type PgCluster } from '../../support/postgres';

const FIX = 'tests/fixtures/faces';
const read = (f: string) => new Uint8Array(fs.readFileSync(f));
const shots = (p: string) => fs.readdirSync(`${FIX}/gallery/${p}`).map((f) => ({ name: f, data: read(`${FIX}/gallery/${p}/${f}`) }));
const names = (r: Awaited<ReturnType<FacesService['recognize']>>) => r.faces.flatMap((f) => (f.match ? [f.match.name] : [])).sort();

const available = postgresAvailable();
let cluster: PgCluster;
let dir: string;
let a: FacesService;
let b: FacesService;

beforeAll(async () => {
  if (!available) return;
  cluster = await startCluster();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-team-'));
}, 120_000);
afterAll(async () => {
  await a?.dispose();
  await b?.dispose();
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('a team gallery on PostgreSQL', () => {
  it('what one workstation changes, the other recognizes within a second', async () => {
    const gallery = await cluster.createDatabase('team');
    const bChanges: { persons: number; faces: number }[] = [];
    a = new FacesService({ dbPath: path.join(dir, 'a.db'), gallery });
    b = new FacesService({ dbPath: path.join(dir, 'b.db'), gallery, pipeline: a.pipeline, onChange: (c) => bChanges.push(c) });
    const probe = read(`${FIX}/probes/obama_and_biden.jpg`);
    expect(names(await b.recognize(probe))).toEqual([]); // b is synced (empty) and listening

    await a.enroll('obama', shots('obama'));
    // Within a second of the commit, b has resynced and says so.
    await expect.poll(() => bChanges.at(-1), { timeout: 1000, interval: 20 }).toEqual({ persons: 1, faces: 2 });
    expect(names(await b.recognize(probe))).toEqual(['obama']);

    await a.enroll('biden', shots('biden'));
    const biden = (await a.list()).find((p) => p.name === 'biden')!;
    await a.rename(biden.id, 'joe');
    await expect.poll(() => bChanges.length, { timeout: 1000, interval: 20 }).toBeGreaterThanOrEqual(3);
    expect(names(await b.recognize(probe))).toEqual(['joe', 'obama']);

    await b.removePerson(biden.id); // and the other way round
    expect(names(await a.recognize(probe))).toEqual(['obama']);
    expect(await a.counts()).toEqual({ persons: 1, faces: 2 });

    // Export from one, import into a fresh team database through the other service kind: same persons.
    const file = await a.exportGallery();
    const other = new FacesService({
      dbPath: path.join(dir, 'c.db'),
      gallery: await cluster.createDatabase('team2'),
      pipeline: a.pipeline,
    });
    expect(await other.importGallery(file)).toMatchObject({ persons: 1, faces: 2, reembedded: 0 });
    expect((await other.list()).map((p) => [p.name, p.faces])).toEqual([['obama', 2]]);
    await other.dispose();
  }, 240_000);

  it('with the server gone, recognition goes on from the last synced gallery and writes are refused whole', async () => {
    const probe = read(`${FIX}/probes/obama1.jpg`);
    expect(names(await b.recognize(probe))).toEqual(['obama']);
    await cluster.pause();
    try {
      expect(names(await b.recognize(probe))).toEqual(['obama']);
      const err = await b.enroll('kit', shots('kit_harington')).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'E_DB' });
      expect((err as Error).message).toContain('postgresql://vws@');
    } finally {
      await cluster.start();
    }
    expect(await b.counts()).toEqual({ persons: 1, faces: 2 });
    await b.enroll('kit', shots('kit_harington'));
    expect(names(await a.recognize(read(`${FIX}/probes/kit_with_rose.jpg`)))).toEqual(['kit']);
  }, 240_000);

  it('vws faces --gallery lists the team gallery', async () => {
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    });
    let code: number;
    try {
      code = await main(['--db', path.join(dir, 'cli.db'), '--json', 'faces', '--gallery', cluster.url('team'), 'list']);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    expect((JSON.parse(out) as { name: string }[]).map((p) => p.name).sort()).toEqual(['kit', 'obama']);
    expect(fs.existsSync(path.join(dir, 'cli.db'))).toBe(false); // the SQLite gallery is not touched
  }, 120_000);
});
