/**
 * A vector index for large galleries: an HNSW graph (usearch 2.x, Apache-2.0,
 * github.com/unum-cloud/USearch) over the gallery's unit embeddings. It only
 * proposes candidates; the caller re-scores them with exact cosine on the
 * in-memory matrix, so every similarity it reports — and the decision vs τ — is
 * the exact one for the faces found.
 *
 * Derived data, persisted beside the database:
 *   <base>.ann.json            manifest: model tag, rows, max face id, generation, sizes + sha256 of the files
 *   <base>.ann-<gen>.usearch   the graph (usearch's format)
 *   <base>.ann-<gen>.keys      (face id, vector fingerprint) pairs, u32 little-endian, sorted by face id
 * A save writes a new generation (temp + fsync + rename), then the manifest
 * (same), then deletes older generations: a crash at any point leaves a
 * manifest naming complete files. On open the index is reconciled with the
 * gallery as the database has it — faces missing from the graph are added,
 * faces gone (or re-used ids with another vector: the key carries a
 * fingerprint of the vector) are removed — so after any crash the index holds
 * exactly the database's faces. A missing, damaged or other-model index is
 * rebuilt from scratch, with progress.
 *
 * A little over 400 lines: the index, its file format and its crash recovery
 * belong together (each half is only correct with the other).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import usearch, { type Index as UsearchIndex, MetricKind, type ScalarKind } from 'usearch';
import { VwError } from '../../errors';

/**
 * Galleries at least this large use the index. The exact ORT scan grows
 * linearly — 9.0 ms at 100k and 99 ms at 1M on the 2-core box — while the
 * index answers in 3.0 ms at 100k and single-digit milliseconds at 1M
 * (bench/faces-scale.ts). Below ~50k the exact scan costs ≤ ~4 ms, exact by
 * construction, with nothing to build; above it the index wins.
 */
export const ANN_MIN_ROWS = 50_000;
/** Candidates taken from the graph and re-scored exactly. */
export const ANN_CANDIDATES = 64;
/**
 * The second, wide search when the first found no one above τ (usearch widens
 * its beam to the count asked for): a face missed by the first pass is found
 * here instead of being called "not recognized".
 */
export const ANN_WIDE_CANDIDATES = 2048;

export interface AnnParams {
  /** Graph degree (M). */
  connectivity: number;
  /** Beam width while inserting. */
  expansionAdd: number;
  /** Beam width while searching (≥ candidates). */
  expansionSearch: number;
  /** Storage of the vectors inside the graph; re-ranking always uses the exact f32 rows. */
  quantization: 'f32' | 'f16' | 'i8';
}

/**
 * Measured on seeded random unit 512-D rows with planted near-duplicates
 * (probes at cosine ≈ 0.9 to their person's faces), 64 candidates re-scored,
 * recall@1 of the first search against exact (a one-off sweep on the shared 2-core box, 200 probes):
 *   300k: M 16 / ef_add 64 → 0.84 / 0.93 / 0.985 / 0.995 at ef_search 256 / 512 / 1024 / 2048;
 *         M 24 / ef_add 40 → 0.92 / 0.98 / 1.00 / 1.00; M 32 / ef_add 32 → 0.91 / 0.98 / 1.00 / 1.00;
 *         M 32 / ef_add 64 → 0.985 / 1.00 / 1.00 / 1.00 (build ≈ 4× that of M 16);
 *   1M:   M 16 / ef_add 64 / ef_search 512 → 0.66.
 * Uniform random rows are HNSW's hardest case (no structure to navigate by), and
 * the recall of one beam falls with the size, so: degree 32, and a miss below τ
 * is searched again with ANN_WIDE_CANDIDATES. f16 storage recalled a little better
 * at M 16 (0.98 vs 0.93 at ef_search 512) for a 3× build; degree 32 in i8 did
 * better for about the same build, and re-scoring uses the f32 rows anyway.
 * At 1M with M 32 / ef_add 64 (bench, 2 cores): ef_search 512 → 7.7 ms median,
 * recall@1 0.93 of the exact face and 1.00 of the person named (200 probes);
 * ef_search 256 → 4.0 ms median, 0.88 of the face (0.82 first pass, 6 % widened),
 * 1.00 of the person. The decision is what matters (another face of the same
 * person is often found instead), so 256.
 */
export const ANN_DEFAULTS: AnnParams = { connectivity: 32, expansionAdd: 64, expansionSearch: 256, quantization: 'i8' };

export interface AnnTag {
  model: string;
  version: string;
}

interface Manifest {
  format: 'vws-ann';
  formatVersion: 1;
  model: string;
  version: string;
  dim: number;
  params: AnnParams;
  rows: number;
  maxFaceId: number;
  generation: number;
  files: { index: FileSum; keys: FileSum };
}
interface FileSum {
  name: string;
  size: number;
  sha256: string;
}

/** The gallery rows the index must hold: face ids and their vectors (row-major, `dim` floats each). */
export interface AnnRows {
  faceIds: ArrayLike<number>;
  /** Vector of row i. */
  vector(i: number): Float32Array;
}

export type AnnProgress = (p: { phase: 'load' | 'rebuild' | 'update'; done: number; total: number }) => void;

/** FNV-1a over the float bits: a cheap fingerprint so a re-used face id with another vector is never mistaken for the old one. */
export function fingerprint(v: Float32Array): number {
  const w = new Uint32Array(v.buffer, v.byteOffset, v.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) {
    h = Math.imul(h ^ w[i]!, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const keyOf = (faceId: number, fp: number): bigint => (BigInt(faceId) << 32n) | BigInt(fp);

function sha256File(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 22);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * @example
 *   const ann = await AnnIndex.open('/data/faces.db', tag, 512, gallery.rows, (p) => bar.update(p.done));
 *   const candidates = ann.search(query);   // face ids, best first (approximate)
 *   ann.add(faceId, vector); ann.remove(faceId); ann.save();
 */
export class AnnIndex {
  private index: UsearchIndex;
  /** faceId → fingerprint of the vector in the graph. */
  private readonly fps = new Map<number, number>();
  private generation = 0;
  private dirty = 0;

  private constructor(
    readonly base: string,
    readonly tag: AnnTag,
    readonly dim: number,
    readonly params: AnnParams,
  ) {
    this.index = this.fresh();
  }

  private fresh(): UsearchIndex {
    return new usearch.Index({
      dimensions: this.dim,
      metric: MetricKind.IP,
      quantization: this.params.quantization as ScalarKind,
      connectivity: this.params.connectivity,
      expansion_add: this.params.expansionAdd,
      expansion_search: this.params.expansionSearch,
      multi: false,
    });
  }

  get manifestPath(): string {
    return `${this.base}.ann.json`;
  }

  get size(): number {
    return this.fps.size;
  }

  /** Writes since the last save. */
  get unsaved(): number {
    return this.dirty;
  }

  /**
   * Load the persisted index if it is whole and of this model, else start empty;
   * then reconcile with `rows` (the database's gallery) and save when that changed anything.
   */
  static async open(
    base: string,
    tag: AnnTag,
    dim: number,
    rows: AnnRows,
    onProgress?: AnnProgress,
    params: AnnParams = ANN_DEFAULTS,
  ): Promise<{ index: AnnIndex; loaded: boolean; added: number; removed: number }> {
    const ann = new AnnIndex(base, tag, dim, params);
    const loaded = ann.load();
    const { added, removed } = await ann.reconcile(rows, loaded ? 'update' : 'rebuild', onProgress);
    if (added + removed > 0 || !loaded) ann.save();
    return { index: ann, loaded, added, removed };
  }

  /** The manifest, or null when absent or unreadable. */
  readManifest(): Manifest | null {
    try {
      const m = JSON.parse(fs.readFileSync(this.manifestPath, 'utf8')) as Manifest;
      return m && m.format === 'vws-ann' && m.formatVersion === 1 ? m : null;
    } catch {
      return null;
    }
  }

  /** True when a whole index of this model and these parameters was loaded. */
  private load(): boolean {
    const m = this.readManifest();
    if (!m || m.model !== this.tag.model || m.version !== this.tag.version || m.dim !== this.dim) return false;
    if (JSON.stringify(m.params) !== JSON.stringify(this.params)) return false;
    const dir = path.dirname(this.base);
    const indexFile = path.join(dir, m.files.index.name);
    const keysFile = path.join(dir, m.files.keys.name);
    for (const [file, sum] of [
      [indexFile, m.files.index],
      [keysFile, m.files.keys],
    ] as const) {
      if (!fs.existsSync(file) || fs.statSync(file).size !== sum.size || sha256File(file) !== sum.sha256) return false;
    }
    const keys = new Uint32Array(new Uint8Array(fs.readFileSync(keysFile)).buffer);
    if (keys.length !== m.rows * 2) return false;
    try {
      const index = this.fresh();
      index.load(indexFile);
      if (index.size() !== m.rows) return false;
      this.index = index;
    } catch {
      return false;
    }
    for (let i = 0; i < keys.length; i += 2) this.fps.set(keys[i]!, keys[i + 1]!);
    this.generation = m.generation;
    return true;
  }

  /**
   * Make the graph hold exactly `rows`: remove faces that are gone or whose
   * vector changed, add the missing ones (in chunks, yielding to the event loop).
   */
  async reconcile(
    rows: AnnRows,
    phase: 'rebuild' | 'update' = 'update',
    onProgress?: AnnProgress,
  ): Promise<{ added: number; removed: number }> {
    const n = rows.faceIds.length;
    const want = new Map<number, number>();
    for (let i = 0; i < n; i++) want.set(rows.faceIds[i]!, i);
    const toRemove: number[] = [];
    const toAdd: number[] = [];
    for (const [faceId, fp] of this.fps) {
      const row = want.get(faceId);
      if (row === undefined || fingerprint(rows.vector(row)) !== fp) toRemove.push(faceId);
    }
    for (const f of toRemove) this.remove(f);
    for (let i = 0; i < n; i++) if (!this.fps.has(rows.faceIds[i]!)) toAdd.push(i);
    const chunk = 2048;
    for (let s = 0; s < toAdd.length; s += chunk) {
      const part = toAdd.slice(s, s + chunk);
      const keys = new BigUint64Array(part.length);
      const vecs = new Float32Array(part.length * this.dim);
      part.forEach((row, k) => {
        const v = rows.vector(row);
        const faceId = rows.faceIds[row]!;
        const fp = fingerprint(v);
        keys[k] = keyOf(faceId, fp);
        vecs.set(v, k * this.dim);
        this.fps.set(faceId, fp);
      });
      // Threads only for a rebuild into a fresh graph; catching up a loaded one (a few faces) goes one at a time,
      // which under heavy load was seen to leave a face unreachable from its own vector when done in parallel.
      this.index.add(keys, vecs, phase === 'rebuild' ? 0 : 1);
      this.dirty += part.length;
      onProgress?.({ phase, done: Math.min(s + chunk, toAdd.length), total: toAdd.length });
      await new Promise((r) => setImmediate(r));
    }
    return { added: toAdd.length, removed: toRemove.length };
  }

  add(faceId: number, vector: Float32Array): void {
    if (vector.length !== this.dim) throw new RangeError(`embedding has ${vector.length} values, index expects ${this.dim}`);
    if (this.fps.has(faceId)) this.remove(faceId);
    const fp = fingerprint(vector);
    this.index.add(keyOf(faceId, fp), vector, 1);
    this.fps.set(faceId, fp);
    this.dirty++;
  }

  remove(faceId: number): boolean {
    const fp = this.fps.get(faceId);
    if (fp === undefined) return false;
    this.index.remove(keyOf(faceId, fp));
    this.fps.delete(faceId);
    this.dirty++;
    return true;
  }

  has(faceId: number): boolean {
    return this.fps.has(faceId);
  }

  /** (faceId, fingerprint) pairs the graph holds, sorted by face id. */
  entries(): [number, number][] {
    return [...this.fps.entries()].sort((a, b) => a[0] - b[0]);
  }

  /** Up to `k` candidate face ids for a unit query, nearest first (approximate). */
  search(q: Float32Array, k = ANN_CANDIDATES): number[] {
    if (this.fps.size === 0) return [];
    const res = this.index.search(q, Math.min(k, this.fps.size), 1);
    const out: number[] = [];
    for (const key of res.keys) {
      const faceId = Number(key >> 32n);
      // Tombstoned keys never come back from usearch; the check guards the invariant anyway.
      if (this.fps.get(faceId) === Number(key & 0xffffffffn)) out.push(faceId);
    }
    return out;
  }

  /** Persist as a new generation; the manifest names it only once its files are whole on disk. */
  save(): void {
    const dir = path.dirname(path.resolve(this.base));
    const stem = path.basename(this.base);
    const gen = this.generation + 1;
    // Unique per save, so two processes saving beside one database never write the same file.
    const id = `${gen}-${process.pid}-${Math.floor(Math.random() * 2 ** 32).toString(16)}`;
    const indexName = `${stem}.ann-${id}.usearch`;
    const keysName = `${stem}.ann-${id}.keys`;
    try {
      fs.mkdirSync(dir, { recursive: true });
      const entries = this.entries();
      const keys = new Uint32Array(entries.length * 2);
      entries.forEach(([f, fp], i) => {
        keys[2 * i] = f;
        keys[2 * i + 1] = fp;
      });
      const files: Manifest['files'] = {} as Manifest['files'];
      for (const [what, name, write] of [
        ['index', indexName, (tmp: string) => this.index.save(tmp)],
        ['keys', keysName, (tmp: string) => fs.writeFileSync(tmp, new Uint8Array(keys.buffer))],
      ] as const) {
        const tmp = path.join(dir, `${name}.tmp-${process.pid}`);
        write(tmp);
        fsyncFile(tmp);
        fs.renameSync(tmp, path.join(dir, name));
        files[what] = { name, size: fs.statSync(path.join(dir, name)).size, sha256: sha256File(path.join(dir, name)) };
      }
      const manifest: Manifest = {
        format: 'vws-ann',
        formatVersion: 1,
        model: this.tag.model,
        version: this.tag.version,
        dim: this.dim,
        params: this.params,
        rows: entries.length,
        maxFaceId: entries.length ? entries[entries.length - 1]![0] : 0,
        generation: gen,
        files,
      };
      const tmp = path.join(dir, `${stem}.ann.json.tmp-${process.pid}`);
      fs.writeFileSync(tmp, JSON.stringify(manifest, null, 1));
      fsyncFile(tmp);
      fs.renameSync(tmp, this.manifestPath);
      fsyncDir(dir);
      this.generation = gen;
      this.dirty = 0;
      this.cleanup(dir, stem, id);
    } catch (err) {
      throw new VwError('E_DB', `Cannot save the face index beside ${this.base}: ${(err as Error).message}`, {
        hint: 'The index is derived data: check free space and permissions; recognition keeps working without it.',
      });
    }
  }

  /**
   * Delete other generations and leftovers of interrupted saves. Another
   * process's save in flight may lose its files: its manifest then fails the
   * checks and that index is rebuilt — slower, never wrong.
   */
  private cleanup(dir: string, stem: string, keep: string): void {
    for (const f of fs.readdirSync(dir)) {
      if (!f.startsWith(`${stem}.ann`) || f === `${stem}.ann.json`) continue;
      const file = path.join(dir, f);
      const tmp = /\.tmp-(\d+)$/.exec(f);
      if (tmp) {
        if (Number(tmp[1]) === process.pid || !alive(Number(tmp[1]))) fs.rmSync(file, { force: true });
      } else if (/^\.ann-[\w-]+\.(usearch|keys)$/.test(f.slice(stem.length)) && !f.includes(`.ann-${keep}.`)) {
        fs.rmSync(file, { force: true });
      }
    }
  }

  /** Remove every file of the index (e.g. the gallery was deleted). */
  static removeFiles(base: string): void {
    const dir = path.dirname(path.resolve(base));
    const stem = path.basename(base);
    for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : [])
      if (f.startsWith(`${stem}.ann`)) fs.rmSync(path.join(dir, f), { force: true });
  }
}
