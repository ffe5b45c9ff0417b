/**
 * Personalization of a real gallery (issue #17 item 8): the fixtures' 5 people,
 * with the single-person probes enrolled as further shots (14 faces). The
 * projection is learned with the style engine's generated gradient, judged on
 * held-out faces at the gallery's τ and kept only when accuracy rises; it is
 * stored with the embedding tag in the gallery (SQLite and PostgreSQL alike);
 * verify and recognize apply it and say so; removing it (service, CLI)
 * restores every answer exactly.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonalizationStatus, RecognizeResult } from '../../../preload/contract';
import { encodeStored, parseStored, settingKey } from '../../../main/faces/personalization';
import { FacesService } from '../../../main/faces/service';
import { postgresAvailable, startCluster, type PgCluster } from '../../support/postgres';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FIX = path.join(ROOT, 'tests/fixtures/faces');
const read = (f: string) => new Uint8Array(fs.readFileSync(f));
const probes = JSON.parse(fs.readFileSync(`${FIX}/probes.json`, 'utf8')) as Record<string, string[]>;
const vws = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/vws.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });

/** A stricter operating point than the default 0.35: there the frozen encodings miss held-out genuine pairs. */
const STRICT_TAU = 0.65;

async function enrollFixtures(s: FacesService): Promise<void> {
  for (const person of fs.readdirSync(`${FIX}/gallery`).sort()) {
    const shots = fs
      .readdirSync(`${FIX}/gallery/${person}`)
      .sort()
      .map((f) => ({ name: f, data: read(`${FIX}/gallery/${person}/${f}`) }));
    const more = Object.entries(probes)
      .filter(([, ps]) => ps.length === 1 && ps[0] === person)
      .map(([f]) => ({ name: f, data: read(`${FIX}/probes/${f}`) }));
    await s.enroll(person, [...shots, ...more]);
  }
}

/** Every answer verify and recognize give on the probes, without timings. */
async function answers(s: FacesService) {
  const strip = ({ timings: _t, ...r }: RecognizeResult) => r;
  const rec = [];
  for (const f of ['kit_with_rose.jpg', 'obama_and_biden.jpg']) rec.push(strip(await s.recognize(read(`${FIX}/probes/${f}`))));
  const ver = [await s.verify(read(`${FIX}/probes/johnsnow_test1.jpg`), read(`${FIX}/gallery/kit_harington/john1.jpg`))];
  return { rec, ver };
}
const sims = (a: Awaited<ReturnType<typeof answers>>) => [
  ...a.rec.flatMap((r) => r.faces.map((f) => f.best?.similarity)),
  ...a.ver.map((v) => v.similarity),
];

describe('the stored projection', () => {
  it('is read only for the embedding tag it was learned for, with the embedding’s length', () => {
    const tag = { model: 'fr_feature', version: 'aaaa' };
    const info = {
      ...tag,
      alpha: 1.5,
      steps: 3,
      trainFaces: 4,
      heldOutFaces: 1,
      heldOutPairs: 4,
      tau: 0.6,
      accuracyBefore: 0.5,
      accuracyAfter: 1,
      trained: '2026-01-01T00:00:00.000Z',
    };
    const raw = encodeStored(Float32Array.from([1, 0.5, 2]), info);
    expect(settingKey(tag)).toBe('personalization:fr_feature@aaaa');
    expect(parseStored(raw, tag, 3)?.weights).toEqual(Float32Array.from([1, 0.5, 2]));
    expect(parseStored(raw, tag, 3)?.info).toEqual(info);
    expect(parseStored(raw, { ...tag, version: 'bbbb' }, 3)).toBeUndefined();
    expect(parseStored(raw, tag, 512)).toBeUndefined();
    expect(parseStored('{"format":1}', tag, 3)).toBeUndefined();
    expect(parseStored(encodeStored(Float32Array.from([NaN, 1, 1]), info), tag, 3)).toBeUndefined();
  });
});

describe('personalization of a real SQLite gallery', () => {
  let dir: string;
  let faces: FacesService;
  let db: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-personal-'));
    db = path.join(dir, 'g.db');
    faces = new FacesService({ dbPath: db });
    await enrollFixtures(faces);
  }, 120_000);
  afterAll(async () => {
    await faces?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('at the default τ the frozen encodings are already perfect on held-out pairs: nothing is adopted, nothing changes', async () => {
    expect(await faces.counts()).toEqual({ persons: 5, faces: 14 });
    const before = await answers(faces);
    const r = await faces.personalize();
    expect([r.trainFaces, r.heldOutFaces, r.heldOutPairs]).toEqual([11, 3, 36]);
    expect(r.meanLossAfter).toBeLessThan(r.meanLossBefore);
    expect(r.accuracyBefore).toBe(1);
    // Never lowers held-out accuracy: what the gallery keeps is at least as good as the frozen encodings.
    expect(r.adopted ? r.accuracyAfter : r.accuracyBefore).toBeGreaterThanOrEqual(r.accuracyBefore);
    expect(r.adopted).toBe(r.accuracyAfter > r.accuracyBefore);
    expect(r.adopted).toBe(false);
    expect((await faces.personalization()).active).toBe(false);
    expect(await answers(faces)).toEqual(before);
    // A cancelled training stores nothing.
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(faces.personalize({ signal: cancelled.signal })).rejects.toMatchObject({ code: 'E_CANCELLED' });
  }, 60_000);

  it(`at τ ${STRICT_TAU} it raises held-out accuracy, is applied to verify and recognize, and its removal (CLI) restores every answer`, async () => {
    await faces.setTau(STRICT_TAU);
    const before = await answers(faces);
    const calBefore = await faces.calibrate();
    expect(calBefore.personalized).toBe(false);
    expect(before.rec.every((r) => r.personalized === false)).toBe(true);
    const r = await faces.personalize();
    expect(r.accuracyAfter).toBeGreaterThan(r.accuracyBefore);
    expect(r.adopted).toBe(true);
    const status = await faces.personalization();
    expect(status).toMatchObject({ active: true, model: 'fr_feature', projection: { tau: STRICT_TAU, version: status.version } });

    const applied = await answers(faces);
    expect(applied.rec.every((x) => x.personalized === true) && applied.ver.every((v) => v.personalized === true)).toBe(true);
    expect(sims(applied)).not.toEqual(sims(before));
    // Projected similarities are cosines in [-1, 1], and genuine pairs move up.
    expect(applied.ver[0]!.similarity).toBeGreaterThan(before.ver[0]!.similarity);
    // Calibration scores the pairs as verify and recognize now do.
    const calApplied = await faces.calibrate();
    expect(calApplied.personalized).toBe(true);
    expect(calApplied.genuine[0]!).toBeGreaterThan(calBefore.genuine[0]!);

    const shown = vws('--db', db, 'faces', 'personalization', '--json');
    expect(shown.status).toBe(0);
    expect((JSON.parse(shown.stdout) as PersonalizationStatus).projection?.accuracyAfter).toBe(r.accuracyAfter);
    const removed = vws('--db', db, 'faces', 'personalization', 'remove', '--json');
    expect(JSON.parse(removed.stdout)).toEqual({ removed: true });
    expect((await faces.personalization()).active).toBe(false);
    expect(await answers(faces)).toEqual(before);
    expect(await faces.calibrate()).toEqual(calBefore);
    expect(await faces.removePersonalization()).toEqual({ removed: false });
  }, 60_000);
});

const pgAvailable = postgresAvailable();
describe.skipIf(!pgAvailable)('personalization of a team gallery on PostgreSQL', () => {
  let cluster: PgCluster;
  let dir: string;
  let a: FacesService;
  let b: FacesService;
  beforeAll(async () => {
    cluster = await startCluster();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-personal-pg-'));
  }, 120_000);
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('one workstation adopts it, the other applies it; removed, both answer as before', async () => {
    const gallery = await cluster.createDatabase('team');
    a = new FacesService({ dbPath: path.join(dir, 'a.db'), gallery });
    b = new FacesService({ dbPath: path.join(dir, 'b.db'), gallery, pipeline: a.pipeline });
    await enrollFixtures(a);
    await a.setTau(STRICT_TAU);
    const before = await answers(b);
    const r = await a.personalize();
    expect(r.adopted).toBe(true);
    expect(r.accuracyAfter).toBeGreaterThan(r.accuracyBefore);
    const applied = await answers(b);
    expect(applied.rec.every((x) => x.personalized === true)).toBe(true);
    expect(sims(applied)).not.toEqual(sims(before));
    expect(await b.removePersonalization()).toEqual({ removed: true });
    expect(await answers(a)).toEqual(before);
    expect(await answers(b)).toEqual(before);
  }, 120_000);
});
