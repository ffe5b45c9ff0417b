/**
 * The portable gallery file (`vws faces export` / import): persons, faces,
 * aligned crops (base64 JPEG) and embeddings with their model version. A public
 * file format, so it is parsed with a schema: an import is hostile input.
 *
 * Import merges persons by name in one transaction and skips faces already
 * present (same crop bytes), so it is idempotent. Embeddings of the same
 * model version are kept (re-normalised); otherwise faces are re-embedded from
 * their crops (decoded from JPEG, so the vector is close to, not equal to, the
 * one computed at enrollment).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { VwError } from '../errors';
import { decodeImage } from '../imaging/decode';
import type { EmbeddingTag, FaceRepository, NewFace } from './store/repository';
import { SqliteGalleryStore } from './store/repository.sqlite';
import type { GalleryStore, ImportPerson } from './store/repository.types';

const num = z.number().finite();
const quality = z.object({
  ok: z.boolean(),
  reasons: z.array(z.string().max(500)).max(20),
  sizePx: num,
  sharpness: num,
  yawDeg: num,
  rollDeg: num,
});
const exportFace = z.object({
  source: z.string().max(1024),
  box: z.tuple([num, num, num, num]),
  landmarks: z.array(z.tuple([num, num])).max(200),
  quality,
  crop: z.string().max(4 * 1024 * 1024),
  embedding: z
    .string()
    .max(64 * 1024)
    .optional(),
  rejectedFor: z.array(z.string().max(200)).max(1000).default([]),
});
export const exportFileSchema = z.object({
  format: z.literal('vws-faces'),
  formatVersion: z.literal(1),
  embedding: z.object({ model: z.string().max(100), version: z.string().max(100) }),
  persons: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(200),
        created: z.string().max(64),
        faces: z.array(exportFace).min(1).max(10_000),
      }),
    )
    .max(100_000),
});

export type ExportFile = z.infer<typeof exportFileSchema>;

/**
 * Check an export: bytes (UTF-8 JSON) or an already parsed value.
 * @throws VwError E_BAD_ARGUMENT naming what is wrong.
 */
export function parseExport(input: Uint8Array | unknown): ExportFile {
  let data = input;
  if (input instanceof Uint8Array) {
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(input));
    } catch (err) {
      throw new VwError('E_BAD_ARGUMENT', `The gallery file is not JSON: ${(err as Error).message}`, {
        hint: 'Choose a file written by `vws faces export` or the Faces page.',
      });
    }
  }
  const parsed = exportFileSchema.safeParse(data);
  if (!parsed.success)
    throw new VwError('E_BAD_ARGUMENT', `Not a vws faces export: ${z.prettifyError(parsed.error).split('\n').slice(0, 4).join(' ')}`, {
      hint: 'Choose a file written by `vws faces export` or the Faces page (format "vws-faces", formatVersion 1).',
    });
  return parsed.data;
}

/** The gallery as an export file. */
export async function buildExport(store: GalleryStore, tag: EmbeddingTag): Promise<ExportFile> {
  const vectors = new Map((await store.embeddings(tag)).map((e) => [e.faceId, e.vector]));
  const rejections = await store.rejections();
  const persons = await store.listPersons();
  const names = new Map(persons.map((p) => [p.id, p.name]));
  const faces = await store.allFaces();
  return {
    format: 'vws-faces',
    formatVersion: 1,
    embedding: tag,
    persons: persons.map((p) => ({
      name: p.name,
      created: p.created,
      faces: faces
        .filter((f) => f.personId === p.id)
        .map((f) => {
          const v = vectors.get(f.id);
          return {
            source: f.source,
            box: f.box,
            landmarks: f.landmarks,
            quality: f.quality,
            crop: Buffer.from(f.crop).toString('base64'),
            ...(v ? { embedding: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') } : {}),
            rejectedFor: rejections
              .filter((r) => r.faceId === f.id)
              .map((r) => names.get(r.personId)!)
              .filter(Boolean),
          };
        }),
    })),
  };
}

export interface PreparedPerson {
  name: string;
  faces: NewFace[];
  rejectedFor: string[][];
}

/** A stored embedding as a unit vector of the expected dimension, or an error naming the person. */
function storedEmbedding(b64: string, dim: number, who: string): Float32Array {
  const b = Buffer.from(b64, 'base64');
  if (b.byteLength !== dim * 4)
    throw new VwError('E_BAD_ARGUMENT', `A face of ${who} has an embedding of ${b.byteLength} bytes; expected ${dim} float32 values.`);
  const v = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  let n = 0;
  for (const x of v) n += x * x;
  if (!Number.isFinite(n) || n === 0)
    throw new VwError('E_BAD_ARGUMENT', `A face of ${who} has an embedding that is not a finite, non-zero vector.`);
  // Exports hold unit vectors. Any other length is a damaged or forged file (a scaled vector once outscored every true match): refuse it.
  if (Math.abs(Math.sqrt(n) - 1) > 1e-3)
    throw new VwError(
      'E_BAD_ARGUMENT',
      `A face of ${who} has an embedding of length ${Math.sqrt(n).toPrecision(4)}; exports hold unit vectors.`,
      {
        hint: 'The file was changed after export. Export the gallery again, or remove the "embedding" fields to re-embed the faces from their crops.',
      },
    );
  const inv = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/**
 * Turn an export into faces ready to write: embeddings of the same model
 * version are kept (as unit vectors), others re-embedded from the crop.
 */
export async function prepareImport(
  file: ExportFile,
  tag: EmbeddingTag,
  dim: number,
  embed: (crop: Awaited<ReturnType<typeof decodeImage>>) => Promise<Float32Array>,
): Promise<{ persons: PreparedPerson[]; reembedded: number }> {
  const same = file.embedding.model === tag.model && file.embedding.version === tag.version;
  let reembedded = 0;
  const persons: PreparedPerson[] = [];
  for (const p of file.persons) {
    const faces: NewFace[] = [];
    for (const f of p.faces) {
      const crop = new Uint8Array(Buffer.from(f.crop, 'base64'));
      let embedding: Float32Array;
      if (same && f.embedding) embedding = storedEmbedding(f.embedding, dim, p.name);
      else {
        embedding = await embed(await decodeImage(crop));
        reembedded++;
      }
      faces.push({ source: f.source, box: f.box, landmarks: f.landmarks, quality: f.quality, crop, embedding });
    }
    persons.push({ name: p.name, faces, rejectedFor: p.faces.map((f) => f.rejectedFor) });
  }
  return { persons, reembedded };
}

/** Identity of a face across galleries: its aligned crop's bytes. */
function cropKey(crop: Uint8Array): string {
  return createHash('sha256').update(crop).digest('hex');
}

/**
 * Write prepared persons in one transaction (persons merged by name, rejections
 * restored by name). Faces already in the gallery (same crop bytes) are
 * skipped, so importing the same file twice adds nothing.
 * @returns the number of faces added
 */
export async function writeImport(store: GalleryStore, persons: PreparedPerson[], tag: EmbeddingTag): Promise<number> {
  if (store instanceof SqliteGalleryStore) return writeImportSqlite(store.repo, persons, tag);
  // PostgreSQL: one transaction too (importPersons); the duplicate check reads the gallery just before.
  const have = new Set((await store.allFaces()).map((f) => cropKey(f.crop)));
  const kept: ImportPerson[] = [];
  for (const p of persons) {
    const keep = p.faces.map((f) => {
      const key = cropKey(f.crop);
      if (have.has(key)) return false;
      have.add(key);
      return true;
    });
    const faces = p.faces.filter((_, k) => keep[k]);
    if (faces.length > 0) kept.push({ name: p.name, faces, rejectedFor: p.rejectedFor.filter((_, k) => keep[k]) });
  }
  return kept.length ? (await store.importPersons(kept, tag)).faces : 0;
}

function writeImportSqlite(repo: FaceRepository, persons: PreparedPerson[], tag: EmbeddingTag): number {
  let nFaces = 0;
  repo.write(() => {
    const have = new Set(repo.allFaces().map((f) => cropKey(f.crop)));
    const ids: { faceIds: number[]; rejectedFor: string[][] }[] = [];
    for (const p of persons) {
      const keep = p.faces.map((f) => {
        const key = cropKey(f.crop);
        if (have.has(key)) return false;
        have.add(key);
        return true;
      });
      const faces = p.faces.filter((_, k) => keep[k]);
      if (faces.length === 0) continue;
      const r = repo.enroll(p.name, faces, tag);
      nFaces += r.faceIds.length;
      ids.push({ faceIds: r.faceIds, rejectedFor: p.rejectedFor.filter((_, k) => keep[k]) });
    }
    for (const { faceIds, rejectedFor } of ids) {
      faceIds.forEach((fid, k) => {
        for (const name of rejectedFor[k] ?? []) {
          const person = repo.findPerson(name);
          if (person) repo.reject(fid, person.id);
        }
      });
    }
  });
  return nFaces;
}
