/**
 * better-sqlite3 is the one native addon that is not N-API-stable across Node
 * and Electron. Tests use the Node build from `npm ci`; the app uses a
 * separate Electron-ABI build (made by `npm run native:electron`, which
 * `npm start` runs first) passed to better-sqlite3 as `nativeBinding`.
 */
import fs from 'node:fs';
import path from 'node:path';

export function electronSqliteBinding(appRoot: string, resourcesPath: string | undefined): string | undefined {
  const candidates = [
    path.join(appRoot, 'native', 'electron', 'better_sqlite3.node'),
    resourcesPath ? path.join(resourcesPath, 'native', 'electron', 'better_sqlite3.node') : '',
  ].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p));
}
