import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaceRepository, SCHEMA_VERSION, type NewFace } from '../../../main/faces/store/repository';
import { VwError } from '../../../main/errors';

const tag = { model: 'fr_feature', version: 'v1' };
function face(i: number): NewFace {
  const e = new Float32Array(512);
  e[i % 512] = 1;
  return {
    source: `img${i}.jpg`,
    box: [i, i, i + 100, i + 120],
    landmarks: [[1, 2]],
    quality: { ok: true, reasons: [], sizePx: 100, sharpness: 500, yawDeg: 1, rollDeg: 2 },
    crop: new Uint8Array([0xff, 0xd8, i]),
    embedding: e,
  };
}

let dir: string;
let db: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-faces-repo-'));
  db = path.join(dir, 'faces.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof VwError ? err.code : `untyped: ${String(err)}`;
  }
  return 'no error';
}

describe('FaceRepository', () => {
  it('migrates a new file: user_version, WAL, foreign keys', () => {
    const repo = FaceRepository.open(db);
    expect(repo.schemaVersion()).toBe(SCHEMA_VERSION);
    repo.close();
    const raw = new Database(db, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(['embeddings', 'faces', 'persons', 'rejections', 'settings']);
    raw.close();
    // Reopening does not re-run migrations.
    const again = FaceRepository.open(db);
    expect(again.schemaVersion()).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('enrolls in one transaction and cascades deletes to embeddings and rejections', () => {
    const repo = FaceRepository.open(db);
    const a = repo.enroll('ada', [face(1), face(2)], tag);
    const b = repo.enroll('bob', [face(3)], tag);
    expect(a.faceIds).toHaveLength(2);
    // Enrolling an existing name adds to that person.
    const a2 = repo.enroll('ada', [face(4)], tag);
    expect(a2.personId).toBe(a.personId);
    expect(repo.getPerson(a.personId)).toMatchObject({ name: 'ada', faces: 3, thumbnailFaceId: a.faceIds[0] });
    expect(repo.embeddings(tag)).toHaveLength(4);
    expect(repo.embeddings({ model: 'fr_feature', version: 'other' })).toHaveLength(0);
    expect(repo.embeddings(tag)[0]!.vector[1]).toBe(1);
    repo.reject(b.faceIds[0]!, a.personId);
    expect(repo.rejections()).toEqual([{ faceId: b.faceIds[0], personId: a.personId }]);
    expect(repo.removePerson(b.personId)).toBe(1);
    expect(repo.rejections()).toEqual([]);
    expect(repo.embeddings(tag)).toHaveLength(3);
    expect(repo.orphans()).toEqual({ personsWithoutFaces: 0, facesWithoutEmbedding: 0 });
    repo.close();
  });

  it('rolls back a failed multi-row write completely', () => {
    const repo = FaceRepository.open(db);
    const bad = face(2);
    (bad as { crop: unknown }).crop = null; // NOT NULL violation on the second row
    expect(code(() => repo.enroll('ada', [face(1), bad], tag))).toBe('E_DB');
    expect(repo.counts()).toEqual({ persons: 0, faces: 0 });
    repo.close();
  });

  it('merges, renames, removes the last face with its person', () => {
    const repo = FaceRepository.open(db);
    const a = repo.enroll('ada', [face(1)], tag);
    const b = repo.enroll('bob', [face(2), face(3)], tag);
    repo.reject(b.faceIds[0]!, a.personId);
    repo.merge(a.personId, b.personId);
    expect(repo.listPersons().map((p) => [p.name, p.faces])).toEqual([['bob', 3]]);
    // "face F is not ada" became "face F is not bob" for a face that now is bob's: dropped as contradictory.
    expect(repo.rejections()).toEqual([]);
    expect(code(() => repo.rename(b.personId, 'bob'))).toBe('no error');
    repo.enroll('cy', [face(9)], tag);
    expect(code(() => repo.rename(b.personId, 'cy'))).toBe('E_BAD_ARGUMENT');
    expect(code(() => repo.rename(999, 'x'))).toBe('E_UNKNOWN_PERSON');
    expect(code(() => repo.merge(999, b.personId))).toBe('E_UNKNOWN_PERSON');
    expect(code(() => repo.removeFace(12345))).toBe('E_NOT_FOUND');
    const cy = repo.findPerson('cy')!;
    expect(repo.removeFace(cy.thumbnailFaceId!)).toEqual({ personId: cy.id, personRemoved: true });
    expect(repo.findPerson('cy')).toBeUndefined();
    repo.close();
  });

  it('replaces embeddings of another version on re-embed', () => {
    const repo = FaceRepository.open(db);
    const a = repo.enroll('ada', [face(1), face(2)], tag);
    const v2 = { model: 'fr_feature', version: 'v2' };
    expect(repo.facesWithoutEmbedding(v2)).toEqual(a.faceIds);
    repo.putEmbeddings(
      a.faceIds.map((faceId) => ({ faceId, vector: new Float32Array(512).fill(0.5) })),
      v2,
    );
    expect(repo.facesWithoutEmbedding(v2)).toEqual([]);
    expect(repo.embeddings(tag)).toHaveLength(0);
    expect(repo.embeddings(v2)[0]!.vector[7]).toBe(0.5);
    repo.close();
  });

  it('refuses a file that is not SQLite, and writes nothing to it', () => {
    fs.writeFileSync(db, 'hello, I am a text file and not a database at all');
    const before = fs.readFileSync(db);
    expect(code(() => FaceRepository.open(db))).toBe('E_DB');
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect(fs.existsSync(db + '-wal')).toBe(false);
  });

  it('refuses a newer schema, and writes nothing to it', () => {
    const raw = new Database(db);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(db);
    expect(code(() => FaceRepository.open(db))).toBe('E_DB_SCHEMA');
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    const check = new Database(db, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('stores settings', () => {
    const repo = FaceRepository.open(db);
    expect(repo.getSetting('tau')).toBeUndefined();
    repo.setSetting('tau', '0.4');
    repo.setSetting('tau', '0.45');
    expect(repo.getSetting('tau')).toBe('0.45');
    expect(repo.integrityCheck()).toBe('ok');
    repo.close();
  });
});
