/**
 * "Not this person" on a recognize result (issue 13): a probe photo wrongly
 * matched to someone is recorded as not them — with real models, a real
 * SQLite gallery and the shared photos. Lin-Manuel Miranda is not enrolled;
 * at a very low τ he is "recognized" as whoever is nearest, which is the wrong
 * match the user rejects.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FacesService } from '../../../main/faces/service';
import { facesSchemas } from '../../../main/host/areas/faces';

const FIX = 'tests/fixtures/faces';
const read = (f: string) => new Uint8Array(fs.readFileSync(`${FIX}/${f}`));
const LOW_TAU = -1;

let dir: string;
let faces: FacesService;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-reject-probe-'));
  faces = new FacesService({ dbPath: path.join(dir, 'gallery.db') });
  for (const person of ['obama', 'biden', 'kit_harington']) {
    const files = fs.readdirSync(`${FIX}/gallery/${person}`).sort();
    await faces.enroll(
      person,
      files.map((f) => ({ name: f, data: read(`gallery/${person}/${f}`) })),
    );
  }
});

afterAll(async () => {
  await faces?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('rejecting a wrong match straight from a recognize result', () => {
  it('each match names the stored gallery face that gave its similarity', async () => {
    const r = await faces.recognize(read('probes/obama1.jpg'));
    const m = r.faces[0]!.match!;
    expect(m.name).toBe('obama');
    expect((await faces.faces(m.personId)).map((f) => f.id)).toContain(m.faceId);
  });

  it('the probe is no longer matched to that person; their own photos still are; deleting the kept face undoes it', async () => {
    const probe = read('probes/lin-manuel-miranda.jpg');
    const before = (await faces.recognize(probe, LOW_TAU)).faces[0]!;
    const wrong = before.match!;
    expect(wrong).not.toBeNull();
    const calibration = await faces.calibrate();

    const { faceId } = await faces.rejectProbe(probe, before.box, wrong.personId, 'lin-manuel-miranda.jpg');
    const after = (await faces.recognize(probe, LOW_TAU)).faces[0]!;
    expect(after.match?.personId).not.toBe(wrong.personId);
    expect(after.best?.personId).not.toBe(wrong.personId);
    expect(after.match?.personId).toBe(before.runnerUp?.personId);

    // Kept with the person, marked, and left out of their genuine pairs.
    const listed = (await faces.faces(wrong.personId)).find((f) => f.id === faceId)!;
    expect(listed).toMatchObject({ source: 'lin-manuel-miranda.jpg', rejected: true });
    expect((await faces.calibrate()).pairs).toEqual(calibration.pairs);
    // The person's own photos still find them.
    const own = { obama: 'probes/obama1.jpg', biden: 'probes/obama_and_biden.jpg', kit_harington: 'probes/johnsnow_test1.jpg' }[
      wrong.name as 'obama'
    ];
    const names = (await faces.recognize(read(own))).faces.flatMap((f) => (f.match ? [f.match.name] : []));
    expect(names).toContain(wrong.name);

    await faces.removeFace(faceId);
    expect((await faces.recognize(probe, LOW_TAU)).faces[0]!.match?.personId).toBe(wrong.personId);
  });

  it('a box with no face there, or an unknown person, is a typed error and writes nothing', async () => {
    const probe = read('probes/lin-manuel-miranda.jpg');
    const count = (await faces.counts()).faces;
    await expect(faces.rejectProbe(probe, [0, 0, 5, 5], 1, 'lin.jpg')).rejects.toMatchObject({ code: 'E_NO_FACE' });
    const box = (await faces.recognize(probe)).faces[0]!.box;
    await expect(faces.rejectProbe(probe, box, 9999, 'lin.jpg')).rejects.toMatchObject({ code: 'E_UNKNOWN_PERSON' });
    expect((await faces.counts()).faces).toBe(count);
  });

  it('the channel schema refuses boxes that are not [x1, y1, x2, y2]', () => {
    const s = facesSchemas['vw:faces.rejectProbe']!;
    const image = new Uint8Array(4);
    expect(s.safeParse({ image, box: [0, 0, 10, 10], notPersonId: 1 }).success).toBe(true);
    expect(s.safeParse({ image, box: [10, 0, 0, 10], notPersonId: 1 }).success).toBe(false);
    expect(s.safeParse({ image, box: [0, 0, 10], notPersonId: 1 }).success).toBe(false);
    expect(s.safeParse({ image, box: [0, 0, 10, Infinity], notPersonId: 1 }).success).toBe(false);
    expect(s.safeParse({ image: 'bytes', box: [0, 0, 10, 10], notPersonId: 1 }).success).toBe(false);
    expect(s.safeParse({ image, box: [0, 0, 10, 10], notPersonId: 0 }).success).toBe(false);
  });
});
