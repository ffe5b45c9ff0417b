/**
 * The embedded SQLite store (repository.ts) behind the asynchronous
 * GalleryStore interface, unchanged underneath: same file, same
 * transactions. Another process's commits are found by polling
 * `PRAGMA data_version` (what the service already does per request), so
 * `onChange` has nothing to push.
 */
import { FaceRepository, type RepositoryOptions } from './repository';
import type { EmbeddingTag, GalleryStore, ImportPerson, NewFace, StoreChange } from './repository.types';

/**
 * @example
 *   const store = SqliteGalleryStore.open('/data/faces.db');
 *   await store.enroll('ada', faces, tag);
 */
export class SqliteGalleryStore implements GalleryStore {
  readonly kind = 'sqlite' as const;

  constructor(readonly repo: FaceRepository) {}

  static open(file: string, opts?: RepositoryOptions): SqliteGalleryStore {
    return new SqliteGalleryStore(FaceRepository.open(file, opts));
  }

  get location(): string {
    return this.repo.file;
  }

  async dataVersion() {
    return this.repo.dataVersion();
  }
  onChange(_listener: (c: StoreChange) => void): () => void {
    return () => {};
  }
  async listPersons() {
    return this.repo.listPersons();
  }
  async getPerson(id: number) {
    return this.repo.getPerson(id);
  }
  async findPerson(name: string) {
    return this.repo.findPerson(name);
  }
  async enroll(name: string, faces: NewFace[], tag: EmbeddingTag) {
    return this.repo.enroll(name, faces, tag);
  }
  async rename(personId: number, name: string) {
    this.repo.rename(personId, name);
  }
  async merge(from: number, into: number) {
    this.repo.merge(from, into);
  }
  async removePerson(personId: number) {
    return this.repo.removePerson(personId);
  }
  async removeFace(faceId: number) {
    return this.repo.removeFace(faceId);
  }
  async moveFace(faceId: number, toPersonId: number) {
    return this.repo.moveFace(faceId, toPersonId);
  }
  async listFaces(personId: number) {
    return this.repo.listFaces(personId);
  }
  async getFace(faceId: number) {
    return this.repo.getFace(faceId);
  }
  async crop(faceId: number) {
    return this.repo.crop(faceId);
  }
  async allFaces() {
    return this.repo.allFaces();
  }
  async embeddings(tag: EmbeddingTag) {
    return this.repo.embeddings(tag);
  }
  async facesWithoutEmbedding(tag: EmbeddingTag) {
    return this.repo.facesWithoutEmbedding(tag);
  }
  async putEmbeddings(rows: { faceId: number; vector: Float32Array }[], tag: EmbeddingTag) {
    this.repo.putEmbeddings(rows, tag);
  }
  async reject(faceId: number, personId: number) {
    this.repo.reject(faceId, personId);
  }
  async rejections() {
    return this.repo.rejections();
  }
  async getSetting(key: string) {
    return this.repo.getSetting(key);
  }
  async setSetting(key: string, value: string) {
    this.repo.setSetting(key, value);
  }
  async deleteSetting(key: string) {
    return this.repo.deleteSetting(key);
  }
  async importPersons(persons: ImportPerson[], tag: EmbeddingTag) {
    const repo = this.repo;
    return repo.write(() => {
      let faces = 0;
      const ids: { faceIds: number[]; rejectedFor: string[][] }[] = [];
      for (const p of persons) {
        const r = repo.enroll(p.name, p.faces, tag);
        faces += r.faceIds.length;
        ids.push({ faceIds: r.faceIds, rejectedFor: p.rejectedFor });
      }
      for (const { faceIds, rejectedFor } of ids) {
        faceIds.forEach((fid, k) => {
          for (const name of rejectedFor[k] ?? []) {
            const person = repo.findPerson(name);
            if (person) repo.reject(fid, person.id);
          }
        });
      }
      return { faces };
    });
  }
  async counts() {
    return this.repo.counts();
  }
  async orphans() {
    return this.repo.orphans();
  }
  async close() {
    this.repo.close();
  }
}
