/**
 * The team gallery from the app (issue 16), in Debian Chromium against a
 * `vws serve --allow-gallery-change` and a real throwaway PostgreSQL: the
 * Faces page says where the gallery lives; a server that is down is reported
 * as a sentence, without the password, and changes nothing; a live one is used
 * at once, and what another workstation enrolls there appears on the page
 * without a reload; "back to this computer" returns to the SQLite gallery.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FacesService } from '../../main/faces/service';
import { postgresAvailable, startCluster, type PgCluster } from '../support/postgres';
import { openApp, screenshot, visit, type App } from './browser';
import { startServe, type ServeHandle } from './host';

const { clip } = inject('e2e');
const FIX = path.join(import.meta.dirname, '../fixtures/faces');
const shot = (f: string) => ({ name: f, data: new Uint8Array(fs.readFileSync(`${FIX}/gallery/obama/${f}`)) });

const available = postgresAvailable();
let cluster: PgCluster | undefined;
let serve: ServeHandle | undefined;
let app: App | undefined;
let other: FacesService | undefined;
let dir: string;

beforeAll(async () => {
  if (!available) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-team-e2e-'));
  cluster = await startCluster();
  serve = await startServe(['--allow-gallery-change']);
  app = await openApp(serve.url, clip);
  await visit(app.page, 'Faces');
  await app.page.getByRole('tab', { name: /^Gallery/ }).click();
}, 180_000);
afterAll(async () => {
  await app?.close();
  await other?.dispose();
  await serve?.stop();
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('Faces → where the gallery lives', () => {
  it('switches to a real PostgreSQL team gallery and back; a server that is down changes nothing', async () => {
    const page = app!.page;
    const panel = page.getByTestId('gallery-store');
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toContain('This computer · SQLite');

    const urlField = panel.getByLabel('PostgreSQL URL');
    await urlField.fill('postgres://vws:s3cret@127.0.0.1:1/faces');
    await panel.getByRole('button', { name: 'Use this team gallery' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    const said = (await alert.textContent()) ?? '';
    expect(said).toContain('127.0.0.1:1');
    expect(said).not.toContain('s3cret');
    expect(said).toContain('Details: E_DB');
    expect(await panel.textContent()).toContain('This computer · SQLite');

    const url = await cluster!.createDatabase('team_e2e');
    await urlField.fill(url);
    await panel.getByRole('button', { name: 'Use this team gallery' }).click();
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toContain('Team · PostgreSQL');
    await expect.poll(() => alert.count()).toBe(0);
    await screenshot(page, 'faces-team-gallery');
    // The same at 1920×1080 in the dark theme (the theme follows the OS by default).
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'faces-team-gallery-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Another workstation enrolls on the same server: the page shows it without a reload.
    other = new FacesService({ dbPath: path.join(dir, 'other.db'), gallery: url });
    await other.enroll('obama', [shot('obama.jpg'), shot('obama2.jpg')]);
    const gallery = page.getByTestId('gallery');
    await expect.poll(() => gallery.textContent(), { timeout: 10_000 }).toContain('obama');

    await panel.getByRole('button', { name: "Back to this computer's gallery" }).click();
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toContain('This computer · SQLite');
    await expect.poll(() => gallery.textContent(), { timeout: 10_000 }).not.toContain('obama');
    expect(app!.errors).toEqual([]);
  }, 240_000);
});
