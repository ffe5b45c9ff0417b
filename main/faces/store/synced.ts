/**
 * The in-memory side of a gallery store: the embedding matrix, person names,
 * rejections and — above ANN_MIN_ROWS — the vector index, kept in sync with
 * any GalleryStore. Changes pushed by the store (PostgreSQL NOTIFY from other
 * workstations) trigger a resync at once; otherwise `sync()` compares the
 * store's data version. While the store is unreachable the last synced gallery
 * keeps answering: recognition goes on, and the next successful sync catches up.
 *
 * Ranking: small galleries are scanned exactly; large ones ask the index for
 * candidates and score them — plus every face some person was rejected
 * for, which the rejection rule needs — with exact cosine, so the similarities
 * and the decision vs τ are the exact ones for the faces found.
 */
import { GalleryMatrix, matVec, rankPersons, type PersonScore } from './gallery';
import { ORT_MIN_ROWS, type OrtGalleryScorer } from './gallery.ort';
import { ANN_CANDIDATES, ANN_MIN_ROWS, AnnIndex, type AnnProgress, type AnnRows } from './ann';
import type { EmbeddingTag, GalleryStore, StoreChange } from './repository.types';

export interface SyncedGalleryOptions {
  /** Where the index is persisted (beside the SQLite file; for PostgreSQL a local cache path). No index when absent. */
  indexBase?: string;
  /** Rows from which the index is used (default ANN_MIN_ROWS). */
  annMinRows?: number;
  onIndexProgress?: AnnProgress;
  /** After every sync that changed something, with the change that caused it. */
  onSynced?: (change: StoreChange | null) => void;
  /** Exact scoring of large galleries on ORT (else the JS loop). */
  scorer?: OrtGalleryScorer;
}

/**
 * @example
 *   const g = new SyncedGallery(store, tag, { indexBase: '/data/faces.db' });
 *   await g.sync();
 *   const ranked = await g.rank(embedding); // persons, best first
 */
export class SyncedGallery {
  readonly matrix = new GalleryMatrix();
  names = new Map<number, string>();
  private rejected = new Map<number, number[]>();
  private personOf = new Map<number, number>();
  private ann: AnnIndex | null = null;
  private version: number | null = null;
  private running: Promise<boolean> | null = null;
  private again = false;
  private unsubscribe: (() => void) | null = null;
  /** Error of the last failed sync (null when the last one succeeded). */
  lastError: unknown = null;

  constructor(
    readonly store: GalleryStore,
    readonly tag: EmbeddingTag,
    private readonly opts: SyncedGalleryOptions = {},
  ) {}

  /** Follow the store's change feed: every change from elsewhere resyncs at once. */
  follow(): void {
    this.unsubscribe ??= this.store.onChange((c) => {
      this.version = null;
      void this.sync(c);
    });
  }

  /** Rejections held (face F is not person P). */
  get rejectionCount(): number {
    let n = 0;
    for (const fs of this.rejected.values()) n += fs.length;
    return n;
  }

  get size(): number {
    return this.matrix.size;
  }

  get indexed(): boolean {
    return this.ann !== null && this.matrix.size >= (this.opts.annMinRows ?? ANN_MIN_ROWS);
  }

  /**
   * Bring the matrix (and index) up to the store. Resolves false — keeping the
   * last synced gallery — when the store cannot be read. Concurrent calls share one run.
   */
  sync(change: StoreChange | null = null): Promise<boolean> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let ok = true;
      do {
        this.again = false;
        ok = await this.syncOnce(change);
      } while (this.again);
      return ok;
    })().finally(() => (this.running = null));
    return this.running;
  }

  private async syncOnce(change: StoreChange | null): Promise<boolean> {
    try {
      const v = await this.store.dataVersion();
      if (v === this.version) return true;
      const [rows, persons, rejections] = await Promise.all([
        this.store.embeddings(this.tag),
        this.store.listPersons(),
        this.store.rejections(),
      ]);
      this.matrix.clear();
      for (const e of rows) this.matrix.add(e.faceId, e.personId, e.vector);
      this.personOf = new Map(rows.map((e) => [e.faceId, e.personId]));
      this.names = new Map(persons.map((p) => [p.id, p.name]));
      const rejected = new Map<number, number[]>();
      for (const r of rejections) rejected.set(r.personId, [...(rejected.get(r.personId) ?? []), r.faceId]);
      this.rejected = rejected;
      await this.syncIndex();
      this.version = v;
      this.lastError = null;
      this.opts.onSynced?.(change);
      return true;
    } catch (err) {
      this.lastError = err;
      return false;
    }
  }

  private rowsOfMatrix(): AnnRows {
    const { faceIds } = this.matrix.rows();
    return { faceIds, vector: (i) => this.matrix.vector(faceIds[i]!)! };
  }

  private async syncIndex(): Promise<void> {
    if (!this.opts.indexBase || this.matrix.size < (this.opts.annMinRows ?? ANN_MIN_ROWS)) return;
    if (!this.ann) {
      this.ann = (
        await AnnIndex.open(this.opts.indexBase, this.tag, this.matrix.dim, this.rowsOfMatrix(), this.opts.onIndexProgress)
      ).index;
    } else {
      const { added, removed } = await this.ann.reconcile(this.rowsOfMatrix(), 'update', this.opts.onIndexProgress);
      // Persist now and then; after a crash the next open catches up from the database anyway.
      if (added + removed > 0 && this.ann.unsaved > 10_000) this.ann.save();
    }
  }

  /** Persons for one unit query, best first. */
  async rank(q: Float32Array): Promise<PersonScore[]> {
    if (this.indexed) return this.rankIndexed(q);
    if (this.opts.scorer && this.matrix.size >= ORT_MIN_ROWS) {
      const snap = this.matrix.snapshot();
      try {
        return rankPersons(await this.opts.scorer.similarities(snap.matrix, snap.size, q), snap.faceIds, snap.personIds, this.rejected);
      } finally {
        snap.release();
      }
    }
    const { faceIds, personIds } = this.matrix.rows();
    return rankPersons(this.matrix.similarities(q), faceIds, personIds, this.rejected);
  }

  private rankIndexed(q: Float32Array): PersonScore[] {
    const faces = new Set(this.ann!.search(q, ANN_CANDIDATES));
    for (const fs of this.rejected.values()) for (const f of fs) faces.add(f);
    const faceIds: number[] = [];
    const personIds: number[] = [];
    const vecs: Float32Array[] = [];
    for (const f of faces) {
      const v = this.matrix.vector(f);
      if (!v) continue;
      faceIds.push(f);
      personIds.push(this.personOf.get(f)!);
      vecs.push(v);
    }
    const m = new Float32Array(vecs.length * this.matrix.dim);
    vecs.forEach((v, i) => m.set(v, i * this.matrix.dim));
    return rankPersons(matVec(m, vecs.length, this.matrix.dim, q), faceIds, personIds, this.rejected);
  }

  /** Save the index (if any) and stop following the store. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.ann && this.ann.unsaved > 0) this.ann.save();
  }
}
