/**
 * Child process for the durability test: enrolls in a loop until killed.
 * The faces are real (analyzed by the parent with the real models and passed
 * in a JSON file) so that the child starts fast and spends its life writing.
 * Prints "ready" once the store is open, then "ok <name> <faces>" after each
 * enrollment has committed.
 * Usage: node --import tsx durability.child.ts <db> <payload.json> <tag> [iterations]
 * (the concurrency test passes a count; the durability test lets it run until killed).
 */
import fs from 'node:fs';
import { FaceRepository, type EmbeddingTag, type NewFace } from '../../../main/faces/store/repository';

const [db, payloadFile, tag, count] = process.argv.slice(2) as [string, string, string, string?];
const iterations = count ? Number(count) : Infinity;
const payload = JSON.parse(fs.readFileSync(payloadFile, 'utf8')) as {
  tag: EmbeddingTag;
  faces: (Omit<NewFace, 'crop' | 'embedding'> & { crop: string; embedding: string })[];
};
const faces: NewFace[] = payload.faces.map((f) => {
  const e = Buffer.from(f.embedding, 'base64');
  return {
    ...f,
    crop: new Uint8Array(Buffer.from(f.crop, 'base64')),
    embedding: new Float32Array(e.buffer.slice(e.byteOffset, e.byteOffset + e.byteLength)),
  };
});
const repo = FaceRepository.open(db);
process.stdout.write('ready\n');
for (let i = 0; i < iterations; i++) {
  // Alternate small and wide transactions so that kills also land inside long commits.
  const n = i % 2 === 0 ? 2 : 40;
  const rows = Array.from({ length: n }, (_, k) => faces[k % faces.length]!);
  const name = `${tag}-${i}`;
  repo.enroll(name, rows, payload.tag);
  process.stdout.write(`ok ${name} ${n}\n`);
}
process.stdout.write('done\n');
