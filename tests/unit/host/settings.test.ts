/**
 * settings.json is a file anyone with the data directory can edit: a damaged,
 * forged or foreign file never makes the app open something it should not — it
 * reads as "no settings" (the SQLite gallery), and a write keeps mode 0600.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePaths } from '../../../main/config';
import { readSettings, settingsFile, writeSettings } from '../../../main/settings';

let dir: string;
let savedEnv: string | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-settings-'));
  savedEnv = process.env.VWS_GALLERY;
  delete process.env.VWS_GALLERY;
});
afterEach(() => {
  if (savedEnv !== undefined) process.env.VWS_GALLERY = savedEnv;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('settings.json', () => {
  it('a damaged or forged file reads as no settings: the SQLite gallery', () => {
    for (const text of [
      '{ not json',
      '',
      '[]',
      'null',
      JSON.stringify({ gallery: 'file:///etc/passwd' }),
      JSON.stringify({ gallery: '/tmp/other.db' }),
      JSON.stringify({ gallery: 42 }),
      JSON.stringify({ gallery: `postgres://h/${'x'.repeat(5000)}` }),
    ]) {
      fs.writeFileSync(settingsFile(dir), text);
      expect(readSettings(dir), text).toEqual({});
      const paths = resolvePaths({ dataDir: dir });
      expect(paths.gallery, text).toBeUndefined();
      expect(paths.gallerySource, text).toBeUndefined();
    }
  });

  it('writes atomically with mode 0600; removing a key removes it', () => {
    writeSettings(dir, { gallery: 'postgres://vws:pw@db.lan/faces' });
    expect(fs.statSync(settingsFile(dir)).mode & 0o777).toBe(0o600);
    expect(resolvePaths({ dataDir: dir })).toMatchObject({ gallery: 'postgres://vws:pw@db.lan/faces', gallerySource: 'settings' });
    writeSettings(dir, { gallery: undefined });
    expect(readSettings(dir)).toEqual({});
    expect(fs.readdirSync(dir)).toEqual(['settings.json']); // no temp file left
  });

  it('an unwritable data directory is E_FS naming the file', () => {
    const file = path.join(dir, 'not-a-dir');
    fs.writeFileSync(file, 'x');
    expect(() => writeSettings(file, { gallery: 'postgres://db.lan/faces' })).toThrow(
      expect.objectContaining({ code: 'E_FS', message: expect.stringContaining('settings.json') }),
    );
  });
});
