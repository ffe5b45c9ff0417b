/**
 * The gallery store's interface, shared by the embedded SQLite store and the
 * PostgreSQL store for teams. Asynchronous because a server is on the other
 * end of one of them; every method that writes is one transaction.
 */
import type { EmbeddingRow, EmbeddingTag, FaceRow, NewFace, PersonRow } from './repository';

export type { EmbeddingRow, EmbeddingTag, FaceRow, NewFace, PersonRow };

/** A commit seen by this store: its own or (PostgreSQL) another workstation's. */
export interface StoreChange {
  /** Monotonic per database; a full resync is due when it jumps by more than one. */
  version: number;
  kind:
    | 'enroll'
    | 'rename'
    | 'merge'
    | 'removePerson'
    | 'removeFace'
    | 'moveFace'
    | 'reject'
    | 'embeddings'
    | 'import'
    | 'settings'
    | 'reconnect';
  /** Process that made the change (pid@host), so a process can skip its own. */
  origin: string;
}

/** One person of an import: faces and, per face, the names it was rejected for. */
export interface ImportPerson {
  name: string;
  faces: NewFace[];
  rejectedFor: string[][];
}

export interface GalleryStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the gallery lives, safe to print (a URL's password is replaced by ***). */
  readonly location: string;
  /** Changes when anyone commits. */
  dataVersion(): Promise<number>;
  /** Commits by other processes, as they happen (PostgreSQL: LISTEN/NOTIFY). Returns an unsubscribe. */
  onChange(listener: (c: StoreChange) => void): () => void;

  listPersons(): Promise<PersonRow[]>;
  getPerson(id: number): Promise<PersonRow | undefined>;
  findPerson(name: string): Promise<PersonRow | undefined>;
  enroll(name: string, faces: NewFace[], tag: EmbeddingTag): Promise<{ personId: number; faceIds: number[] }>;
  rename(personId: number, name: string): Promise<void>;
  merge(from: number, into: number): Promise<void>;
  removePerson(personId: number): Promise<number>;
  removeFace(faceId: number): Promise<{ personId: number; personRemoved: boolean }>;
  /** Give a face to another person; a person left without faces is deleted, a rejection of the new person for this face goes. */
  moveFace(faceId: number, toPersonId: number): Promise<{ fromPersonId: number; personRemoved: boolean }>;

  listFaces(personId: number): Promise<FaceRow[]>;
  getFace(faceId: number): Promise<{ id: number; personId: number } | undefined>;
  crop(faceId: number): Promise<Uint8Array | undefined>;
  allFaces(): Promise<(FaceRow & { crop: Uint8Array })[]>;

  embeddings(tag: EmbeddingTag): Promise<EmbeddingRow[]>;
  facesWithoutEmbedding(tag: EmbeddingTag): Promise<number[]>;
  putEmbeddings(rows: { faceId: number; vector: Float32Array }[], tag: EmbeddingTag): Promise<void>;

  reject(faceId: number, personId: number): Promise<void>;
  rejections(): Promise<{ faceId: number; personId: number }[]>;

  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  /** Remove a setting; resolves to whether it was there. */
  deleteSetting(key: string): Promise<boolean>;

  /** Many persons (merged by name) with their rejections, in one transaction. */
  importPersons(persons: ImportPerson[], tag: EmbeddingTag): Promise<{ faces: number }>;

  counts(): Promise<{ persons: number; faces: number }>;
  orphans(): Promise<{ personsWithoutFaces: number; facesWithoutEmbedding: number }>;
  close(): Promise<void>;
}
