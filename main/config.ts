/**
 * Where things live. One place decides the data, model-cache and database
 * directories for every entry point (Electron shell, CLI, headless host, tests).
 *
 * Precedence: explicit option > environment (VWS_DATA_DIR, VWS_MODELS_DIR,
 * VWS_DB, VWS_GALLERY) > the app's settings (the gallery) > source checkout (a project-local ignored `.cache/`) > per-user
 * application data directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSettings } from './settings';

export interface Paths {
  data: string;
  models: string;
  db: string;
  /** A team gallery on PostgreSQL (postgres://…, VWS_GALLERY); absent: the SQLite `db`. */
  gallery?: string;
  /**
   * Who chose `gallery`: a flag or the environment (fixed for this run), or the
   * app's setting (`settings.json`, which the app may change while running).
   */
  gallerySource?: 'option' | 'env' | 'settings';
}

export interface PathOptions {
  dataDir?: string;
  modelsDir?: string;
  db?: string;
  gallery?: string;
}

/** The repository root when running from a source checkout, else undefined. */
export function sourceRoot(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        const json = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string };
        if (json.name === 'vision-workstation' && fs.existsSync(path.join(dir, 'main'))) return dir;
      } catch {
        /* not ours */
      }
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

/** The per-user application data directory, as Electron's `userData` would pick it. */
export function userDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'vision-workstation');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'vision-workstation');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'vision-workstation');
}

export function resolvePaths(opts: PathOptions = {}): Paths {
  const root = sourceRoot();
  const data = opts.dataDir ?? process.env.VWS_DATA_DIR ?? userDataDir();
  const models = opts.modelsDir ?? process.env.VWS_MODELS_DIR ?? (root ? path.join(root, '.cache', 'models') : path.join(data, 'models'));
  const db = opts.db ?? process.env.VWS_DB ?? path.join(data, 'faces.db');
  if (opts.gallery) return { data, models, db, gallery: opts.gallery, gallerySource: 'option' };
  if (process.env.VWS_GALLERY) return { data, models, db, gallery: process.env.VWS_GALLERY, gallerySource: 'env' };
  const saved = readSettings(data).gallery;
  return saved ? { data, models, db, gallery: saved, gallerySource: 'settings' } : { data, models, db };
}

/** Directory of bundled resources (manifest, labels). */
export function resourcesDir(): string {
  if (process.env.VWS_RESOURCES_DIR) return process.env.VWS_RESOURCES_DIR;
  const root = sourceRoot();
  if (root) return path.join(root, 'resources');
  // Packaged app: resources sit beside the bundle (asarUnpack'ed).
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources');
}
