/**
 * The faces store: the only module with SQL in it.
 *
 * better-sqlite3 v12, WAL (readers never block the writer), foreign keys on,
 * schema migrations by `PRAGMA user_version`. Every multi-row write is one
 * `BEGIN IMMEDIATE` transaction — taking the write lock up front means two
 * writers queue on busy_timeout instead of deadlocking on a lock upgrade — and
 * a transaction that still meets SQLITE_BUSY is retried, so busy never reaches
 * the user. Embeddings sit in their own table keyed to the face with
 * ON DELETE CASCADE, tagged with the model id and version they came from.
 *
 * Longer than 400 lines on purpose: it is every SQL statement of the gallery, one
 * section per table, and keeping them in one file is what makes "the only module
 * with SQL" checkable.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FaceQuality } from '../../../preload/contract';
import { VwError } from '../../errors';

export const SCHEMA_VERSION = 1;
const SQLITE_MAGIC = 'SQLite format 3\0';

const MIGRATIONS: string[] = [
  // v1
  `CREATE TABLE persons (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
   );
   CREATE TABLE faces (
     id INTEGER PRIMARY KEY,
     person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
     source TEXT NOT NULL,
     box TEXT NOT NULL,
     landmarks TEXT NOT NULL,
     quality TEXT NOT NULL,
     crop BLOB NOT NULL,
     created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
   );
   CREATE INDEX faces_person ON faces(person_id);
   CREATE TABLE embeddings (
     face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
     model TEXT NOT NULL,
     version TEXT NOT NULL,
     dim INTEGER NOT NULL,
     vector BLOB NOT NULL,
     PRIMARY KEY (face_id, model, version)
   );
   CREATE TABLE rejections (
     face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
     person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
     created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
     PRIMARY KEY (face_id, person_id)
   );
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];

export interface PersonRow {
  id: number;
  name: string;
  created: string;
  faces: number;
  thumbnailFaceId: number | null;
}

export interface FaceRow {
  id: number;
  personId: number;
  source: string;
  box: [number, number, number, number];
  landmarks: [number, number][];
  quality: FaceQuality;
  created: string;
}

export interface NewFace {
  source: string;
  box: [number, number, number, number];
  landmarks: [number, number][];
  quality: FaceQuality;
  /** JPEG of the aligned 112×112 crop. */
  crop: Uint8Array;
  embedding: Float32Array;
}

export interface EmbeddingTag {
  model: string;
  version: string;
}

export interface EmbeddingRow {
  faceId: number;
  personId: number;
  vector: Float32Array;
}

export interface RepositoryOptions {
  /** Milliseconds a statement waits on a lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Attempts for a write transaction that still meets SQLITE_BUSY. */
  retries?: number;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function toDbError(err: unknown, what: string): VwError {
  if (err instanceof VwError) return err;
  const e = err as { code?: string; message?: string };
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE') return new VwError('E_BAD_ARGUMENT', `${what}: ${e.message}`);
  return new VwError('E_DB', `${what}: ${e?.message ?? String(err)}`, { details: { sqlite: e?.code } });
}

const vecToBlob = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const blobToVec = (b: Buffer) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

/** The columns of a face row, as `faceRow` reads them. */
const FACE_COLUMNS = 'id, person_id AS personId, source, box, landmarks, quality, created';

/** A `faces` row (JSON columns parsed) as the repository hands it out. */
function faceRow(r: Record<string, unknown>): FaceRow {
  return {
    id: r.id as number,
    personId: r.personId as number,
    source: r.source as string,
    box: JSON.parse(r.box as string),
    landmarks: JSON.parse(r.landmarks as string),
    quality: JSON.parse(r.quality as string),
    created: r.created as string,
  };
}

/**
 * @example
 *   const repo = FaceRepository.open('/tmp/faces.db');
 *   const { personId, faceIds } = repo.enroll('ada', [face], { model: 'fr_feature', version: 'abc' });
 */
export class FaceRepository {
  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
    private readonly retries: number,
  ) {}

  /**
   * Open (creating if absent) and migrate. A file that is not SQLite, or whose
   * schema is newer than this build, is refused before anything is written to it.
   */
  static open(file: string, opts: RepositoryOptions = {}): FaceRepository {
    if (fs.existsSync(file)) {
      const st = fs.statSync(file);
      if (!st.isFile()) throw new VwError('E_DB', `${file} is not a file.`);
      if (st.size > 0) {
        const fd = fs.openSync(file, 'r');
        const head = Buffer.alloc(16);
        try {
          fs.readSync(fd, head, 0, 16, 0);
        } finally {
          fs.closeSync(fd);
        }
        if (head.toString('latin1') !== SQLITE_MAGIC) {
          throw new VwError('E_DB', `${file} is not a SQLite database.`, { hint: 'Pass another --db file, or move this one away.' });
        }
      }
    } else {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    }
    let db: Database.Database;
    try {
      // The desktop app runs on Electron's ABI and passes its own build of the addon
      // (see main/shell/native.ts); Node (CLI, tests, vws serve) uses the npm build.
      const nativeBinding = process.env.VWS_SQLITE_BINDING;
      db = nativeBinding ? new Database(file, { nativeBinding }) : new Database(file);
    } catch (err) {
      throw toDbError(err, `Cannot open ${file}`);
    }
    try {
      db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        throw new VwError('E_DB_SCHEMA', `${file} has schema version ${version}; this build knows up to ${SCHEMA_VERSION}.`, {
          hint: 'Update the app, or use another --db file.',
          details: { version, supported: SCHEMA_VERSION },
        });
      }
      const repo = new FaceRepository(file, db, opts.retries ?? 20);
      repo.retry(() => {
        if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      });
      db.pragma('foreign_keys = ON');
      // NORMAL in WAL mode: a commit survives a process kill (the WAL is written before commit returns);
      // only an OS crash or power loss can lose the last transactions.
      db.pragma('synchronous = NORMAL');
      repo.migrate();
      return repo;
    } catch (err) {
      db.close();
      throw toDbError(err, `Cannot open ${file}`);
    }
  }

  private migrate(): void {
    this.write(() => {
      const v = this.db.pragma('user_version', { simple: true }) as number;
      if (v > SCHEMA_VERSION)
        throw new VwError('E_DB_SCHEMA', `${this.file} has schema version ${v}; this build knows up to ${SCHEMA_VERSION}.`);
      for (let i = v; i < SCHEMA_VERSION; i++) {
        this.db.exec(MIGRATIONS[i]!);
        this.db.pragma(`user_version = ${i + 1}`);
      }
    });
  }

  private retry<T>(fn: () => T): T {
    for (let attempt = 0; ; attempt++) {
      try {
        return fn();
      } catch (err) {
        if (!isBusy(err) || attempt >= this.retries) throw err;
        sleepSync(Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  /** One IMMEDIATE transaction, retried while the database is busy. */
  write<T>(fn: () => T): T {
    try {
      return this.retry(() => this.db.transaction(fn).immediate());
    } catch (err) {
      throw toDbError(err, 'Database write failed');
    }
  }

  private read<T>(fn: () => T): T {
    try {
      return this.retry(fn);
    } catch (err) {
      throw toDbError(err, 'Database read failed');
    }
  }

  /** Changes when another connection commits (cheap; used to keep the in-memory matrix in sync). */
  dataVersion(): number {
    return this.read(() => this.db.pragma('data_version', { simple: true }) as number);
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  integrityCheck(): string {
    return this.read(() => this.db.pragma('integrity_check', { simple: true }) as string);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ── persons ──

  private personSelect = `SELECT p.id, p.name, p.created,
      (SELECT COUNT(*) FROM faces f WHERE f.person_id = p.id) AS faces,
      (SELECT f.id FROM faces f WHERE f.person_id = p.id ORDER BY f.id LIMIT 1) AS thumbnailFaceId
    FROM persons p`;

  listPersons(): PersonRow[] {
    return this.read(() => this.db.prepare(`${this.personSelect} ORDER BY p.name`).all() as PersonRow[]);
  }

  getPerson(id: number): PersonRow | undefined {
    return this.read(() => this.db.prepare(`${this.personSelect} WHERE p.id = ?`).get(id) as PersonRow | undefined);
  }

  findPerson(name: string): PersonRow | undefined {
    return this.read(() => this.db.prepare(`${this.personSelect} WHERE p.name = ?`).get(name) as PersonRow | undefined);
  }

  /** Person by name (created if new) plus its faces and embeddings, in one transaction. */
  enroll(name: string, faces: NewFace[], tag: EmbeddingTag): { personId: number; faceIds: number[] } {
    if (faces.length === 0) throw new VwError('E_BAD_ARGUMENT', 'Nothing to enroll.');
    return this.write(() => {
      const existing = this.db.prepare('SELECT id FROM persons WHERE name = ?').get(name) as { id: number } | undefined;
      const personId = existing?.id ?? Number(this.db.prepare('INSERT INTO persons (name) VALUES (?)').run(name).lastInsertRowid);
      const faceIds = faces.map((f) => this.insertFace(personId, f, tag));
      return { personId, faceIds };
    });
  }

  private insertFace(personId: number, f: NewFace, tag: EmbeddingTag): number {
    const faceId = Number(
      this.db
        .prepare('INSERT INTO faces (person_id, source, box, landmarks, quality, crop) VALUES (?, ?, ?, ?, ?, ?)')
        .run(personId, f.source, JSON.stringify(f.box), JSON.stringify(f.landmarks), JSON.stringify(f.quality), Buffer.from(f.crop))
        .lastInsertRowid,
    );
    this.db
      .prepare('INSERT INTO embeddings (face_id, model, version, dim, vector) VALUES (?, ?, ?, ?, ?)')
      .run(faceId, tag.model, tag.version, f.embedding.length, vecToBlob(f.embedding));
    return faceId;
  }

  rename(personId: number, name: string): void {
    this.write(() => {
      const r = this.db.prepare('UPDATE persons SET name = ? WHERE id = ?').run(name, personId);
      if (r.changes === 0) throw new VwError('E_UNKNOWN_PERSON', `No person with id ${personId}.`);
    });
  }

  /** Move every face (and rejection) of `from` to `into`, then delete `from`. */
  merge(from: number, into: number): void {
    this.write(() => {
      for (const id of [from, into]) {
        if (!this.db.prepare('SELECT 1 FROM persons WHERE id = ?').get(id))
          throw new VwError('E_UNKNOWN_PERSON', `No person with id ${id}.`);
      }
      this.db.prepare('UPDATE faces SET person_id = ? WHERE person_id = ?').run(into, from);
      this.db.prepare('UPDATE OR IGNORE rejections SET person_id = ? WHERE person_id = ?').run(into, from);
      // A rejection "face F is not `into`" for a face that now belongs to `into` contradicts the merge.
      this.db
        .prepare('DELETE FROM rejections WHERE person_id = ? AND face_id IN (SELECT id FROM faces WHERE person_id = ?)')
        .run(into, into);
      this.db.prepare('DELETE FROM persons WHERE id = ?').run(from);
    });
  }

  /** Delete a person; faces, embeddings and rejections go with it (cascade). Returns faces removed. */
  removePerson(personId: number): number {
    return this.write(() => {
      const n = (this.db.prepare('SELECT COUNT(*) AS n FROM faces WHERE person_id = ?').get(personId) as { n: number }).n;
      const r = this.db.prepare('DELETE FROM persons WHERE id = ?').run(personId);
      if (r.changes === 0) throw new VwError('E_UNKNOWN_PERSON', `No person with id ${personId}.`);
      return n;
    });
  }

  /** Delete a face; a person left without faces is deleted too (a person is defined by their faces). */
  removeFace(faceId: number): { personId: number; personRemoved: boolean } {
    return this.write(() => {
      const row = this.db.prepare('SELECT person_id AS personId FROM faces WHERE id = ?').get(faceId) as { personId: number } | undefined;
      if (!row) throw new VwError('E_NOT_FOUND', `No face with id ${faceId}.`);
      this.db.prepare('DELETE FROM faces WHERE id = ?').run(faceId);
      const left = (this.db.prepare('SELECT COUNT(*) AS n FROM faces WHERE person_id = ?').get(row.personId) as { n: number }).n;
      if (left === 0) this.db.prepare('DELETE FROM persons WHERE id = ?').run(row.personId);
      return { personId: row.personId, personRemoved: left === 0 };
    });
  }

  /** Give a face to another person; a person left without faces is deleted, a rejection of the new person for this face goes. */
  moveFace(faceId: number, toPersonId: number): { fromPersonId: number; personRemoved: boolean } {
    return this.write(() => {
      const row = this.db.prepare('SELECT person_id AS personId FROM faces WHERE id = ?').get(faceId) as { personId: number } | undefined;
      if (!row) throw new VwError('E_NOT_FOUND', `No face with id ${faceId}.`);
      if (!this.db.prepare('SELECT 1 FROM persons WHERE id = ?').get(toPersonId))
        throw new VwError('E_UNKNOWN_PERSON', `No person with id ${toPersonId}.`);
      if (row.personId === toPersonId) return { fromPersonId: row.personId, personRemoved: false };
      this.db.prepare('UPDATE faces SET person_id = ? WHERE id = ?').run(toPersonId, faceId);
      this.db.prepare('DELETE FROM rejections WHERE face_id = ? AND person_id = ?').run(faceId, toPersonId);
      const left = (this.db.prepare('SELECT COUNT(*) AS n FROM faces WHERE person_id = ?').get(row.personId) as { n: number }).n;
      if (left === 0) this.db.prepare('DELETE FROM persons WHERE id = ?').run(row.personId);
      return { fromPersonId: row.personId, personRemoved: left === 0 };
    });
  }

  // ── faces ──

  listFaces(personId: number): FaceRow[] {
    return this.read(() =>
      (this.db.prepare(`SELECT ${FACE_COLUMNS} FROM faces WHERE person_id = ? ORDER BY id`).all(personId) as Record<string, unknown>[]).map(
        faceRow,
      ),
    );
  }

  getFace(faceId: number): { id: number; personId: number } | undefined {
    return this.read(
      () =>
        this.db.prepare('SELECT id, person_id AS personId FROM faces WHERE id = ?').get(faceId) as
          { id: number; personId: number } | undefined,
    );
  }

  crop(faceId: number): Uint8Array | undefined {
    const r = this.read(() => this.db.prepare('SELECT crop FROM faces WHERE id = ?').get(faceId) as { crop: Buffer } | undefined);
    return r ? new Uint8Array(r.crop) : undefined;
  }

  /** Every face with its crop, for re-embedding and export. */
  allFaces(): (FaceRow & { crop: Uint8Array })[] {
    return this.read(() =>
      (this.db.prepare(`SELECT ${FACE_COLUMNS}, crop FROM faces ORDER BY id`).all() as Record<string, unknown>[]).map((r) => ({
        ...faceRow(r),
        crop: new Uint8Array(r.crop as Buffer),
      })),
    );
  }

  // ── embeddings ──

  /** Embeddings of one model version only: vectors from another version are never compared. */
  embeddings(tag: EmbeddingTag): EmbeddingRow[] {
    return this.read(() =>
      (
        this.db
          .prepare(
            'SELECT e.face_id AS faceId, f.person_id AS personId, e.vector FROM embeddings e JOIN faces f ON f.id = e.face_id WHERE e.model = ? AND e.version = ? ORDER BY e.face_id',
          )
          .all(tag.model, tag.version) as { faceId: number; personId: number; vector: Buffer }[]
      ).map((r) => ({ faceId: r.faceId, personId: r.personId, vector: blobToVec(r.vector) })),
    );
  }

  /** Faces that have no embedding of this version (need re-embedding). */
  facesWithoutEmbedding(tag: EmbeddingTag): number[] {
    return this.read(() =>
      (
        this.db
          .prepare('SELECT id FROM faces WHERE id NOT IN (SELECT face_id FROM embeddings WHERE model = ? AND version = ?) ORDER BY id')
          .all(tag.model, tag.version) as { id: number }[]
      ).map((r) => r.id),
    );
  }

  /** Replace the embeddings of the given faces with this version's, dropping other versions of the same model. */
  putEmbeddings(rows: { faceId: number; vector: Float32Array }[], tag: EmbeddingTag): void {
    this.write(() => {
      const del = this.db.prepare('DELETE FROM embeddings WHERE face_id = ? AND model = ?');
      const ins = this.db.prepare('INSERT INTO embeddings (face_id, model, version, dim, vector) VALUES (?, ?, ?, ?, ?)');
      for (const r of rows) {
        del.run(r.faceId, tag.model);
        ins.run(r.faceId, tag.model, tag.version, r.vector.length, vecToBlob(r.vector));
      }
    });
  }

  // ── rejections ──

  reject(faceId: number, personId: number): void {
    this.write(() => {
      if (!this.db.prepare('SELECT 1 FROM faces WHERE id = ?').get(faceId)) throw new VwError('E_NOT_FOUND', `No face with id ${faceId}.`);
      if (!this.db.prepare('SELECT 1 FROM persons WHERE id = ?').get(personId))
        throw new VwError('E_UNKNOWN_PERSON', `No person with id ${personId}.`);
      this.db.prepare('INSERT OR IGNORE INTO rejections (face_id, person_id) VALUES (?, ?)').run(faceId, personId);
    });
  }

  rejections(): { faceId: number; personId: number }[] {
    return this.read(
      () =>
        this.db.prepare('SELECT face_id AS faceId, person_id AS personId FROM rejections ORDER BY face_id').all() as {
          faceId: number;
          personId: number;
        }[],
    );
  }

  // ── settings ──

  getSetting(key: string): string | undefined {
    return this.read(() => (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value);
  }

  setSetting(key: string, value: string): void {
    this.write(() =>
      this.db
        .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
        .run(key, value),
    );
  }

  /** Returns whether the key was there. */
  deleteSetting(key: string): boolean {
    return this.write(() => this.db.prepare('DELETE FROM settings WHERE key = ?').run(key).changes > 0);
  }

  counts(): { persons: number; faces: number } {
    return this.read(
      () =>
        this.db.prepare('SELECT (SELECT COUNT(*) FROM persons) AS persons, (SELECT COUNT(*) FROM faces) AS faces').get() as {
          persons: number;
          faces: number;
        },
    );
  }

  /** Invariant checks used by tests and `vws faces` diagnostics. */
  orphans(): { personsWithoutFaces: number; facesWithoutEmbedding: number } {
    return this.read(
      () =>
        this.db
          .prepare(
            `SELECT (SELECT COUNT(*) FROM persons p WHERE NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id)) AS personsWithoutFaces,
                    (SELECT COUNT(*) FROM faces f WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.face_id = f.id)) AS facesWithoutEmbedding`,
          )
          .get() as { personsWithoutFaces: number; facesWithoutEmbedding: number },
    );
  }
}
