/**
 * The user's settings: one small JSON file in the data directory,
 * `settings.json`. Today it holds the gallery choice (a team gallery on
 * PostgreSQL, or absent: the local SQLite file). The desktop window, `vws serve`
 * and the CLI on one data directory share it, and read it when they open the
 * gallery, so a change made in the app is what the next `vws faces …` uses too.
 *
 * The file may hold a password (inside the URL), so it is written with mode
 * 0600, atomically (temp file, fsync, rename). A damaged file reads as "no
 * settings" — the app starts on its defaults rather than not at all.
 *
 * @example
 *   writeSettings(dataDir, { gallery: 'postgres://vws@db.lan/faces' });
 *   readSettings(dataDir).gallery; // 'postgres://vws@db.lan/faces'
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { VwError } from './errors';
import { writeFileAtomic } from './fs-atomic';

/** A PostgreSQL connection URL, as the gallery accepts it (user@host[:port]/database[?sslmode=…]). */
export const galleryUrl = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .refine(
    (s) => {
      const m = /^postgres(?:ql)?:\/\/(?:[^@/?#]*@)?/.exec(s);
      if (!m) return false;
      // No host: a local socket directory must be given (postgresql://user@/db?host=/run/postgresql).
      const socket = s[m[0].length] === '/';
      try {
        const u = new URL(socket ? `${m[0]}localhost${s.slice(m[0].length)}` : s);
        return socket ? (u.searchParams.get('host') ?? '').startsWith('/') : u.hostname.length > 0;
      } catch {
        return false;
      }
    },
    { message: 'expected a PostgreSQL URL such as postgres://user@host:5432/database' },
  );

const SettingsFile = z.object({ gallery: galleryUrl.optional() });
export type Settings = z.infer<typeof SettingsFile>;

export const settingsFile = (dataDir: string) => path.join(dataDir, 'settings.json');

export function readSettings(dataDir: string): Settings {
  try {
    const parsed = SettingsFile.safeParse(JSON.parse(fs.readFileSync(settingsFile(dataDir), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Merge `patch` into the settings (an `undefined` value removes the key) and write them atomically. */
export function writeSettings(dataDir: string, patch: Partial<Settings>): Settings {
  const next: Record<string, unknown> = { ...readSettings(dataDir) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  const file = settingsFile(dataDir);
  try {
    writeFileAtomic(file, new TextEncoder().encode(`${JSON.stringify(next, null, 2)}\n`), 0o600);
  } catch (err) {
    throw new VwError('E_FS', `Cannot save the settings to ${file}: ${(err as Error).message}`, {
      hint: 'Check that the data directory is writable (VWS_DATA_DIR).',
    });
  }
  return SettingsFile.parse(next);
}
