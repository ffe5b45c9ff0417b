/**
 * The faces store on PostgreSQL, for teams: several workstations share one
 * gallery. Same tables and semantics as the SQLite store (repository.ts), via
 * node-postgres (`pg`, MIT). Every write is one transaction that also bumps
 * `gallery_version` and sends NOTIFY vws_gallery — delivered only if it
 * commits — so every other process hears of enrollments, renames, merges,
 * deletes and rejections at once and re-syncs its in-memory gallery.
 *
 * Faults: a server that cannot be reached (at start or later) is E_DB with
 * the URL (password shown as ***) and a hint; nothing is half-written (a
 * dropped connection aborts its transaction). The listener reconnects by
 * itself and announces a `reconnect` change so that readers resync whatever
 * they missed. Credentials are never printed: only `location` (redacted) is.
 *
 * About 490 lines on purpose, like repository.ts: every SQL statement of the
 * PostgreSQL gallery in one file (the migrations live in repository.pg.schema.ts).
 */
import os from 'node:os';
import pg from 'pg';
import { VwError } from '../../errors';
import type { EmbeddingTag, FaceRow, GalleryStore, ImportPerson, NewFace, PersonRow, StoreChange } from './repository.types';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './repository.pg.schema';

export interface PgStoreOptions {
  /** TLS for the connection, passed to node-postgres as is (ca, cert, key, rejectUnauthorized…). URL sslmode=… works too. */
  ssl?: pg.ConnectionConfig['ssl'];
  /** Milliseconds to wait for a connection before E_DB. */
  connectTimeoutMs?: number;
  /** Pool size. */
  max?: number;
}

const CHANNEL = 'vws_gallery';

/** The URL with any password replaced by ***, safe for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const k of [...u.searchParams.keys()]) if (/pass/i.test(k)) u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

const vecToBytes = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const bytesToVec = (b: Buffer) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

const FACE_COLUMNS = 'id, person_id AS "personId", source, box, landmarks, quality, created';
const PERSON_SELECT = `SELECT p.id, p.name, p.created,
    (SELECT COUNT(*)::int FROM faces f WHERE f.person_id = p.id) AS faces,
    (SELECT f.id FROM faces f WHERE f.person_id = p.id ORDER BY f.id LIMIT 1) AS "thumbnailFaceId"
  FROM persons p`;

type Q = pg.PoolClient | pg.Pool;

/**
 * @example
 *   const store = await PgGalleryStore.open('postgres://vws@db.example/vws?sslmode=verify-full');
 *   store.onChange((c) => console.log('gallery changed', c.kind));
 */
export class PgGalleryStore implements GalleryStore {
  readonly kind = 'postgres' as const;
  readonly location: string;
  /** Names this store's commits in the feed (pid@host#n), so it skips its own and hears everyone else, even in the same process. */
  private readonly origin = `${process.pid}@${os.hostname()}#${Math.floor(Math.random() * 2 ** 32).toString(16)}`;
  private listener: pg.Client | null = null;
  private readonly listeners = new Set<(c: StoreChange) => void>();
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly opts: PgStoreOptions,
  ) {
    this.location = redactUrl(url);
    // An idle client losing its server must not crash the process; the next query reports E_DB.
    pool.on('error', () => {});
    // Nor one losing it while checked out between two queries: the query reports it.
    pool.on('connect', (client) => client.on('error', () => {}));
  }

  /** Connect, migrate (under an advisory lock, so two workstations starting together migrate once) and listen. */
  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgGalleryStore> {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new VwError('E_BAD_ARGUMENT', `Not a PostgreSQL URL: ${redactUrl(url)}`);
    const pool = new pg.Pool({
      connectionString: url,
      ...(opts.ssl !== undefined ? { ssl: opts.ssl } : {}),
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      max: opts.max ?? 4,
      application_name: 'vws',
    });
    const store = new PgGalleryStore(url, pool, opts);
    try {
      await store.migrate();
      await store.listen();
    } catch (err) {
      await pool.end().catch(() => {});
      throw store.dbError(err, 'Cannot open the gallery');
    }
    return store;
  }

  private dbError(err: unknown, what: string): VwError {
    if (err instanceof VwError) return err;
    const e = err as { code?: string; message?: string; constraint?: string };
    if (e?.code === '23505') return new VwError('E_BAD_ARGUMENT', `${what}: ${e.message}`);
    const unreachable =
      !e?.code || /^(08|57P0|53)/.test(e.code) || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ENOENT|timeout|terminat|closed/i.test(e.message ?? '');
    // node-postgres messages never carry the password; the URL is printed redacted.
    return new VwError('E_DB', `${what}: PostgreSQL at ${this.location}: ${e?.message ?? String(err)}`, {
      hint: unreachable
        ? 'Is the server running and reachable from here (host, port, firewall, TLS)? Recognition keeps working from the last synced gallery; changes are refused until it is back.'
        : 'Check the role has the rights it needs (an enroller needs INSERT/UPDATE/DELETE; a recognizer needs SELECT).',
      details: { postgres: e?.code, url: this.location },
    });
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      // Up to date: nothing is created, so a read-only role (a recognizer) can open the gallery.
      const version = async () =>
        (await c.query<{ t: string | null }>("SELECT to_regclass('vws_schema') AS t")).rows[0]!.t
          ? ((await c.query<{ version: number }>('SELECT version FROM vws_schema')).rows[0]?.version ?? 0)
          : 0;
      const tooNew = (v: number) =>
        new VwError('E_DB_SCHEMA', `${this.location} has schema version ${v}; this build knows up to ${PG_SCHEMA_VERSION}.`, {
          hint: 'Update the app on this workstation.',
          details: { version: v, supported: PG_SCHEMA_VERSION },
        });
      // Two workstations starting together: one migrates, the other waits here and then finds it done.
      // (The lock comes first: a catalog lookup made before it could miss tables created meanwhile.)
      await c.query('SELECT pg_advisory_xact_lock(7355608)');
      const v = await version();
      if (v > PG_SCHEMA_VERSION) throw tooNew(v);
      if (v === PG_SCHEMA_VERSION) return;
      await c.query('CREATE TABLE IF NOT EXISTS vws_schema (version INTEGER NOT NULL)');
      for (let i = v; i < PG_SCHEMA_VERSION; i++) await c.query(PG_MIGRATIONS[i]!);
      await c.query('DELETE FROM vws_schema');
      await c.query('INSERT INTO vws_schema (version) VALUES ($1)', [PG_SCHEMA_VERSION]);
    }, 'Cannot migrate the gallery');
  }

  /** A dedicated connection for LISTEN; on loss it retries every second and then announces `reconnect`. */
  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      ...(this.opts.ssl !== undefined ? { ssl: this.opts.ssl } : {}),
      connectionTimeoutMillis: this.opts.connectTimeoutMs ?? 5000,
      application_name: 'vws-listen',
    });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => {});
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (m) => {
      if (m.channel !== CHANNEL || !m.payload) return;
      try {
        const change = JSON.parse(m.payload) as StoreChange;
        if (change.origin !== this.origin) this.emit(change);
      } catch {
        // Not ours: ignore.
      }
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      try {
        await this.listen();
        // Whatever was committed while we were away was not heard: readers resync.
        this.emit({ version: await this.dataVersion(), kind: 'reconnect', origin: this.origin });
      } catch {
        this.scheduleReconnect();
      }
    }, 1000);
    this.reconnectTimer.unref();
  }

  /** True while the change feed is connected. */
  get listening(): boolean {
    return this.listener !== null;
  }

  private emit(c: StoreChange): void {
    for (const l of this.listeners) l(c);
  }

  onChange(listener: (c: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One transaction on one pooled connection; any error rolls it back. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>, what = 'Database write failed'): Promise<T> {
    if (this.closed) throw new VwError('E_DB', `The gallery at ${this.location} is closed.`);
    let c: pg.PoolClient;
    try {
      c = await this.pool.connect();
    } catch (err) {
      throw this.dbError(err, what);
    }
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      c.release();
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      c.release(true);
      throw this.dbError(err, what);
    }
  }

  /** A write transaction: bumps the version and notifies every listener on commit. */
  private write<T>(kind: StoreChange['kind'], fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.tx(async (c) => {
      const out = await fn(c);
      const v = await c.query<{ version: string }>('UPDATE gallery_version SET version = version + 1 RETURNING version');
      const change: StoreChange = { version: Number(v.rows[0]!.version), kind, origin: this.origin };
      await c.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(change)]);
      return out;
    });
  }

  private async read<T>(fn: (q: Q) => Promise<T>): Promise<T> {
    if (this.closed) throw new VwError('E_DB', `The gallery at ${this.location} is closed.`);
    try {
      return await fn(this.pool);
    } catch (err) {
      throw this.dbError(err, 'Database read failed');
    }
  }

  async dataVersion(): Promise<number> {
    return this.read(async (q) => Number((await q.query<{ version: string }>('SELECT version FROM gallery_version')).rows[0]!.version));
  }

  // ── persons ──

  listPersons(): Promise<PersonRow[]> {
    return this.read(async (q) => (await q.query<PersonRow>(`${PERSON_SELECT} ORDER BY p.name`)).rows);
  }

  getPerson(id: number): Promise<PersonRow | undefined> {
    return this.read(async (q) => (await q.query<PersonRow>(`${PERSON_SELECT} WHERE p.id = $1`, [id])).rows[0]);
  }

  findPerson(name: string): Promise<PersonRow | undefined> {
    return this.read(async (q) => (await q.query<PersonRow>(`${PERSON_SELECT} WHERE p.name = $1`, [name])).rows[0]);
  }

  /**
   * Person by name (created if new) plus faces and embeddings, in one
   * transaction. Two workstations enrolling the same new name at once meet
   * on the UNIQUE name: the second waits for the first's commit and then adds
   * its faces to the same person.
   */
  enroll(name: string, faces: NewFace[], tag: EmbeddingTag): Promise<{ personId: number; faceIds: number[] }> {
    if (faces.length === 0) return Promise.reject(new VwError('E_BAD_ARGUMENT', 'Nothing to enroll.'));
    return this.write('enroll', (c) => this.enrollIn(c, name, faces, tag));
  }

  private async enrollIn(c: pg.PoolClient, name: string, faces: NewFace[], tag: EmbeddingTag) {
    const p = await c.query<{ id: number }>(
      'INSERT INTO persons (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id',
      [name],
    );
    const personId = p.rows[0]!.id;
    const faceIds: number[] = [];
    for (const f of faces) {
      const r = await c.query<{ id: number }>(
        'INSERT INTO faces (person_id, source, box, landmarks, quality, crop) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [personId, f.source, JSON.stringify(f.box), JSON.stringify(f.landmarks), JSON.stringify(f.quality), Buffer.from(f.crop)],
      );
      const faceId = r.rows[0]!.id;
      await c.query('INSERT INTO embeddings (face_id, model, version, dim, vector) VALUES ($1, $2, $3, $4, $5)', [
        faceId,
        tag.model,
        tag.version,
        f.embedding.length,
        vecToBytes(f.embedding),
      ]);
      faceIds.push(faceId);
    }
    return { personId, faceIds };
  }

  async rename(personId: number, name: string): Promise<void> {
    await this.write('rename', async (c) => {
      const r = await c.query('UPDATE persons SET name = $1 WHERE id = $2', [name, personId]);
      if (r.rowCount === 0) throw new VwError('E_UNKNOWN_PERSON', `No person with id ${personId}.`);
    });
  }

  async merge(from: number, into: number): Promise<void> {
    await this.write('merge', async (c) => {
      // Lock both rows (in id order, so two merges never deadlock).
      const r = await c.query('SELECT id FROM persons WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, into]]);
      for (const id of [from, into])
        if (!r.rows.some((x: { id: number }) => x.id === id)) throw new VwError('E_UNKNOWN_PERSON', `No person with id ${id}.`);
      await c.query('UPDATE faces SET person_id = $1 WHERE person_id = $2', [into, from]);
      await c.query(
        `INSERT INTO rejections (face_id, person_id, created) SELECT face_id, $1, created FROM rejections WHERE person_id = $2
         ON CONFLICT DO NOTHING`,
        [into, from],
      );
      await c.query('DELETE FROM rejections WHERE person_id = $1', [from]);
      await c.query('DELETE FROM rejections WHERE person_id = $1 AND face_id IN (SELECT id FROM faces WHERE person_id = $1)', [into]);
      await c.query('DELETE FROM persons WHERE id = $1', [from]);
    });
  }

  removePerson(personId: number): Promise<number> {
    return this.write('removePerson', async (c) => {
      const n = (await c.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM faces WHERE person_id = $1', [personId])).rows[0]!.n;
      const r = await c.query('DELETE FROM persons WHERE id = $1', [personId]);
      if (r.rowCount === 0) throw new VwError('E_UNKNOWN_PERSON', `No person with id ${personId}.`);
      return n;
    });
  }

  removeFace(faceId: number): Promise<{ personId: number; personRemoved: boolean }> {
    return this.write('removeFace', async (c) => {
      const row = (await c.query<{ personId: number }>('DELETE FROM faces WHERE id = $1 RETURNING person_id AS "personId"', [faceId]))
        .rows[0];
      if (!row) throw new VwError('E_NOT_FOUND', `No face with id ${faceId}.`);
      const r = await c.query('DELETE FROM persons p WHERE p.id = $1 AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id)', [
        row.personId,
      ]);
      return { personId: row.personId, personRemoved: r.rowCount === 1 };
    });
  }

  moveFace(faceId: number, toPersonId: number): Promise<{ fromPersonId: number; personRemoved: boolean }> {
    return this.write('moveFace', async (c) => {
      const row = (await c.query<{ personId: number }>('SELECT person_id AS "personId" FROM faces WHERE id = $1 FOR UPDATE', [faceId]))
        .rows[0];
      if (!row) throw new VwError('E_NOT_FOUND', `No face with id ${faceId}.`);
      if (!(await c.query('SELECT 1 FROM persons WHERE id = $1', [toPersonId])).rowCount)
        throw new VwError('E_UNKNOWN_PERSON', `No person with id ${toPersonId}.`);
      if (row.personId === toPersonId) return { fromPersonId: row.personId, personRemoved: false };
      await c.query('UPDATE faces SET person_id = $1 WHERE id = $2', [toPersonId, faceId]);
      await c.query('DELETE FROM rejections WHERE face_id = $1 AND person_id = $2', [faceId, toPersonId]);
      const r = await c.query('DELETE FROM persons p WHERE p.id = $1 AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id)', [
        row.personId,
      ]);
      return { fromPersonId: row.personId, personRemoved: r.rowCount === 1 };
    });
  }

  // ── faces ──

  listFaces(personId: number): Promise<FaceRow[]> {
    return this.read(
      async (q) => (await q.query<FaceRow>(`SELECT ${FACE_COLUMNS} FROM faces WHERE person_id = $1 ORDER BY id`, [personId])).rows,
    );
  }

  getFace(faceId: number): Promise<{ id: number; personId: number } | undefined> {
    return this.read(async (q) => (await q.query('SELECT id, person_id AS "personId" FROM faces WHERE id = $1', [faceId])).rows[0]);
  }

  crop(faceId: number): Promise<Uint8Array | undefined> {
    return this.read(async (q) => {
      const r = (await q.query<{ crop: Buffer }>('SELECT crop FROM faces WHERE id = $1', [faceId])).rows[0];
      return r ? new Uint8Array(r.crop) : undefined;
    });
  }

  allFaces(): Promise<(FaceRow & { crop: Uint8Array })[]> {
    return this.read(async (q) =>
      (await q.query<FaceRow & { crop: Buffer }>(`SELECT ${FACE_COLUMNS}, crop FROM faces ORDER BY id`)).rows.map((r) => ({
        ...r,
        crop: new Uint8Array(r.crop),
      })),
    );
  }

  // ── embeddings ──

  embeddings(tag: EmbeddingTag) {
    return this.read(async (q) =>
      (
        await q.query<{ faceId: number; personId: number; vector: Buffer }>(
          `SELECT e.face_id AS "faceId", f.person_id AS "personId", e.vector FROM embeddings e JOIN faces f ON f.id = e.face_id
           WHERE e.model = $1 AND e.version = $2 ORDER BY e.face_id`,
          [tag.model, tag.version],
        )
      ).rows.map((r) => ({ faceId: r.faceId, personId: r.personId, vector: bytesToVec(r.vector) })),
    );
  }

  facesWithoutEmbedding(tag: EmbeddingTag): Promise<number[]> {
    return this.read(async (q) =>
      (
        await q.query<{ id: number }>(
          'SELECT id FROM faces f WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.face_id = f.id AND e.model = $1 AND e.version = $2) ORDER BY id',
          [tag.model, tag.version],
        )
      ).rows.map((r) => r.id),
    );
  }

  async putEmbeddings(rows: { faceId: number; vector: Float32Array }[], tag: EmbeddingTag): Promise<void> {
    await this.write('embeddings', async (c) => {
      for (const r of rows) {
        await c.query('DELETE FROM embeddings WHERE face_id = $1 AND model = $2', [r.faceId, tag.model]);
        await c.query('INSERT INTO embeddings (face_id, model, version, dim, vector) VALUES ($1, $2, $3, $4, $5)', [
          r.faceId,
          tag.model,
          tag.version,
          r.vector.length,
          vecToBytes(r.vector),
        ]);
      }
    });
  }

  // ── rejections ──

  async reject(faceId: number, personId: number): Promise<void> {
    await this.write('reject', (c) => this.rejectIn(c, faceId, personId));
  }

  private async rejectIn(c: pg.PoolClient, faceId: number, personId: number): Promise<void> {
    if ((await c.query('SELECT 1 FROM faces WHERE id = $1', [faceId])).rowCount === 0)
      throw new VwError('E_NOT_FOUND', `No face with id ${faceId}.`);
    if ((await c.query('SELECT 1 FROM persons WHERE id = $1', [personId])).rowCount === 0)
      throw new VwError('E_UNKNOWN_PERSON', `No person with id ${personId}.`);
    await c.query('INSERT INTO rejections (face_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [faceId, personId]);
  }

  rejections(): Promise<{ faceId: number; personId: number }[]> {
    return this.read(
      async (q) => (await q.query('SELECT face_id AS "faceId", person_id AS "personId" FROM rejections ORDER BY face_id')).rows,
    );
  }

  // ── settings ──

  getSetting(key: string): Promise<string | undefined> {
    return this.read(async (q) => (await q.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])).rows[0]?.value);
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.write('settings', (c) =>
      c.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, value]),
    );
  }

  deleteSetting(key: string): Promise<boolean> {
    return this.write('settings', async (c) => ((await c.query('DELETE FROM settings WHERE key = $1', [key])).rowCount ?? 0) > 0);
  }

  importPersons(persons: ImportPerson[], tag: EmbeddingTag): Promise<{ faces: number }> {
    return this.write('import', async (c) => {
      let faces = 0;
      const ids: { faceIds: number[]; rejectedFor: string[][] }[] = [];
      for (const p of persons) {
        const r = await this.enrollIn(c, p.name, p.faces, tag);
        faces += r.faceIds.length;
        ids.push({ faceIds: r.faceIds, rejectedFor: p.rejectedFor });
      }
      for (const { faceIds, rejectedFor } of ids) {
        for (const [k, fid] of faceIds.entries()) {
          for (const name of rejectedFor[k] ?? []) {
            const person = (await c.query<{ id: number }>('SELECT id FROM persons WHERE name = $1', [name])).rows[0];
            if (person) await this.rejectIn(c, fid, person.id);
          }
        }
      }
      return { faces };
    });
  }

  counts(): Promise<{ persons: number; faces: number }> {
    return this.read(
      async (q) =>
        (await q.query('SELECT (SELECT COUNT(*)::int FROM persons) AS persons, (SELECT COUNT(*)::int FROM faces) AS faces')).rows[0],
    );
  }

  orphans(): Promise<{ personsWithoutFaces: number; facesWithoutEmbedding: number }> {
    return this.read(
      async (q) =>
        (
          await q.query(
            `SELECT (SELECT COUNT(*)::int FROM persons p WHERE NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id)) AS "personsWithoutFaces",
                    (SELECT COUNT(*)::int FROM faces f WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.face_id = f.id)) AS "facesWithoutEmbedding"`,
          )
        ).rows[0],
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => {});
    await this.pool.end().catch(() => {});
  }
}
