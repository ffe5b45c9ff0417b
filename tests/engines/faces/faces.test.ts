/**
 * Faces end to end: real models, a real SQLite file in a temp dir, the shared
 * gallery and probes (copied to tests/fixtures/faces).
 */
import { CHANNELS } from '../../../preload/channels';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../../../preload/contract';
import { VwError } from '../../../main/errors';
import { ARCFACE_TEMPLATE } from '../../../main/faces/align';
import { applyAffine } from '../../../main/faces/pixels';
import { DEFAULT_TAU, FacesService } from '../../../main/faces/service';
import { SCHEMA_VERSION } from '../../../main/faces/store/repository';
import { decodeImage } from '../../../main/imaging/decode';
import { facesHandlers, facesSchemas } from '../../../main/host/areas/faces';
import type { HostEnv, RequestContext } from '../../../main/host/types';
import { modelResolver } from '../../../main/models/resolver';

const FIX = 'tests/fixtures/faces';
const probes = JSON.parse(fs.readFileSync(`${FIX}/probes.json`, 'utf8')) as Record<string, string[]>;
const people = fs.readdirSync(`${FIX}/gallery`).sort();
const shots = people.flatMap((p) =>
  fs
    .readdirSync(`${FIX}/gallery/${p}`)
    .sort()
    .map((f) => ({ person: p, file: `${FIX}/gallery/${p}/${f}` })),
);
const read = (f: string) => new Uint8Array(fs.readFileSync(f));

let dir: string;
let faces: FacesService;
const changes: { persons: number; faces: number }[] = [];

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return err instanceof VwError ? err.code : `untyped: ${String(err)}`;
  }
  return 'no error';
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-faces-'));
  faces = new FacesService({ dbPath: path.join(dir, 'gallery.db'), onChange: (c) => changes.push(c) });
  for (const person of people) {
    await faces.enroll(
      person,
      shots.filter((s) => s.person === person).map((s) => ({ name: path.basename(s.file), data: read(s.file) })),
    );
  }
});

afterAll(async () => {
  await faces?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('enrollment', () => {
  it('enrolls every gallery shot, one transaction and one change event per person', async () => {
    const list = await faces.list();
    expect(list.map((p) => p.name)).toEqual(people);
    expect(list.map((p) => p.faces)).toEqual(people.map((p) => shots.filter((s) => s.person === p).length));
    expect(changes).toHaveLength(people.length);
    expect(changes.at(-1)).toEqual({ persons: 5, faces: 9 });
    expect(faces.repo().orphans()).toEqual({ personsWithoutFaces: 0, facesWithoutEmbedding: 0 });
  });

  it('stores box, landmarks, quality and a 112×112 JPEG crop per face', async () => {
    const obama = (await faces.list()).find((p) => p.name === 'obama')!;
    const recs = await faces.faces(obama.id);
    expect(recs.map((r) => r.source)).toEqual(['obama.jpg', 'obama2.jpg']);
    for (const r of recs) {
      expect(r.quality.ok).toBe(true);
      expect(r.box[2] - r.box[0]).toBeGreaterThan(100);
      const { jpeg } = await faces.thumbnail(r.id);
      const meta = await sharp(jpeg).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 112, 112]);
    }
  });
});

describe('recognition (probes.json)', () => {
  for (const [probe, expected] of Object.entries(probes)) {
    it(`${probe}: ${expected.length ? expected.join(', ') : 'nobody enrolled'}`, async () => {
      const r = await faces.recognize(read(`${FIX}/probes/${probe}`));
      const named = r.faces.flatMap((f) => (f.match ? [f.match.name] : [])).sort();
      // Each listed identity is recognized and nobody else is named.
      expect(named).toEqual([...expected].sort());
      expect(r.faces.length).toBeGreaterThanOrEqual(expected.length);
      expect(r.tau).toBe(DEFAULT_TAU);
      for (const f of r.faces) {
        expect(f.landmarks).toHaveLength(68);
        if (f.match) {
          expect(f.match.similarity).toBeGreaterThan(0.5);
          // A clear winner: the runner-up is far below.
          expect(f.match.similarity - (f.runnerUp?.similarity ?? -1)).toBeGreaterThan(0.3);
        } else {
          // Faces of people not enrolled come back unknown, with their best guess still reported.
          expect(f.best!.similarity).toBeLessThan(r.tau);
        }
      }
      for (const k of ['detect', 'landmarks', 'align', 'embed', 'match'] as const) expect(r.timings[k]).toBeGreaterThanOrEqual(0);
    });
  }

  it('a 20°-rotated probe still recognizes the same person, and the pose sees the rotation', async () => {
    const bytes = read(`${FIX}/probes/obama1.jpg`);
    const rotated = new Uint8Array(await sharp(bytes).rotate(20, { background: '#808080' }).jpeg({ quality: 92 }).toBuffer());
    const a = await faces.recognize(bytes);
    const b = await faces.recognize(rotated);
    expect(b.faces.filter((f) => f.match).map((f) => f.match!.name)).toEqual(['obama']);
    const fa = a.faces[0]!;
    const fb = b.faces.find((f) => f.match)!;
    // sharp rotates clockwise: the eye line tilts by +20° in image coordinates.
    expect(fb.quality.rollDeg - fa.quality.rollDeg).toBeGreaterThan(15);
    expect(fb.quality.rollDeg - fa.quality.rollDeg).toBeLessThan(25);
    expect(Math.abs(fb.match!.similarity - fa.match!.similarity)).toBeLessThan(0.15);
  });
});

describe('verification and τ', () => {
  let emb: { person: string; file: string; e: Float32Array; residual: number; five: [number, number][]; transform?: unknown }[];

  beforeAll(async () => {
    emb = [];
    for (const s of shots) {
      const { faces: found } = await faces.pipeline.analyze(await decodeImage(read(s.file)));
      const f = found[0]!;
      emb.push({ ...s, e: f.embedding, residual: f.residual, five: f.five });
    }
  });

  it('embeddings are 512-D and unit length', () => {
    for (const x of emb) {
      expect(x.e).toHaveLength(512);
      expect(Math.hypot(...x.e)).toBeCloseTo(1, 5);
    }
  });

  it('every same-person pair scores above τ, every different-person pair below', () => {
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    const genuine: number[] = [];
    const impostor: number[] = [];
    for (let i = 0; i < emb.length; i++)
      for (let j = i + 1; j < emb.length; j++) (emb[i]!.person === emb[j]!.person ? genuine : impostor).push(dot(emb[i]!.e, emb[j]!.e));
    expect(genuine).toHaveLength(4);
    expect(impostor).toHaveLength(32);
    expect(Math.min(...genuine)).toBeGreaterThan(DEFAULT_TAU);
    expect(Math.max(...impostor)).toBeLessThan(DEFAULT_TAU);
    // A margin on both sides, not a coin flip at τ.
    expect(Math.min(...genuine) - Math.max(...impostor)).toBeGreaterThan(0.3);
  });

  it('verify(a, b) gives the similarity, the decision and τ', async () => {
    const same = await faces.verify(read(`${FIX}/gallery/obama/obama.jpg`), read(`${FIX}/probes/obama1.jpg`));
    expect(same.same).toBe(true);
    expect(same.similarity).toBeGreaterThan(0.6);
    expect(same.tau).toBe(DEFAULT_TAU);
    const diff = await faces.verify(read(`${FIX}/gallery/obama/obama.jpg`), read(`${FIX}/gallery/biden/biden2.jpg`));
    expect(diff.same).toBe(false);
    expect(diff.similarity).toBeLessThan(0.2);
    // An explicit τ decides instead of the gallery's.
    expect((await faces.verify(read(`${FIX}/gallery/obama/obama.jpg`), read(`${FIX}/gallery/biden/biden2.jpg`), -0.5)).same).toBe(true);
  });

  it('calibrate puts τ between the distributions with low estimated error rates', async () => {
    const c = await faces.calibrate();
    expect(c.genuine).toHaveLength(4);
    expect(c.impostor).toHaveLength(32);
    expect(c.suggestedTau).toBeGreaterThan(Math.max(...c.impostor));
    expect(c.suggestedTau).toBeLessThan(Math.min(...c.genuine));
    expect(Math.abs(c.suggestedTau - DEFAULT_TAU)).toBeLessThan(0.05);
    expect(c.far).toBeLessThan(0.01);
    expect(c.frr).toBeLessThan(0.01);
    expect(c.currentTau).toBe(DEFAULT_TAU);
  });

  it('alignment maps the five detected points onto the template with a small residual', () => {
    for (const x of emb) {
      // RMS in template pixels (the crop is 112 px; eyes are 35 px apart).
      expect(x.residual).toBeLessThan(6);
    }
    const mean = emb.reduce((s, x) => s + x.residual, 0) / emb.length;
    expect(mean).toBeLessThan(4);
    expect(ARCFACE_TEMPLATE).toHaveLength(5);
    expect(applyAffine([1, 0, 0, 0, 1, 0], 3, 4)).toEqual([3, 4]);
  });
});

describe('bad input', () => {
  it('an image with no face: typed "no face found", nothing written', async () => {
    const before = await faces.counts();
    const err = await faces.enroll('nobody', [{ name: 'eagle.jpg', data: read(`${FIX}/other/eagle.jpg`) }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VwError);
    expect((err as VwError).code).toBe('E_NO_FACE');
    expect((err as VwError).details).toMatchObject({ shots: [{ source: 'eagle.jpg', accepted: false, reasons: ['no face found'] }] });
    expect(await faces.counts()).toEqual(before);
    expect(await code(faces.verify(read(`${FIX}/other/eagle.jpg`), read(`${FIX}/probes/obama1.jpg`)))).toBe('E_NO_FACE');
    expect((await faces.recognize(read(`${FIX}/other/eagle.jpg`))).faces).toEqual([]);
  });

  it('the quality gate rejects blurred and tiny faces with their reasons (E_QUALITY, nothing written)', async () => {
    const before = await faces.counts();
    const src = read(`${FIX}/gallery/obama/obama.jpg`);
    const blurred = new Uint8Array(await sharp(src).blur(8).jpeg().toBuffer());
    const tiny = new Uint8Array(await sharp(src).resize(120).jpeg().toBuffer());
    const err = (await faces
      .enroll('obama', [
        { name: 'blurred.jpg', data: blurred },
        { name: 'tiny.jpg', data: tiny },
      ])
      .catch((e: unknown) => e)) as VwError;
    expect(err.code).toBe('E_QUALITY');
    const shotsOut = (
      err.details as { shots: { source: string; accepted: boolean; reasons: string[]; quality: { sharpness: number; sizePx: number } }[] }
    ).shots;
    expect(shotsOut.map((s) => s.accepted)).toEqual([false, false]);
    expect(shotsOut[0]!.reasons.join()).toMatch(/too blurry/);
    expect(shotsOut[0]!.quality.sharpness).toBeLessThan(60);
    expect(shotsOut[1]!.reasons.join()).toMatch(/face too small/);
    expect(shotsOut[1]!.quality.sizePx).toBeLessThan(48);
    expect(await faces.counts()).toEqual(before);
    // A mixed batch keeps the good shot and reports the bad one.
    const mixed = await faces.enroll('obama', [
      { name: 'blurred.jpg', data: blurred },
      { name: 'obama1.jpg', data: read(`${FIX}/probes/obama1.jpg`) },
    ]);
    expect(mixed.shots.map((s) => s.accepted)).toEqual([false, true]);
    expect(mixed.person.faces).toBe(3);
    await faces.removeFace(mixed.shots[1]!.faceId!);
    // Recognition still runs on a poor face and reports its quality.
    const r = await faces.recognize(blurred);
    expect(r.faces[0]!.quality.ok).toBe(false);
    expect(r.faces[0]!.best?.name).toBe('obama');
  });

  it('a corrupt image: E_BAD_IMAGE, nothing written (even beside a good shot)', async () => {
    const before = await faces.counts();
    const good = read(`${FIX}/probes/obama1.jpg`);
    const truncated = good.slice(0, 300);
    expect(
      await code(
        faces.enroll('obama', [
          { name: 'ok.jpg', data: good },
          { name: 'bad.jpg', data: truncated },
        ]),
      ),
    ).toBe('E_BAD_IMAGE');
    expect(await code(faces.recognize(new Uint8Array([1, 2, 3])))).toBe('E_BAD_IMAGE');
    expect(await faces.counts()).toEqual(before);
  });

  it('unknown person or face ids are typed errors', async () => {
    expect(await code(() => faces.rename(9999, 'x'))).toBe('E_UNKNOWN_PERSON');
    expect(await code(() => faces.merge(9999, 1))).toBe('E_UNKNOWN_PERSON');
    expect(await code(() => faces.removePerson(9999))).toBe('E_UNKNOWN_PERSON');
    expect(await code(() => faces.faces(9999))).toBe('E_UNKNOWN_PERSON');
    expect(await code(() => faces.reject(9999, 1))).toBe('E_NOT_FOUND');
    expect(await code(() => faces.thumbnail(9999))).toBe('E_NOT_FOUND');
    expect(await code(() => faces.removeFace(9999))).toBe('E_NOT_FOUND');
    expect(await code(() => faces.resolvePerson('nobody-here'))).toBe('E_UNKNOWN_PERSON');
    expect(await code(() => faces.setTau(3))).toBe('E_BAD_ARGUMENT');
  });

  it('several faces when enrolling one person: the largest is used, and the response says so', async () => {
    const other = new FacesService({ dbPath: path.join(dir, 'group.db'), pipeline: faces.pipeline });
    try {
      const r = await other.enroll('group', [{ name: 'two_people.jpg', data: read(`${FIX}/probes/two_people.jpg`) }]);
      expect(r.shots[0]!.note).toBe('2 faces found; enrolled the largest');
      const [rec] = await other.faces(r.person.id);
      // biden's face (x ≈ 700–833, 186 px tall) is larger than obama's (x ≈ 213–341, 178 px).
      expect(rec!.box[0]).toBeGreaterThan(600);
      const rr = await other.recognize(read(`${FIX}/gallery/biden/biden2.jpg`));
      expect(rr.faces[0]!.match?.name).toBe('group');
    } finally {
      await other.dispose();
    }
  });

  it('a DB file that is not SQLite, or has a newer schema: typed errors, nothing written', async () => {
    const notDb = path.join(dir, 'not.db');
    fs.writeFileSync(notDb, 'just some text, definitely not SQLite');
    const s1 = new FacesService({ dbPath: notDb, pipeline: faces.pipeline });
    expect(await code(s1.enroll('x', [{ name: 'o.jpg', data: read(`${FIX}/probes/obama1.jpg`) }]))).toBe('E_DB');
    expect(await code(() => s1.list())).toBe('E_DB');
    expect(fs.readFileSync(notDb, 'utf8')).toBe('just some text, definitely not SQLite');
    await s1.dispose();

    const newer = path.join(dir, 'newer.db');
    const raw = new Database(newer);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const bytes = fs.readFileSync(newer);
    const s2 = new FacesService({ dbPath: newer, pipeline: faces.pipeline });
    expect(await code(s2.recognize(read(`${FIX}/probes/obama1.jpg`)))).toBe('E_DB_SCHEMA');
    expect(fs.readFileSync(newer).equals(bytes)).toBe(true);
    await s2.dispose();
  });
});

describe('gallery edits', () => {
  it('export → import into an empty DB gives the same gallery; another model version re-embeds from crops', async () => {
    const data = await faces.exportGallery();
    expect(data.persons.map((p) => p.faces.length)).toEqual([1, 2, 2, 2, 2]);
    const copy = new FacesService({ dbPath: path.join(dir, 'copy.db'), pipeline: faces.pipeline });
    const foreign = new FacesService({ dbPath: path.join(dir, 'foreign.db'), pipeline: faces.pipeline });
    try {
      expect(await copy.importGallery(JSON.parse(JSON.stringify(data)))).toEqual({ persons: 5, faces: 9, reembedded: 0 });
      const r = await copy.recognize(read(`${FIX}/probes/kit_with_rose.jpg`));
      expect(r.faces.flatMap((f) => (f.match ? [f.match.name] : [])).sort()).toEqual(['kit_harington', 'rose_leslie']);
      const other = { ...data, embedding: { model: 'fr_feature', version: 'some-older-model' } };
      expect(await foreign.importGallery(other)).toEqual({ persons: 5, faces: 9, reembedded: 9 });
      // Re-embedding from the stored JPEG crop lands close to the original embedding.
      const a = copy.repo().embeddings(await copy.tag());
      const b = foreign.repo().embeddings(await foreign.tag());
      for (let i = 0; i < a.length; i++) expect(a[i]!.vector.reduce((s, v, k) => s + v * b[i]!.vector[k]!, 0)).toBeGreaterThan(0.95);
      expect(await code(copy.importGallery({ format: 'other' }))).toBe('E_BAD_ARGUMENT');
    } finally {
      await copy.dispose();
      await foreign.dispose();
    }
  });

  it('moves a face enrolled under the wrong name to the right person: the wrong person goes, recognition follows', async () => {
    const other = new FacesService({ dbPath: path.join(dir, 'move.db'), pipeline: faces.pipeline });
    try {
      await other.enroll('biden', [{ name: 'biden.jpg', data: read(`${FIX}/gallery/biden/biden.jpg`) }]);
      const wrong = await other.enroll('barack', [{ name: 'obama.jpg', data: read(`${FIX}/gallery/obama/obama.jpg`) }]);
      const obama = (await other.enroll('obama', [{ name: 'obama2.jpg', data: read(`${FIX}/gallery/obama/obama2.jpg`) }])).person;
      // A face rejected for obama that is then moved to obama: the contradicting rejection goes.
      await other.reject(wrong.shots[0]!.faceId!, obama.id);
      const moved = await other.moveFace(wrong.shots[0]!.faceId!, obama.id);
      expect(moved).toMatchObject({ name: 'obama', faces: 2 });
      expect((await other.list()).map((p) => p.name).sort()).toEqual(['biden', 'obama']);
      expect((await other.faces(obama.id)).every((f) => !f.rejected)).toBe(true);
      const r = await other.recognize(read(`${FIX}/probes/obama1.jpg`));
      expect(r.faces[0]!.match?.name).toBe('obama');
      await expect(other.moveFace(99_999, obama.id)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
      await expect(other.moveFace(wrong.shots[0]!.faceId!, 99_999)).rejects.toMatchObject({ code: 'E_UNKNOWN_PERSON' });
      expect(other.repo().orphans()).toEqual({ personsWithoutFaces: 0, facesWithoutEmbedding: 0 });
    } finally {
      await other.dispose();
    }
  });

  it('embeddings of another model version are never compared; reembed brings them back', async () => {
    const obama = (await faces.list()).find((p) => p.name === 'obama')!;
    const ids = (await faces.faces(obama.id)).map((f) => f.id);
    // Simulate faces enrolled under an older model: their vectors are tagged with another version.
    const old = { model: 'fr_feature', version: 'older-model' };
    faces.repo().putEmbeddings(
      ids.map((faceId) => ({ faceId, vector: new Float32Array(512).fill(1 / Math.sqrt(512)) })),
      old,
    );
    const other = new FacesService({ dbPath: faces.repo().file, pipeline: faces.pipeline });
    try {
      expect(await other.staleFaces()).toBe(2);
      const r = await other.recognize(read(`${FIX}/probes/obama1.jpg`));
      expect(r.faces[0]!.match).toBeNull();
      expect(r.faces[0]!.best?.name).not.toBe('obama');
    } finally {
      await other.dispose();
    }
  });

  it('reembed keeps recognition working and the model version', async () => {
    const r = await faces.reembed();
    expect(r).toMatchObject({ faces: 9, model: 'fr_feature' });
    expect(r.version).toMatch(/^[0-9a-f]{16}$/);
    const rr = await faces.recognize(read(`${FIX}/probes/obama1.jpg`));
    expect(rr.faces[0]!.match?.name).toBe('obama');
    expect(await faces.staleFaces()).toBe(0);
  });

  it('rename, reject, merge and remove keep the in-memory matrix in sync', async () => {
    const byName = async () => new Map((await faces.list()).map((p) => [p.name, p]));
    const biden = (await byName()).get('biden')!;
    await faces.rename(biden.id, 'joe');
    let r = await faces.recognize(read(`${FIX}/probes/two_people.jpg`));
    expect(r.faces.flatMap((f) => (f.match ? [f.match.name] : [])).sort()).toEqual(['joe', 'obama']);

    // The user says joe's biden.jpg face is not joe: that face stops counting for joe, and the
    // probe from the same photo shoot (0.98 to it, 0.53 to joe's other face) is no longer called joe.
    const f2 = (await faces.faces(biden.id)).find((f) => f.source === 'biden.jpg')!;
    expect(f2.rejected).toBe(false);
    await faces.reject(f2.id, biden.id);
    r = await faces.recognize(read(`${FIX}/probes/two_people.jpg`));
    expect(r.faces.flatMap((f) => (f.match ? [f.match.name] : []))).toEqual(['obama']);
    // The face stays listed under joe, marked, so a reloaded UI shows the same state.
    expect((await faces.faces(biden.id)).map((f) => [f.source, f.rejected])).toEqual([
      ['biden.jpg', true],
      ['biden2.jpg', false],
    ]);

    // Merge obama into joe: obama's faces now answer to joe.
    const obama = (await byName()).get('obama')!;
    expect((await faces.merge(obama.id, biden.id)).faces).toBe(4);
    r = await faces.recognize(read(`${FIX}/probes/obama1.jpg`));
    expect(r.faces[0]!.match?.name).toBe('joe');

    // Remove the merged person: nobody in the picture is known any more.
    expect(await faces.removePerson(biden.id)).toEqual({ removed: 4 });
    r = await faces.recognize(read(`${FIX}/probes/obama_and_biden.jpg`));
    expect(r.faces.every((f) => f.match === null)).toBe(true);

    // Removing a person's last face removes the person.
    const alex = (await byName()).get('alex_lacamoire')!;
    await faces.removeFace(alex.thumbnailFaceId!);
    expect((await byName()).has('alex_lacamoire')).toBe(false);
    expect(faces.repo().orphans()).toEqual({ personsWithoutFaces: 0, facesWithoutEmbedding: 0 });
  });
});

describe('handlers and schemas', () => {
  it('serve every vw:faces channel of the contract, emit gallery events, and drop stale frames', async () => {
    const events: { name: string; body: unknown }[] = [];
    const env: HostEnv = {
      paths: { data: dir, models: '', db: path.join(dir, 'handlers.db') },
      models: modelResolver(),
      emit: (name, body) => events.push({ name, body }),
    };
    const area = facesHandlers(env);
    const channels = Object.keys(area.handlers).sort();
    expect(channels).toEqual(Object.keys(facesSchemas).sort());
    expect(channels).toEqual(CHANNELS.filter((c) => c.startsWith('vw:faces.')).sort());
    const ctx: RequestContext = { requestId: 'r1', signal: new AbortController().signal, emit: env.emit };
    const h = area.handlers;
    try {
      const req = { name: 'rose', images: [{ name: 'img2.jpg', data: read(`${FIX}/gallery/rose_leslie/img2.jpg`) }] };
      expect(facesSchemas['vw:faces.enroll']!.safeParse(req).success).toBe(true);
      expect(facesSchemas['vw:faces.enroll']!.safeParse({ name: '', images: [] }).success).toBe(false);
      expect(facesSchemas['vw:faces.recognize']!.safeParse({ image: 'not bytes' }).success).toBe(false);
      expect(facesSchemas['vw:faces.recognize']!.safeParse({ image: new Uint8Array(1), detector: 'blazeface' }).success).toBe(true);
      expect(
        facesSchemas['vw:faces.frame']!.safeParse({ frame: { width: 1, height: 1, data: new Uint8Array(4) }, detector: 'mtcnn' }).success,
      ).toBe(false);
      expect(facesSchemas['vw:faces.setTau']!.safeParse({ tau: 2 }).success).toBe(false);
      const enrolled = await h['vw:faces.enroll']!(req, ctx);
      expect(enrolled.person.name).toBe('rose');
      expect(events).toEqual([
        { name: 'vw:faces.onDidChangeGallery', body: { persons: 1, faces: 1 } satisfies Events['vw:faces.onDidChangeGallery'] },
      ]);
      expect((await h['vw:faces.list']!({}, ctx)).map((p) => p.name)).toEqual(['rose']);

      // Latest frame wins: of three frames sent at once only the newest runs; the two replaced resolve to null.
      const px = await decodeImage(read(`${FIX}/probes/kit_with_rose.jpg`), { channels: 4 });
      const frame = { width: px.width, height: px.height, data: px.data };
      const results = await Promise.all([1, 2, 3].map(() => h['vw:faces.frame']!({ frame, streamId: 's' }, ctx)));
      expect(results.slice(0, 2)).toEqual([null, null]);
      expect(results[2]!.frameId).toBe(3);
      expect(results[2]!.dropped).toBe(2);
      expect(results[2]!.faces.flatMap((f) => (f.match ? [f.match.name] : []))).toEqual(['rose']);
      // A frame's answer is never echoed as an event: only the gallery change above was emitted.
      expect(events).toHaveLength(1);
      expect(await code(h['vw:faces.frame']!({ frame: { width: 10, height: 10, data: new Uint8Array(5) } }, ctx))).toBe('E_BAD_IMAGE');

      expect((await h['vw:faces.setTau']!({ tau: 0.4 }, ctx)).tau).toBe(0.4);
      expect((await h['vw:faces.recognize']!({ image: read(`${FIX}/probes/obama1.jpg`) }, ctx)).tau).toBe(0.4);
      expect(await code(h['vw:faces.calibrate']!({}, ctx))).toBe('E_BAD_ARGUMENT'); // one person, one face
    } finally {
      await area.dispose?.();
    }
  });
});
