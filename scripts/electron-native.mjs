#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into native/electron/, leaving the
// Node build in node_modules untouched (the tests and the CLI use that one).
// The app passes this file to better-sqlite3 as `nativeBinding`.
// Needs network access on first run (prebuilt download, or Electron headers for a source build).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outDir = path.join(root, 'native', 'electron');
const outFile = path.join(outDir, 'better_sqlite3.node');
const electronVersion = require('electron/package.json').version;
const stamp = path.join(outDir, 'electron-version.txt');

if (fs.existsSync(outFile) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === electronVersion) {
  console.log(`native: better-sqlite3 for Electron ${electronVersion} is ready (${path.relative(root, outFile)})`);
  process.exit(0);
}

const src = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-native-'));
const copy = path.join(work, 'better-sqlite3');
fs.cpSync(src, copy, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

try {
  console.log(`native: fetching better-sqlite3 prebuilt for Electron ${electronVersion}…`);
  execFileSync(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], {
    cwd: copy,
    stdio: 'inherit',
  });
} catch {
  console.log('native: no prebuilt; building from source against Electron headers…');
  execFileSync(bin('electron-rebuild'), ['--version', electronVersion, '--module-dir', copy, '--only', 'better-sqlite3', '--force'], {
    cwd: root,
    stdio: 'inherit',
  });
}
const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
if (!fs.existsSync(built)) {
  console.error('native: build produced no better_sqlite3.node');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(built, outFile);
fs.writeFileSync(stamp, electronVersion + '\n');
fs.rmSync(work, { recursive: true, force: true });
console.log(`native: wrote ${path.relative(root, outFile)}`);
