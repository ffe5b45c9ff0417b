/**
 * The faces workflow: enroll, recognize (1:K), verify (1:1), gallery edits,
 * calibration, re-embedding, export/import. The repository owns the SQL, the
 * pipeline owns the models, the gallery index answers queries; this class
 * keeps the three consistent. One instance per database file.
 *
 * About 640 lines: the workflow of one gallery, section by section (enrollment,
 * recognition, edits, personalization, calibration, maintenance), written once
 * for both stores (SQLite and PostgreSQL, hence every edit is async); the models
 * (models/), the stores and the index (store/), the file format (transfer.ts) and
 * the personalization's learning and storage (personalization.ts) live elsewhere.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type {
  CalibrationReport,
  EnrollResult,
  EnrollShot,
  FaceMatch,
  FaceRecord,
  FaceDetectorName,
  Person,
  PersonalizationStatus,
  PersonalizeResult,
  RecognizedFace,
  RecognizeResult,
  VerifiedFace,
  VerifyResult,
} from '../../preload/contract';
import { VwError } from '../errors';
import { decodeImage, encodeJpeg, type Pixels } from '../imaging/decode';
import { calibrate, similarityPairs } from './calibrate';
import { rankPersons, type PersonScore } from './store/gallery';
import { parseStored, personalize, projectedSimilarities, projectedSimilarity, settingKey, type ActiveProjection } from './personalization';
import { project } from '../lab/projection';
import { GalleryIndex } from './store/gallery-index';
import { FacePipeline, type AnalyzedFace, type PipelineOptions } from './pipeline';
import { pickFace } from './probe';
import { buildExport, parseExport, prepareImport, writeImport, type ExportFile } from './transfer';
import { FaceRepository, type EmbeddingTag, type NewFace, type PersonRow } from './store/repository';
import { PgGalleryStore, redactUrl, type PgStoreOptions } from './store/repository.pg';
import { SqliteGalleryStore } from './store/repository.sqlite';
import type { GalleryStore } from './store/repository.types';

/**
 * Default decision threshold on cosine similarity, measured on the shared
 * gallery (9 shots, 5 people): genuine pairs 0.556–0.716, impostor pairs
 * ≤ 0.138, probe matches ≥ 0.559, non-enrolled faces ≤ 0.149. 0.35 sits in the
 * middle of the gap; `vws faces calibrate` re-measures it on your own gallery.
 */
export const DEFAULT_TAU = 0.35;
export const EMBEDDING_MODEL = 'fr_feature';

export interface FacesServiceOptions extends PipelineOptions {
  /** The SQLite gallery (the default); with `gallery` set, the vector index is cached beside this path instead. */
  dbPath: string;
  /** A team gallery on PostgreSQL (postgres://…); SQLite at `dbPath` when absent. */
  gallery?: string;
  /** TLS and timeouts for the PostgreSQL gallery (URL sslmode=… works too). */
  postgres?: PgStoreOptions;
  /** Share one pipeline (models) between services, e.g. in the bench. */
  pipeline?: FacePipeline;
  /** Called after every committed change of the gallery. */
  onChange?: (counts: { persons: number; faces: number }) => void;
  /** Gallery size from which the vector index answers (default ANN_MIN_ROWS = 50 000). */
  annMinRows?: number;
}

export interface ImageInput {
  name: string;
  data: Uint8Array;
}

const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
const ms = (v: number) => Math.round(v * 100) / 100;

/** A detected face as the store keeps it (box and landmarks rounded, aligned crop as JPEG). */
async function storedFace(source: string, face: AnalyzedFace): Promise<NewFace> {
  return {
    source,
    box: face.box.map(r4) as [number, number, number, number],
    landmarks: face.landmarks.map(([x, y]) => [r4(x), r4(y)] as [number, number]),
    quality: face.quality,
    crop: await encodeJpeg(face.aligned, 95),
    embedding: face.embedding,
  };
}

/**
 * @example
 *   const faces = new FacesService({ dbPath: '/tmp/g.db' });
 *   await faces.enroll('obama', [{ name: 'obama.jpg', data }]);
 *   (await faces.recognize(probe)).faces[0].match?.name // 'obama'
 */
export class FacesService {
  readonly pipeline: FacePipeline;
  private repository: FaceRepository | null = null;
  private storePromise: Promise<GalleryStore> | null = null;
  private readonly index: GalleryIndex;
  /** τ as last read, for recognition while a team gallery's server is unreachable. */
  private lastTau: number | null = null;
  private tagPromise: Promise<EmbeddingTag> | null = null;
  private readonly ownsPipeline: boolean;
  /** The personalization setting as last read (issue #17 item 8). */
  private projectionRead: { raw: string | undefined; active: ActiveProjection | undefined } | null = null;

  constructor(private readonly opts: FacesServiceOptions) {
    this.ownsPipeline = !opts.pipeline;
    this.pipeline = opts.pipeline ?? new FacePipeline(opts);
    // The vector index (large galleries) is persisted beside the database file (for a team gallery: a local cache named by its URL).
    const base = opts.gallery
      ? `${opts.dbPath}.team-${createHash('sha256').update(redactUrl(opts.gallery)).digest('hex').slice(0, 12)}`
      : opts.dbPath;
    this.index = new GalleryIndex(opts.session, { base, minRows: opts.annMinRows });
  }

  /** The SQLite store, opened (and migrated) on first use. Not available with a PostgreSQL gallery. */
  repo(): FaceRepository {
    if (this.opts.gallery)
      throw new VwError('E_BAD_ARGUMENT', 'This operation needs the embedded SQLite gallery.', {
        hint: `The gallery is ${redactUrl(this.opts.gallery)}.`,
      });
    this.repository ??= FaceRepository.open(this.opts.dbPath);
    return this.repository;
  }

  /**
   * The gallery store: SQLite (default) or PostgreSQL. Changes committed by
   * other workstations resync the in-memory gallery at once and are reported
   * through `onChange`, like this process's own.
   */
  store(): Promise<GalleryStore> {
    this.storePromise ??= (async (): Promise<GalleryStore> => {
      if (!this.opts.gallery) return new SqliteGalleryStore(this.repo());
      const store = await PgGalleryStore.open(this.opts.gallery, this.opts.postgres);
      store.onChange(() => {
        this.index.invalidate();
        void this.sync()
          .then(() => this.changed())
          .catch(() => {});
      });
      return store;
    })();
    this.storePromise.catch(() => (this.storePromise = null));
    return this.storePromise;
  }

  /** Embedding model id + version (sha256 of the model file): vectors of other versions are never compared. */
  tag(): Promise<EmbeddingTag> {
    this.tagPromise ??= (async () => {
      const file = await this.pipeline.featureModelPath();
      const hash = createHash('sha256')
        .update(await fs.promises.readFile(file))
        .digest('hex');
      return { model: EMBEDDING_MODEL, version: hash.slice(0, 16) };
    })();
    this.tagPromise.catch(() => (this.tagPromise = null));
    return this.tagPromise;
  }

  /** The gallery's decision threshold. */
  async tau(): Promise<number> {
    try {
      const raw = await (await this.store()).getSetting('tau');
      const v = Number(raw);
      this.lastTau = raw !== undefined && Number.isFinite(v) ? v : DEFAULT_TAU;
    } catch (err) {
      if (!(err instanceof VwError && err.code === 'E_DB' && this.lastTau !== null)) throw err;
    }
    return this.lastTau!;
  }

  async setTau(tau: number): Promise<{ tau: number }> {
    if (!Number.isFinite(tau) || tau < -1 || tau > 1)
      throw new VwError('E_BAD_ARGUMENT', `τ must be a cosine similarity in [-1, 1]; got ${tau}.`);
    await (await this.store()).setSetting('tau', String(tau));
    this.lastTau = tau;
    return { tau };
  }

  /**
   * Make the in-memory index match the database. Our own writes update it in
   * place; a commit by another connection (another process or worker) bumps
   * `PRAGMA data_version`, and only then is the index reloaded.
   */
  private async sync(): Promise<void> {
    await this.index.sync(await this.store(), await this.tag());
  }

  /** `sync`, but an unreachable team server leaves the last synced gallery answering. */
  private async syncForRecognition(): Promise<void> {
    try {
      await this.sync();
    } catch (err) {
      if (!(err instanceof VwError && err.code === 'E_DB' && this.index.synced)) throw err;
    }
  }

  /**
   * Stored faces that have no embedding from the current model version: they
   * are left out of matching (never compared across versions) until `reembed()`.
   */
  async staleFaces(): Promise<number> {
    await this.sync();
    return this.index.staleFaces;
  }

  private async changed(): Promise<void> {
    // Another connection may have committed between our sync and our write; the next query re-checks data_version.
    if (!this.opts.onChange) return;
    try {
      this.opts.onChange(await this.counts());
    } catch {
      // The write is committed; a count we cannot read now is reported with the next change.
    }
  }

  private async decodeAll(images: ImageInput[]): Promise<Pixels[]> {
    const out: Pixels[] = [];
    for (const img of images) {
      try {
        out.push(await decodeImage(img.data));
      } catch (err) {
        if (err instanceof VwError) throw new VwError(err.code, `${img.name}: ${err.message}`, { hint: err.hint, details: err.details });
        throw err;
      }
    }
    return out;
  }

  private toPerson(p: PersonRow): Person {
    const out: Person = { id: p.id, name: p.name, faces: p.faces, created: p.created };
    if (p.thumbnailFaceId !== null) out.thumbnailFaceId = p.thumbnailFaceId;
    return out;
  }

  private async person(id: number): Promise<Person> {
    const p = await (await this.store()).getPerson(id);
    if (!p) throw new VwError('E_UNKNOWN_PERSON', `No person with id ${id}.`, { hint: 'List persons with `vws faces list`.' });
    return this.toPerson(p);
  }

  // ── enrollment ──

  /**
   * Enroll shots of one person. Each image contributes its largest face (the
   * documented rule for group photos; the shot's `note` says so). Shots failing
   * the quality gate come back with their reasons. Everything accepted is
   * written in one transaction; if nothing is accepted nothing is written and a
   * typed error (E_NO_FACE / E_QUALITY) carries the shots.
   */
  async enroll(name: string, images: ImageInput[]): Promise<EnrollResult> {
    const clean = name.trim();
    if (!clean) throw new VwError('E_BAD_ARGUMENT', 'A person needs a non-empty name.');
    if (images.length === 0) throw new VwError('E_BAD_ARGUMENT', 'Enrollment needs at least one image.');
    const tag = await this.tag();
    const shots: EnrollShot[] = [];
    const accepted: { shot: EnrollShot; face: NewFace; analyzed: AnalyzedFace }[] = [];
    for (let i = 0; i < images.length; i++) {
      const source = images[i]!.name;
      // One image decoded at a time: enrollment of many large photos never holds them all in memory.
      const [pixels] = await this.decodeAll([images[i]!]);
      const { faces } = await this.pipeline.analyze(pixels!);
      const face = faces[0];
      if (!face) {
        shots.push({ source, accepted: false, reasons: ['no face found'] });
        continue;
      }
      const shot: EnrollShot = { source, accepted: face.quality.ok, reasons: [...face.quality.reasons], quality: face.quality };
      if (faces.length > 1) shot.note = `${faces.length} faces found; enrolled the largest`;
      shots.push(shot);
      if (!face.quality.ok) continue;
      accepted.push({
        shot,
        analyzed: face,
        face: await storedFace(source, face),
      });
    }
    if (accepted.length === 0) {
      const noFace = shots.every((s) => s.reasons[0] === 'no face found');
      throw new VwError(
        noFace ? 'E_NO_FACE' : 'E_QUALITY',
        noFace ? 'No face found in any image.' : `No shot passed the quality gate: ${shots.flatMap((s) => s.reasons).join('; ')}.`,
        {
          details: { shots },
        },
      );
    }
    await this.sync();
    await this.noteLookAlikes(clean, accepted);
    const { personId, faceIds } = await (
      await this.store()
    ).enroll(
      clean,
      accepted.map((a) => a.face),
      tag,
    );
    accepted.forEach((a, k) => {
      a.shot.faceId = faceIds[k]!;
      this.index.add(faceIds[k]!, personId, a.analyzed.embedding);
    });
    this.index.setName(personId, clean);
    await this.changed();
    return { person: await this.person(personId), shots };
  }

  /**
   * A shot that matches someone else already enrolled at or above τ gets `lookAlike` (the same person
   * under two names?). Scored as recognition scores, against the gallery as just synced.
   */
  private async noteLookAlikes(name: string, accepted: { shot: EnrollShot; analyzed: AnalyzedFace }[]): Promise<void> {
    const tau = await this.tau();
    const existing = (await (await this.store()).findPerson(name))?.id;
    const proj = await this.projection();
    for (const { shot, analyzed } of accepted) {
      const ranked = proj ? await this.rankProjected(analyzed.embedding, proj.weights) : await this.index.rank(analyzed.embedding);
      const other = ranked.find((r) => r.personId !== existing);
      if (other && other.similarity >= tau) shot.lookAlike = this.match(other)!;
    }
  }

  // ── recognition ──

  private match(score: PersonScore | undefined): FaceMatch | null {
    if (!score) return null;
    return { personId: score.personId, name: this.index.name(score.personId), similarity: r4(score.similarity), faceId: score.faceId };
  }

  /** 1:K for every face in decoded pixels. */
  async recognizePixels(px: Pixels, tau?: number, detector?: FaceDetectorName): Promise<RecognizeResult> {
    return (await this.recognizeWithEmbeddings(px, tau, detector)).result;
  }

  /**
   * `recognizePixels` plus each face's unit embedding (same order as `result.faces`), for
   * callers that group faces themselves (video: one stranger = one entry, not one per frame).
   */
  async recognizeWithEmbeddings(
    px: Pixels,
    tau?: number,
    detector?: FaceDetectorName,
  ): Promise<{ result: RecognizeResult; embeddings: Float32Array[] }> {
    const t = tau ?? (await this.tau());
    await this.syncForRecognition();
    const used = detector ?? this.pipeline.defaultDetector;
    const { faces, timings } = await this.pipeline.analyze(px, { detector: used });
    const t0 = performance.now();
    const out: RecognizedFace[] = [];
    const proj = await this.projection();
    for (const f of faces) {
      const ranked = proj ? await this.rankProjected(f.embedding, proj.weights) : await this.index.rank(f.embedding, { widenBelow: t });
      const best = this.match(ranked[0]);
      out.push({
        box: f.box.map((v) => Math.round(v * 10) / 10) as [number, number, number, number],
        score: r4(f.score),
        landmarks: f.landmarks.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10] as [number, number]),
        quality: f.quality,
        match: best && best.similarity >= t ? best : null,
        best,
        runnerUp: this.match(ranked[1]),
      });
    }
    const match = performance.now() - t0;
    const result: RecognizeResult = {
      width: px.width,
      height: px.height,
      tau: t,
      detector: used,
      faces: out,
      personalized: !!proj,
      timings: {
        detect: ms(timings.detect),
        landmarks: ms(timings.landmarks),
        align: ms(timings.align),
        embed: ms(timings.embed),
        match: ms(match),
      },
    };
    return { result, embeddings: faces.map((f) => f.embedding) };
  }

  async recognize(image: Uint8Array, tau?: number, detector?: FaceDetectorName): Promise<RecognizeResult> {
    const [px] = await this.decodeAll([{ name: 'image', data: image }]);
    return this.recognizePixels(px!, tau, detector);
  }

  /** 1:1: the largest face of each image. */
  async verify(a: Uint8Array, b: Uint8Array, tau?: number, detector?: FaceDetectorName): Promise<VerifyResult> {
    const t = tau ?? (await this.tau());
    const px = await this.decodeAll([
      { name: 'a', data: a },
      { name: 'b', data: b },
    ]);
    const emb: Float32Array[] = [];
    const compared: VerifiedFace[] = [];
    for (const [i, p] of px.entries()) {
      const { faces } = await this.pipeline.analyze(p, { detector });
      if (!faces[0]) throw new VwError('E_NO_FACE', `No face found in image ${i === 0 ? 'a' : 'b'}.`);
      emb.push(faces[0].embedding);
      compared.push({
        box: faces[0].box.map((v) => Math.round(v * 10) / 10) as VerifiedFace['box'],
        crop: await encodeJpeg(faces[0].aligned, 90),
      });
    }
    const proj = await this.projection();
    let s = 0;
    for (let k = 0; k < emb[0]!.length; k++) s += emb[0]![k]! * emb[1]![k]!;
    s = proj ? projectedSimilarity(emb[0]!, emb[1]!, proj.weights) : Math.max(-1, Math.min(1, s));
    return { similarity: r4(s), tau: t, same: s >= t, personalized: !!proj, faces: [compared[0]!, compared[1]!] };
  }

  // ── personalization (issue #17 item 8; personalization.ts) ──

  /** The projection learned for the current embedding tag, if one is stored (an unreachable team server keeps the last read). */
  private async projection(): Promise<ActiveProjection | undefined> {
    const tag = await this.tag();
    let raw: string | undefined;
    try {
      raw = await (await this.store()).getSetting(settingKey(tag));
    } catch (err) {
      if (err instanceof VwError && err.code === 'E_DB' && this.projectionRead) return this.projectionRead.active;
      throw err;
    }
    if (this.projectionRead && this.projectionRead.raw === raw) return this.projectionRead.active;
    const active = parseStored(raw, tag, this.index.dim);
    this.projectionRead = { raw, active };
    return active;
  }

  /** 1:K through the projection: an exact scan (the vector index holds the frozen encodings), with the rejections applied. */
  private async rankProjected(q: Float32Array, w: Float32Array): Promise<PersonScore[]> {
    const snap = this.index.matrix.snapshot();
    try {
      const sims = projectedSimilarities(snap.matrix, snap.size, this.index.dim, q, w);
      return rankPersons(sims, snap.faceIds, snap.personIds, this.index.rejections);
    } finally {
      snap.release();
    }
  }

  async personalization(): Promise<PersonalizationStatus> {
    const tag = await this.tag();
    const active = await this.projection();
    return { active: !!active, ...(active ? { projection: active.info } : {}), model: tag.model, version: tag.version };
  }

  /** Learn a projection on the gallery and keep it only if held-out accuracy at τ rises (else the gallery is unchanged). */
  async personalize(opts: { steps?: number; alpha?: number; signal?: AbortSignal } = {}): Promise<PersonalizeResult> {
    await this.sync();
    const tag = await this.tag();
    const store = await this.store();
    const { result, stored } = await personalize(await store.embeddings(tag), tag, await this.tau(), opts);
    if (stored) {
      await store.setSetting(settingKey(tag), stored);
      await this.changed();
    }
    return result;
  }

  /** Back to the frozen encodings: verify and recognize answer exactly as before the projection. */
  async removePersonalization(): Promise<{ removed: boolean }> {
    const removed = await (await this.store()).deleteSetting(settingKey(await this.tag()));
    if (removed) await this.changed();
    return { removed };
  }

  // ── gallery edits ──

  async list(): Promise<Person[]> {
    return (await (await this.store()).listPersons()).map((p) => this.toPerson(p));
  }

  async faces(personId: number): Promise<FaceRecord[]> {
    await this.person(personId);
    const store = await this.store();
    const rejected = new Set((await store.rejections()).filter((r) => r.personId === personId).map((r) => r.faceId));
    return (await store.listFaces(personId)).map((f) => ({
      id: f.id,
      personId: f.personId,
      source: f.source,
      box: f.box,
      quality: f.quality,
      created: f.created,
      rejected: rejected.has(f.id),
    }));
  }

  async thumbnail(faceId: number): Promise<{ jpeg: Uint8Array }> {
    const jpeg = await (await this.store()).crop(faceId);
    if (!jpeg) throw new VwError('E_NOT_FOUND', `No face with id ${faceId}.`);
    return { jpeg };
  }

  async rename(personId: number, name: string): Promise<Person> {
    const clean = name.trim();
    if (!clean) throw new VwError('E_BAD_ARGUMENT', 'A person needs a non-empty name.');
    await this.person(personId);
    const store = await this.store();
    const other = await store.findPerson(clean);
    if (other && other.id !== personId) {
      throw new VwError('E_BAD_ARGUMENT', `There is already a person named "${clean}".`, { hint: 'Use merge to join two persons.' });
    }
    await store.rename(personId, clean);
    this.index.setName(personId, clean);
    await this.changed();
    return this.person(personId);
  }

  async merge(from: number, into: number): Promise<Person> {
    if (from === into) throw new VwError('E_BAD_ARGUMENT', 'Cannot merge a person into itself.');
    const store = await this.store();
    await store.merge(from, into);
    this.index.reassign(from, into);
    await this.index.loadPeople(store);
    await this.changed();
    return this.person(into);
  }

  async removePerson(personId: number): Promise<{ removed: number }> {
    const store = await this.store();
    const removed = await store.removePerson(personId);
    this.index.removePerson(personId);
    await this.index.loadPeople(store);
    await this.changed();
    return { removed };
  }

  async removeFace(faceId: number): Promise<{ removed: number }> {
    const store = await this.store();
    await store.removeFace(faceId);
    this.index.removeFace(faceId);
    await this.index.loadPeople(store);
    await this.changed();
    return { removed: 1 };
  }

  /** Give a stored face to another person (a person left without faces goes); returns that person. */
  async moveFace(faceId: number, toPersonId: number): Promise<Person> {
    const store = await this.store();
    await store.moveFace(faceId, toPersonId);
    this.index.moveFace(faceId, toPersonId);
    await this.index.loadPeople(store);
    await this.changed();
    return this.person(toPersonId);
  }

  /** Record that stored face `faceId` is not person `notPersonId` (suppresses that match from now on). */
  async reject(faceId: number, notPersonId: number): Promise<{ ok: true }> {
    const store = await this.store();
    await store.reject(faceId, notPersonId);
    await this.index.loadPeople(store);
    await this.changed();
    return { ok: true };
  }

  /**
   * "Not this person" on a recognize result: the probe's face nearest `box` (re-detected in `image`) is
   * stored under `notPersonId` and rejected for them at once. It never counts for them, and by the
   * rejection rule (gallery.ts `rankPersons`) a face nearer to it than to their own faces — this probe,
   * another photo of whoever it shows — is no longer matched to them. It is listed with their faces as
   * "not <name>"; deleting it undoes the rejection.
   */
  async rejectProbe(
    image: Uint8Array,
    box: readonly [number, number, number, number],
    notPersonId: number,
    source = 'probe',
    detector?: FaceDetectorName,
  ): Promise<{ ok: true; faceId: number }> {
    const person = await this.person(notPersonId);
    const [px] = await this.decodeAll([{ name: source, data: image }]);
    const { faces } = await this.pipeline.analyze(px!, { detector: detector ?? this.pipeline.defaultDetector });
    const face = faces[pickFace(faces, box)];
    if (!face)
      throw new VwError('E_NO_FACE', `No face at [${box.map(Math.round).join(', ')}] in ${source}.`, {
        hint: 'Recognize the photo again and use "Not this person" on one of its results.',
      });
    const tag = await this.tag();
    await this.sync();
    const store = await this.store();
    const { personId, faceIds } = await store.enroll(person.name, [await storedFace(source, face)], tag);
    const faceId = faceIds[0]!;
    try {
      // Renamed meanwhile (the name now names someone else, or nobody): undo rather than reject the wrong person.
      if (personId !== notPersonId)
        throw new VwError('E_UNKNOWN_PERSON', `${person.name} was renamed or removed meanwhile; nothing was recorded.`, {
          hint: 'Recognize the photo again and retry.',
        });
      await store.reject(faceId, personId);
    } catch (err) {
      await store.removeFace(faceId);
      await this.index.loadPeople(store);
      throw err;
    }
    this.index.add(faceId, personId, face.embedding);
    await this.index.loadPeople(store);
    await this.changed();
    return { ok: true, faceId };
  }

  /** Find a person id by id-or-name (CLI convenience). */
  async resolvePerson(ref: string): Promise<Person> {
    if (/^\d+$/.test(ref)) return this.person(Number(ref));
    const p = await (await this.store()).findPerson(ref);
    if (!p) throw new VwError('E_UNKNOWN_PERSON', `No person named "${ref}".`, { hint: 'List persons with `vws faces list`.' });
    return this.toPerson(p);
  }

  // ── calibration and maintenance ──

  async calibrate(): Promise<
    CalibrationReport & { empiricalFar: number; empiricalFrr: number; pairs: { genuine: number; impostor: number } }
  > {
    await this.sync();
    const tag = await this.tag();
    // A face rejected for its own person (a probe kept by "not this person") is no sample of them.
    // With a personalization, the pairs are scored as verify and recognize score them.
    const store = await this.store();
    const notOwn = new Set((await store.rejections()).map((r) => `${r.faceId}:${r.personId}`));
    const proj = await this.projection();
    const items = (await store.embeddings(tag))
      .filter((e) => !notOwn.has(`${e.faceId}:${e.personId}`))
      .map((e) => ({
        label: e.personId,
        vector: proj ? project(e.vector, proj.weights) : e.vector,
      }));
    const { genuine, impostor } = similarityPairs(items);
    if (genuine.length === 0 || impostor.length === 0) {
      throw new VwError('E_BAD_ARGUMENT', 'Calibration needs at least one person with two or more faces and at least two persons.', {
        details: { genuine: genuine.length, impostor: impostor.length },
      });
    }
    const c = calibrate(genuine, impostor);
    return {
      genuine: c.genuine.map(r4),
      impostor: c.impostor.map(r4),
      suggestedTau: c.suggestedTau,
      far: c.far,
      frr: c.frr,
      currentTau: await this.tau(),
      empiricalFar: c.empiricalFar,
      empiricalFrr: c.empiricalFrr,
      pairs: { genuine: genuine.length, impostor: impostor.length },
      personalized: !!proj,
    };
  }

  /** Recompute every embedding from the stored aligned crops with the current model (one transaction). */
  async reembed(onProgress?: (done: number, total: number) => void): Promise<{ faces: number; model: string; version: string }> {
    const tag = await this.tag();
    const store = await this.store();
    const faces = await store.allFaces();
    const rows: { faceId: number; vector: Float32Array }[] = [];
    for (const f of faces) {
      const px = await decodeImage(f.crop);
      rows.push({ faceId: f.id, vector: await this.pipeline.embedder.predict(px) });
      onProgress?.(rows.length, faces.length);
    }
    await store.putEmbeddings(rows, tag);
    this.index.invalidate();
    await this.sync();
    await this.changed();
    return { faces: rows.length, model: tag.model, version: tag.version };
  }

  /** Portable export: persons, faces, crops (base64 JPEG), embeddings and their model version (see transfer.ts). */
  async exportGallery(): Promise<ExportFile> {
    return buildExport(await this.store(), await this.tag());
  }

  /**
   * Import an export (UTF-8 JSON bytes or a parsed value), merging persons by
   * name, in one transaction. Embeddings of the same model version are kept;
   * otherwise the faces are re-embedded from their crops.
   */
  async importGallery(file: Uint8Array | unknown): Promise<{ persons: number; faces: number; reembedded: number }> {
    const data = parseExport(file);
    const tag = await this.tag();
    const { persons, reembedded } = await prepareImport(data, tag, this.index.dim, (px) => this.pipeline.embedder.predict(px));
    const faces = await writeImport(await this.store(), persons, tag);
    this.index.invalidate();
    await this.sync();
    await this.changed();
    return { persons: persons.length, faces, reembedded };
  }

  async counts(): Promise<{ persons: number; faces: number }> {
    return (await this.store()).counts();
  }

  async dispose(): Promise<void> {
    const store = this.storePromise;
    this.storePromise = null;
    await (await store?.catch(() => null))?.close();
    this.repository?.close();
    this.repository = null;
    this.index.invalidate();
    await this.index.dispose();
    if (this.ownsPipeline) await this.pipeline.dispose();
  }
}
