/**
 * Optional models (the detection zoo): models under licenses the app itself
 * does not use — Ultralytics YOLOv8 weights are AGPL-3.0 — that are fetched
 * only on an explicit user action, after the user accepted that license by
 * its exact SPDX id. Nothing here runs at install time or on first use;
 * `ensureModels` refuses them without an acceptance (E_MODEL_MISSING naming
 * the command that adds them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolvePaths, type Paths } from '../config';
import { VwError } from '../errors';
import { addCommand, findModel, loadManifest, packageOf, type Manifest, type ManifestModel } from './manifest';
import { ensureModels, sha256File, type EnsureOptions, type PreparedModel } from './store';

export interface OptionalModel {
  id: string;
  task: string;
  description?: string;
  license: string;
  /** The exact text to accept. */
  accept: string;
  licenseUrl: string;
  /** What accepting means, in plain words. */
  summary: string;
  /** Where it comes from ("npm:<package>@<version>") and how big the download is. */
  source: string;
  downloadBytes?: number;
  /** In the models cache with its pinned sha256. */
  downloaded: boolean;
  file: string;
  /** The CLI command that adds it. */
  command: string;
}

/**
 * The optional models of the manifest and whether each is downloaded (no network).
 *
 * @example optionalModels().map((m) => `${m.id} ${m.license} ${m.downloaded}`)
 */
export function optionalModels(paths: Paths = resolvePaths(), manifest: Manifest = loadManifest()): OptionalModel[] {
  return manifest.models
    .filter((m) => m.optional)
    .map((m) => {
      const file = path.join(paths.models, m.file);
      const pkg = packageOf(manifest, m);
      return {
        id: m.id,
        task: m.task,
        description: m.description,
        license: m.license,
        accept: m.licenseGate!.accept,
        licenseUrl: m.licenseGate!.url,
        summary: m.licenseGate!.summary,
        source: `npm:${pkg.spec}`,
        downloadBytes: pkg.size,
        downloaded: isDownloaded(m, file),
        file,
        command: addCommand(m),
      };
    });
}

function isDownloaded(m: ManifestModel, file: string): boolean {
  try {
    return fs.statSync(file).isFile() && sha256File(file) === m.sha256;
  } catch {
    return false;
  }
}

/**
 * Add license and downloaded state to the entries of a model list that are
 * optional models (e.g. `vw:detection.models`); others pass unchanged.
 *
 * @example withOptionalState(await detection.listModels(), paths).find((m) => m.id === 'yolov8n')?.downloaded
 */
export function withOptionalState<T extends { id: string }>(
  list: T[],
  paths: Paths = resolvePaths(),
  manifest: Manifest = loadManifest(),
): (T & { license?: string; optional?: boolean; downloaded?: boolean })[] {
  const state = new Map(optionalModels(paths, manifest).map((m) => [m.id, m]));
  return list.map((x) => {
    const o = state.get(x.id);
    return o ? { ...x, license: o.license, optional: true, downloaded: o.downloaded } : x;
  });
}

/**
 * Refuse unless every optional model among `ids` has its license accepted
 * exactly (E_LICENSE_REQUIRED with the license, its summary and what to type).
 */
export function checkLicenses(manifest: Manifest, ids: readonly string[], accepted: readonly string[]): void {
  for (const id of ids) {
    const m = findModel(manifest, id);
    if (!m.optional || !m.licenseGate) continue;
    if (accepted.includes(m.licenseGate.accept)) continue;
    const near = accepted.find((a) => a.toLowerCase().replace(/-only$/, '') === m.licenseGate!.accept.toLowerCase());
    throw new VwError(
      'E_LICENSE_REQUIRED',
      `Model "${m.id}" is licensed ${m.license}; it is downloaded only after you accept that license` +
        (near ? ` (you gave "${near}"; type it exactly as "${m.licenseGate.accept}").` : '.'),
      {
        hint: `Read ${m.licenseGate.url}. ${m.licenseGate.summary} To accept: \`${addCommand(m)}\`.`,
        details: { model: m.id, license: m.license, accept: m.licenseGate.accept, url: m.licenseGate.url },
      },
    );
  }
}

export interface AddOptions extends Omit<EnsureOptions, 'ids' | 'acceptLicense'> {
  /** Exact SPDX ids the user accepted, e.g. ["AGPL-3.0"]. */
  acceptLicense: readonly string[];
}

/**
 * Download, verify and cache models on the user's request (the only way an
 * optional model gets fetched). The tarball's integrity and each file's
 * sha256 are checked before anything is written; a failed download keeps
 * nothing.
 *
 * @example await addModels(['yolov8n'], { acceptLicense: ['AGPL-3.0'], onProgress: console.log });
 */
export async function addModels(ids: readonly string[], opts: AddOptions): Promise<PreparedModel[]> {
  const manifest = opts.manifest ?? loadManifest();
  if (ids.length === 0) throw new VwError('E_BAD_ARGUMENT', 'Name the model(s) to add, e.g. yolov8n.');
  checkLicenses(manifest, ids, opts.acceptLicense);
  return ensureModels({ ...opts, manifest, ids: [...ids], acceptLicense: opts.acceptLicense });
}

/**
 * Delete an optional model from the cache (the user changed their mind).
 * Returns whether a file was there.
 */
export function removeModel(id: string, paths: Paths = resolvePaths(), manifest: Manifest = loadManifest()): boolean {
  const m = findModel(manifest, id);
  if (!m.optional) throw new VwError('E_BAD_ARGUMENT', `Model "${id}" is part of the app; only optional models can be removed.`);
  const file = path.join(paths.models, m.file);
  const was = fs.existsSync(file);
  fs.rmSync(file, { force: true });
  return was;
}
