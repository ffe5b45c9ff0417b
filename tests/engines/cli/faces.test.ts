/** `vws faces …` in-process: JSON output, exit codes 0 / 1 / 2, a real database via the global --db. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/index';

const FIX = 'tests/fixtures/faces';
let dir: string;
let db: string;

async function vws(...args: string[]): Promise<{ code: number; json: unknown }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const saved = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await main(['--db', db, '--json', ...args]);
    return { code, json: out.trim() ? JSON.parse(out) : undefined };
  } finally {
    process.exitCode = saved;
    spy.mockRestore();
    err.mockRestore();
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-faces-cli-'));
  db = path.join(dir, 'cli.db');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vws faces', () => {
  it('enroll, recognize --save, verify, list, rename, reject, remove, export/import, calibrate, reembed', async () => {
    let r = await vws('faces', 'enroll', '--name', 'obama', `${FIX}/gallery/obama`);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ person: { name: 'obama', faces: 2 } });
    r = await vws('faces', 'enroll', '--name', 'biden', `${FIX}/gallery/biden/biden.jpg`, `${FIX}/gallery/biden/biden2.jpg`);
    expect(r.json).toMatchObject({ person: { name: 'biden', faces: 2 } });

    const save = path.join(dir, 'annotated');
    r = await vws('faces', 'recognize', `${FIX}/probes/two_people.jpg`, '--save', save);
    expect(r.code).toBe(0);
    const rows = r.json as { file: string; result: { faces: { match: { name: string } | null }[] } }[];
    expect(rows[0]!.result.faces.map((f) => f.match?.name).sort()).toEqual(['biden', 'obama']);
    expect(fs.readFileSync(path.join(save, 'two_people.jpg')).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    r = await vws('faces', 'verify', `${FIX}/gallery/obama/obama.jpg`, `${FIX}/probes/obama1.jpg`);
    expect(r.json).toMatchObject({ same: true, tau: 0.35 });

    // The second detector: BlazeFace finds the close-up faces of two_people.jpg too.
    r = await vws('faces', 'recognize', `${FIX}/probes/two_people.jpg`, '--detector', 'blazeface');
    const blaze = r.json as { result: { detector: string; faces: { match: { name: string } | null }[] } }[];
    expect(blaze[0]!.result.detector).toBe('blazeface');
    expect(blaze[0]!.result.faces.map((f) => f.match?.name).sort()).toEqual(['biden', 'obama']);
    r = await vws('faces', 'recognize', `${FIX}/probes/two_people.jpg`, '--detector', 'mtcnn');
    expect(r.code).not.toBe(0);
    expect(r.json).toMatchObject({ error: { code: 'E_BAD_ARGUMENT', message: expect.stringContaining('ultraface, blazeface') } });

    r = await vws('faces', 'calibrate');
    const cal = r.json as { genuine: number[]; impostor: number[]; suggestedTau: number };
    expect(cal.genuine).toHaveLength(2);
    expect(cal.impostor).toHaveLength(4);
    expect(cal.suggestedTau).toBeGreaterThan(Math.max(...cal.impostor));
    expect(cal.suggestedTau).toBeLessThan(Math.min(...cal.genuine));

    r = await vws('faces', 'rename', 'biden', 'joe');
    expect(r.json).toMatchObject({ name: 'joe' });
    r = await vws('faces', 'list');
    const list = r.json as { id: number; name: string; thumbnailFaceId: number }[];
    expect(list.map((p) => p.name)).toEqual(['joe', 'obama']);

    r = await vws('faces', 'reject', String(list[1]!.thumbnailFaceId), '--not', 'joe');
    expect(r.json).toEqual({ ok: true });

    const file = path.join(dir, 'export.json');
    r = await vws('faces', 'export', file);
    expect(r.json).toMatchObject({ persons: 2, faces: 4 });
    r = await vws('faces', 'remove', `face:${list[1]!.thumbnailFaceId}`);
    expect(r.json).toEqual({ removed: 1 });
    r = await vws('faces', 'remove', 'joe');
    expect(r.json).toEqual({ removed: 2 });
    // Import is idempotent: obama's face still in the gallery is not added twice, the removed ones come back.
    r = await vws('faces', 'import', file);
    expect(r.json).toEqual({ persons: 2, faces: 3, reembedded: 0 });
    r = await vws('faces', 'list');
    expect((r.json as { name: string; faces: number }[]).map((p) => [p.name, p.faces])).toEqual([
      ['joe', 2],
      ['obama', 2],
    ]);
    r = await vws('faces', 'import', file);
    expect(r.json).toEqual({ persons: 2, faces: 0, reembedded: 0 }); // a second import adds nothing
    r = await vws('faces', 'reembed');
    expect(r.json).toMatchObject({ faces: 4, model: 'fr_feature' });
  });

  it('recognize --json names the gallery face behind each match; reject PHOTO --not P corrects a wrong match', async () => {
    // Lin-Manuel Miranda is not enrolled: at τ = -1 he is "recognized" as whoever is nearest.
    const lin = `${FIX}/probes/lin-manuel-miranda.jpg`;
    type Face = { box: number[]; match: { name: string; faceId: number } | null };
    const faceOf = async () =>
      ((await vws('faces', 'recognize', lin, '--tau', '-1')).json as { result: { faces: Face[] } }[])[0]!.result.faces[0]!;
    const before = await faceOf();
    expect(before.match!.faceId).toEqual(expect.any(Number));
    let r = await vws('faces', 'reject', lin, '--not', before.match!.name);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ ok: true, faceId: expect.any(Number) });
    expect((await faceOf()).match?.name).not.toBe(before.match!.name);
    r = await vws('faces', 'reject', lin, '--not', before.match!.name, '--box', '1,2,3');
    expect(r).toMatchObject({ code: 1, json: { error: { code: 'E_BAD_ARGUMENT' } } });
    r = await vws('faces', 'reject', lin, '--not', before.match!.name);
    expect(r).toMatchObject({
      code: 2,
      json: { error: { code: 'E_NO_FACE', message: expect.stringContaining('lin-manuel-miranda.jpg') } },
    });
  });

  it('typed errors map to exit codes: 2 for runtime, 1 for usage', async () => {
    let r = await vws('faces', 'rename', '999', 'x');
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ error: { code: 'E_UNKNOWN_PERSON' } });
    r = await vws('faces', 'enroll', '--name', 'eagle', `${FIX}/other/eagle.jpg`);
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ error: { code: 'E_NO_FACE' } });
    r = await vws('faces', 'recognize', `${FIX}/probes/obama1.jpg`, '--tau', 'abc');
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ error: { code: 'E_BAD_ARGUMENT' } });
    r = await vws('faces', 'set-tau', '0.4');
    expect(r.json).toEqual({ tau: 0.4 });
    // verify names the file that has no face, not "image b".
    r = await vws('faces', 'verify', `${FIX}/probes/obama1.jpg`, `${FIX}/other/eagle.jpg`);
    expect(r).toMatchObject({ code: 2, json: { error: { code: 'E_NO_FACE', message: expect.stringContaining('eagle.jpg') } } });
  });

  it('enrolling a photo of someone already enrolled under another name says who it looks like', async () => {
    const r = await vws('faces', 'enroll', '--name', 'barack', `${FIX}/gallery/obama/obama.jpg`);
    expect(r.code).toBe(0);
    const shot = (r.json as { shots: { lookAlike?: { name: string; similarity: number } }[] }).shots[0]!;
    expect(shot.lookAlike).toMatchObject({ name: 'obama', similarity: expect.any(Number) });
    expect(shot.lookAlike!.similarity).toBeGreaterThan(0.9);
    expect((await vws('faces', 'remove', 'barack')).code).toBe(0);
  });
  it('enroll-folders: each sub-folder is one person named after it; a folder with no face is reported, the rest enrolled', async () => {
    db = path.join(dir, 'folders.db');
    const tree = path.join(dir, 'tree');
    for (const p of ['obama', 'biden']) fs.cpSync(`${FIX}/gallery/${p}`, path.join(tree, p), { recursive: true });
    fs.mkdirSync(path.join(tree, 'eagle'));
    fs.copyFileSync(`${FIX}/other/eagle.jpg`, path.join(tree, 'eagle', 'eagle.jpg'));
    fs.mkdirSync(path.join(tree, 'empty'));
    let r = await vws('faces', 'enroll-folders', tree);
    expect(r.code).toBe(2);
    const rows = r.json as { name: string; result?: { person: { faces: number } }; error?: { code: string } }[];
    expect(rows.map((x) => [x.name, x.result?.person.faces ?? x.error?.code])).toEqual([
      ['biden', 2],
      ['eagle', 'E_NO_FACE'],
      ['obama', 2],
    ]);
    r = await vws('faces', 'list');
    expect((r.json as { name: string }[]).map((p) => p.name)).toEqual(['biden', 'obama']);
    r = await vws('faces', 'enroll-folders', path.join(tree, 'empty'));
    expect(r).toMatchObject({ code: 1, json: { error: { code: 'E_BAD_ARGUMENT', hint: expect.stringContaining('<person>') } } });
  });
});
