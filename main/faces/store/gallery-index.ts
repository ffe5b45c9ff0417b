/**
 * The live index of the gallery: the embedding matrix, person names and
 * rejections, kept equal to the database. Derived data: it is rebuilt from the
 * repository whenever another connection has committed (SQLite's
 * `PRAGMA data_version`), and updated in place by this process's own writes.
 * Queries rank persons: small galleries with the JS loop, large ones with one
 * ORT MatMul over a pinned snapshot of the matrix.
 */
import type { SessionOptions } from '../../runtime/index';
import { GalleryMatrix, rankPersons, type PersonScore } from './gallery';
import { ORT_MIN_ROWS, OrtGalleryScorer } from './gallery.ort';
import type { EmbeddingTag, FaceRepository } from './repository';

/**
 * @example
 *   const index = new GalleryIndex();
 *   await index.sync(repo, tag);
 *   (await index.rank(embedding))[0] // { personId, similarity, faceId }
 */
export class GalleryIndex {
  readonly matrix = new GalleryMatrix();
  private rejected = new Map<number, number[]>();
  private names = new Map<number, string>();
  private syncedAt: number | null = null;
  private stale = 0;
  private readonly scorer: OrtGalleryScorer;

  constructor(session?: SessionOptions) {
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
  sync(repo: FaceRepository, tag: EmbeddingTag): void {
    const dv = repo.dataVersion();
    if (this.syncedAt === dv) return;
    this.matrix.clear();
    for (const e of repo.embeddings(tag)) this.matrix.add(e.faceId, e.personId, e.vector);
    this.stale = repo.facesWithoutEmbedding(tag).length;
    this.loadPeople(repo);
    this.syncedAt = dv;
  }

  /** Forget the sync point: the next `sync` reloads everything. */
  invalidate(): void {
    this.syncedAt = null;
  }

  /** Names and rejections from the database (after edits that change them). */
  loadPeople(repo: FaceRepository): void {
    this.names = new Map(repo.listPersons().map((p) => [p.id, p.name]));
    this.rejected = new Map();
    for (const r of repo.rejections()) this.rejected.set(r.personId, [...(this.rejected.get(r.personId) ?? []), r.faceId]);
  }

  name(personId: number): string {
    return this.names.get(personId) ?? `#${personId}`;
  }

  setName(personId: number, name: string): void {
    this.names.set(personId, name);
  }

  add(faceId: number, personId: number, embedding: Float32Array): void {
    this.matrix.add(faceId, personId, embedding);
  }

  reassign(from: number, into: number): void {
    this.matrix.reassign(from, into);
  }

  removePerson(personId: number): void {
    this.matrix.removePerson(personId);
  }

  removeFace(faceId: number): void {
    this.matrix.remove(faceId);
  }

  /**
   * Persons ranked for one query. Small galleries: the JS loop, synchronously.
   * Large ones: one ORT MatMul over a pinned snapshot of the matrix, so that a
   * write landing while ORT reads cannot change the rows under it.
   */
  async rank(q: Float32Array): Promise<PersonScore[]> {
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

  async dispose(): Promise<void> {
    this.syncedAt = null;
    await this.scorer.dispose();
  }
}
