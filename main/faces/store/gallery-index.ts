/**
 * The live index of the gallery: the embedding matrix, person names and
 * rejections, kept equal to the database. Derived data: it is rebuilt from the
 * repository whenever another connection has committed (SQLite's
 * `PRAGMA data_version`), and updated in place by this process's own writes.
 * Queries rank persons: small galleries with the JS loop, large ones with one
 * ORT MatMul over a pinned snapshot of the matrix, and from ANN_MIN_ROWS (when
 * given a place to persist it) the vector index's candidates re-scored exactly
 * (ann.ts). The index is built and caught up in the background; until it is
 * ready the exact scan answers, so a query never waits for it and never sees
 * an index that lags the matrix.
 */
import type { SessionOptions } from '../../runtime/index';
import { ANN_CANDIDATES, ANN_MIN_ROWS, ANN_WIDE_CANDIDATES, AnnIndex, type AnnParams, type AnnProgress } from './ann';
import { GalleryMatrix, matVec, rankPersons, type PersonScore } from './gallery';
import { ORT_MIN_ROWS, OrtGalleryScorer } from './gallery.ort';
import type { EmbeddingTag } from './repository';
import type { GalleryStore } from './repository.types';

/**
 * @example
 *   const index = new GalleryIndex();
 *   await index.sync(repo, tag);
 *   (await index.rank(embedding))[0] // { personId, similarity, faceId }
 */
export interface RankOptions {
  /**
   * The decision threshold (τ). On the vector index, a best match below it is
   * confirmed by a second, wide search (ANN_WIDE_CANDIDATES) before the caller
   * says "not recognized": a graph miss costs time, not the answer.
   */
  widenBelow?: number;
}

export interface VectorIndexOptions {
  /** Persist the vector index beside this path (e.g. the database file); no index without it. */
  base?: string;
  /** Rows from which the index answers (default ANN_MIN_ROWS). */
  minRows?: number;
  onProgress?: AnnProgress;
  /** Graph parameters (default ANN_DEFAULTS; tests use a deliberately weak graph). */
  params?: AnnParams;
}

export class GalleryIndex {
  readonly matrix = new GalleryMatrix();
  private rejected = new Map<number, number[]>();
  private names = new Map<number, string>();
  private syncedAt: number | null = null;
  private everSynced = false;
  private stale = 0;
  private readonly scorer: OrtGalleryScorer;
  /** Answers queries only while `annReady` (caught up with the matrix). */
  private ann: AnnIndex | null = null;
  private annReady = false;
  private annJob: Promise<void> | null = null;
  private annTag: EmbeddingTag | null = null;

  constructor(
    session?: SessionOptions,
    private readonly vector: VectorIndexOptions = {},
  ) {
    this.scorer = new OrtGalleryScorer(this.matrix.dim, session);
  }

  get dim(): number {
    return this.matrix.dim;
  }

  /** Stored faces without an embedding of the current model version (left out of matching). */
  get staleFaces(): number {
    return this.stale;
  }

  /** Make the index equal to the database, if another connection committed since the last sync. */
  async sync(store: GalleryStore, tag: EmbeddingTag): Promise<void> {
    const dv = await store.dataVersion();
    if (this.syncedAt === dv) return;
    // Read everything first: a failed read leaves the last synced gallery whole.
    const [rows, stale] = await Promise.all([store.embeddings(tag), store.facesWithoutEmbedding(tag)]);
    const people = await this.readPeople(store);
    this.matrix.clear();
    for (const e of rows) this.matrix.add(e.faceId, e.personId, e.vector);
    this.stale = stale.length;
    [this.names, this.rejected] = people;
    this.syncedAt = dv;
    this.everSynced = true;
    this.annReady = false;
    this.annTag = tag;
    this.catchUpIndex();
  }

  /** Build, load or reconcile the vector index in the background (never blocks a query). */
  private catchUpIndex(): void {
    const base = this.vector.base;
    if (!base || this.annJob || !this.annTag || this.matrix.size < (this.vector.minRows ?? ANN_MIN_ROWS)) return;
    const tag = this.annTag;
    const job = (async () => {
      const { faceIds } = this.matrix.rows();
      const ids = Int32Array.from(faceIds);
      const rows = { faceIds: ids, vector: (i: number) => this.matrix.vector(ids[i]!) ?? new Float32Array(this.matrix.dim) };
      if (!this.ann || this.ann.tag.version !== tag.version) {
        this.ann = (await AnnIndex.open(base, tag, this.matrix.dim, rows, this.vector.onProgress, this.vector.params)).index;
      }
      // Writes may have landed while the index was built: catch up with the matrix as it is now, then answer.
      const now = this.matrix.rows().faceIds;
      const nowIds = Int32Array.from(now);
      await this.ann.reconcile({ faceIds: nowIds, vector: (i) => this.matrix.vector(nowIds[i]!)! }, 'update', this.vector.onProgress);
      this.annReady = true;
    })();
    this.annJob = job
      .catch(() => {
        // Derived data: without it the exact scan answers.
        this.ann = null;
        this.annReady = false;
      })
      .finally(() => {
        this.annJob = null;
        // Changed again meanwhile (a reload): go once more.
        if (!this.annReady) this.catchUpIndex();
      });
  }

  /** True while queries are answered by the vector index (tests, diagnostics). */
  get indexed(): boolean {
    return this.annReady && this.matrix.size >= (this.vector.minRows ?? ANN_MIN_ROWS);
  }

  /** Resolves when the background index work has finished (tests, bench). */
  async indexSettled(): Promise<void> {
    while (this.annJob) await this.annJob;
  }

  /** Forget the sync point: the next `sync` reloads everything. */
  invalidate(): void {
    this.syncedAt = null;
  }

  /** True once a sync has succeeded (the gallery can answer even if the store is unreachable now). */
  get synced(): boolean {
    return this.everSynced;
  }

  private async readPeople(store: GalleryStore): Promise<[Map<number, string>, Map<number, number[]>]> {
    const [persons, rejections] = await Promise.all([store.listPersons(), store.rejections()]);
    const rejected = new Map<number, number[]>();
    for (const r of rejections) rejected.set(r.personId, [...(rejected.get(r.personId) ?? []), r.faceId]);
    return [new Map(persons.map((p) => [p.id, p.name])), rejected];
  }

  /** Rejections as last synced (person → faces they are not), for rankings done outside the index. */
  get rejections(): ReadonlyMap<number, readonly number[]> {
    return this.rejected;
  }

  /** Names and rejections from the database (after edits that change them). */
  async loadPeople(store: GalleryStore): Promise<void> {
    [this.names, this.rejected] = await this.readPeople(store);
  }

  /** Rejections held (face F is not person P). */
  get rejectionCount(): number {
    let n = 0;
    for (const faces of this.rejected.values()) n += faces.length;
    return n;
  }

  name(personId: number): string {
    return this.names.get(personId) ?? `#${personId}`;
  }

  setName(personId: number, name: string): void {
    this.names.set(personId, name);
  }

  add(faceId: number, personId: number, embedding: Float32Array): void {
    this.matrix.add(faceId, personId, embedding);
    if (this.annReady) this.ann!.add(faceId, embedding);
    else this.catchUpIndex();
  }

  reassign(from: number, into: number): void {
    this.matrix.reassign(from, into);
  }

  /** A face moved to another person (the index is keyed by face, so only the matrix's person column changes). */
  moveFace(faceId: number, personId: number): void {
    this.matrix.setPersonOf(faceId, personId);
  }

  removePerson(personId: number): void {
    if (this.annReady) for (const f of this.matrix.facesOf(personId)) this.ann!.remove(f);
    this.matrix.removePerson(personId);
  }

  removeFace(faceId: number): void {
    this.matrix.remove(faceId);
    if (this.annReady) this.ann!.remove(faceId);
  }

  /**
   * Persons ranked for one query. Small galleries: the JS loop, synchronously.
   * Large ones: one ORT MatMul over a pinned snapshot of the matrix, so that a
   * write landing while ORT reads cannot change the rows under it.
   */
  async rank(q: Float32Array, opts: RankOptions = {}): Promise<PersonScore[]> {
    if (this.indexed) {
      const ranked = this.rankIndexed(q, ANN_CANDIDATES);
      // A miss of the graph reads as "not recognized": before saying so, search again with a wide beam.
      const below = opts.widenBelow ?? -Infinity;
      return (ranked[0]?.similarity ?? -Infinity) >= below ? ranked : this.rankIndexed(q, ANN_WIDE_CANDIDATES);
    }
    if (this.matrix.size < ORT_MIN_ROWS) {
      const { faceIds, personIds } = this.matrix.rows();
      return rankPersons(this.matrix.similarities(q), faceIds, personIds, this.rejected);
    }
    const snap = this.matrix.snapshot();
    try {
      const sims = await this.scorer.similarities(snap.matrix, snap.size, q);
      return rankPersons(sims, snap.faceIds, snap.personIds, this.rejected);
    } finally {
      snap.release();
    }
  }

  /**
   * The index's candidates — plus every face some person was rejected for,
   * which the rejection rule needs — scored with exact cosine.
   */
  private rankIndexed(q: Float32Array, candidates: number): PersonScore[] {
    const faces = new Set(this.ann!.search(q, candidates));
    for (const fs of this.rejected.values()) for (const f of fs) faces.add(f);
    const faceIds: number[] = [];
    const personIds: number[] = [];
    const m = new Float32Array(faces.size * this.dim);
    for (const f of faces) {
      const v = this.matrix.vector(f);
      if (!v) continue;
      m.set(v, faceIds.length * this.dim);
      faceIds.push(f);
      personIds.push(this.matrix.personOf(f)!);
    }
    return rankPersons(matVec(m, faceIds.length, this.dim, q), faceIds, personIds, this.rejected);
  }

  async dispose(): Promise<void> {
    await this.indexSettled();
    if (this.ann && this.ann.unsaved > 0) {
      try {
        this.ann.save();
      } catch {
        // Derived data: the next open catches up from the database.
      }
    }
    this.ann = null;
    this.annReady = false;
    this.syncedAt = null;
    await this.scorer.dispose();
  }
}
