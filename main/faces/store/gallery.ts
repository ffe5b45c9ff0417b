/**
 * The in-memory gallery: one row-major Float32 matrix of unit embeddings,
 * kept in sync with SQLite on every write (add / remove / re-assign rows), so a
 * query is one pass of dot products with no database round trip. Matching is
 * a pure function over the scores (cosine similarity = dot product of unit vectors).
 */
import { EMBEDDING_DIM } from '../models/embed';

/**
 * @example
 *   const g = new GalleryMatrix();
 *   g.add(faceId, personId, embedding);
 *   const sims = g.similarities(query); // Float32Array, one per row
 */
export class GalleryMatrix {
  private data: Float32Array;
  private faceIds: Int32Array;
  private personIds: Int32Array;
  private readonly rowOf = new Map<number, number>();
  private n = 0;
  private pins = 0;

  constructor(
    readonly dim = EMBEDDING_DIM,
    capacity = 64,
  ) {
    this.data = new Float32Array(capacity * dim);
    this.faceIds = new Int32Array(capacity);
    this.personIds = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  private grow(): void {
    const cap = this.faceIds.length * 2;
    const d = new Float32Array(cap * this.dim);
    d.set(this.data);
    const f = new Int32Array(cap);
    f.set(this.faceIds);
    const p = new Int32Array(cap);
    p.set(this.personIds);
    this.data = d;
    this.faceIds = f;
    this.personIds = p;
  }

  /**
   * A consistent view for an asynchronous reader (the ORT scorer reads the
   * matrix on a native thread while JS keeps running). Until `release()`, the
   * next write copies the arrays first, so the reader's view never changes
   * under it; without a concurrent reader, writes stay in place.
   */
  snapshot(): { matrix: Float32Array; size: number; faceIds: Int32Array; personIds: Int32Array; release: () => void } {
    this.pins++;
    let released = false;
    const buffers = this.data;
    return {
      matrix: this.data,
      size: this.n,
      faceIds: this.faceIds.subarray(0, this.n),
      personIds: this.personIds.subarray(0, this.n),
      release: () => {
        // A write since the snapshot already detached; its pins belong to the old arrays.
        if (!released && buffers === this.data) this.pins--;
        released = true;
      },
    };
  }

  private beforeWrite(): void {
    if (this.pins === 0) return;
    this.data = this.data.slice();
    this.faceIds = this.faceIds.slice();
    this.personIds = this.personIds.slice();
    this.pins = 0;
  }

  add(faceId: number, personId: number, vec: Float32Array): void {
    if (vec.length !== this.dim) throw new RangeError(`embedding has ${vec.length} values, gallery expects ${this.dim}`);
    this.beforeWrite();
    if (this.rowOf.has(faceId)) this.remove(faceId);
    if (this.n === this.faceIds.length) this.grow();
    // Stored as a unit vector whatever came in (a row written by an older import, a foreign file): no row can outscore a true match.
    let norm = 0;
    for (let k = 0; k < vec.length; k++) norm += vec[k]! * vec[k]!;
    const o = this.n * this.dim;
    // A NaN/∞/zero row (only a corrupted store can hold one) becomes zeros: it matches nothing.
    const inv = Number.isFinite(norm) && norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < vec.length; k++) this.data[o + k] = inv === 0 ? 0 : vec[k]! * inv;
    this.faceIds[this.n] = faceId;
    this.personIds[this.n] = personId;
    this.rowOf.set(faceId, this.n);
    this.n++;
  }

  /** O(dim): the last row moves into the hole. */
  remove(faceId: number): boolean {
    const row = this.rowOf.get(faceId);
    if (row === undefined) return false;
    this.beforeWrite();
    const last = this.n - 1;
    if (row !== last) {
      this.data.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.faceIds[row] = this.faceIds[last]!;
      this.personIds[row] = this.personIds[last]!;
      this.rowOf.set(this.faceIds[row]!, row);
    }
    this.rowOf.delete(faceId);
    this.n--;
    return true;
  }

  removePerson(personId: number): void {
    for (const f of this.facesOf(personId)) this.remove(f);
  }

  reassign(fromPerson: number, toPerson: number): void {
    this.beforeWrite();
    for (let i = 0; i < this.n; i++) if (this.personIds[i] === fromPerson) this.personIds[i] = toPerson;
  }

  /** Give one stored face to another person. */
  setPersonOf(faceId: number, personId: number): void {
    const row = this.rowOf.get(faceId);
    if (row === undefined) return;
    this.beforeWrite();
    this.personIds[row] = personId;
  }

  facesOf(personId: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.n; i++) if (this.personIds[i] === personId) out.push(this.faceIds[i]!);
    return out;
  }

  /** Person of a stored face (undefined when absent). */
  personOf(faceId: number): number | undefined {
    const row = this.rowOf.get(faceId);
    return row === undefined ? undefined : this.personIds[row];
  }

  has(faceId: number): boolean {
    return this.rowOf.has(faceId);
  }

  vector(faceId: number): Float32Array | undefined {
    const row = this.rowOf.get(faceId);
    return row === undefined ? undefined : this.data.subarray(row * this.dim, (row + 1) * this.dim);
  }

  clear(): void {
    this.beforeWrite();
    this.n = 0;
    this.rowOf.clear();
  }

  /** Cosine similarity of `q` (unit) with every row (rows are stored as unit vectors, see add). */
  similarities(q: Float32Array): Float32Array {
    return matVec(this.data, this.n, this.dim, q);
  }

  rows(): { faceIds: Int32Array; personIds: Int32Array } {
    return { faceIds: this.faceIds.subarray(0, this.n), personIds: this.personIds.subarray(0, this.n) };
  }
}

/** rows×dim row-major matrix times a vector: the 1:K scan, unrolled by 4 (about 2× faster than the naive loop in V8). */
export function matVec(m: Float32Array, rows: number, dim: number, q: Float32Array): Float32Array {
  const out = new Float32Array(rows);
  const d4 = dim - (dim % 4);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let k = 0; k < d4; k += 4) {
      s0 += m[o + k]! * q[k]!;
      s1 += m[o + k + 1]! * q[k + 1]!;
      s2 += m[o + k + 2]! * q[k + 2]!;
      s3 += m[o + k + 3]! * q[k + 3]!;
    }
    for (let k = d4; k < dim; k++) s0 += m[o + k]! * q[k]!;
    out[r] = s0 + s1 + s2 + s3;
  }
  return out;
}

export interface PersonScore {
  personId: number;
  similarity: number;
  /** The stored face that gave the best score. */
  faceId: number;
}

/**
 * Per-person score = the best similarity over that person's faces, with the
 * user's rejections applied. A rejection (face F is *not* person X) means:
 * F never counts for X, and when the query is at least as close to F as to
 * X's best face, X is not a candidate for this query at all — the query looks
 * like the face the user already said is someone else.
 *
 * @returns persons by descending similarity.
 * @example rankPersons(sims, faceIds, personIds, new Map([[x, [f]]]))[0] // best person
 */
export function rankPersons(
  sims: ArrayLike<number>,
  faceIds: ArrayLike<number>,
  personIds: ArrayLike<number>,
  rejected: ReadonlyMap<number, readonly number[]> = new Map(),
): PersonScore[] {
  const best = new Map<number, PersonScore>();
  const simOfFace = new Map<number, number>();
  for (let i = 0; i < sims.length; i++) simOfFace.set(faceIds[i]!, sims[i]!);
  for (let i = 0; i < sims.length; i++) {
    const p = personIds[i]!;
    const f = faceIds[i]!;
    if (rejected.get(p)?.includes(f)) continue;
    const cur = best.get(p);
    // Clamped: whichever scorer produced the sims (JS loop or ORT MatMul), a similarity never exceeds 1.
    const sim = Math.max(-1, Math.min(1, sims[i]!));
    if (!cur || sim > cur.similarity) best.set(p, { personId: p, similarity: sim, faceId: f });
  }
  for (const [p, faces] of rejected) {
    const cur = best.get(p);
    if (!cur) continue;
    const nearestRejected = Math.max(...faces.map((f) => simOfFace.get(f) ?? -Infinity));
    if (nearestRejected >= cur.similarity) best.delete(p);
  }
  return [...best.values()].sort((a, b) => b.similarity - a.similarity);
}
