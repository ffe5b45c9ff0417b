import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropFiles, fixture, openApp, screenshot, visit, type App } from './browser';
import { hostCall } from './host';

const { url, clip, available } = inject('e2e');

async function enroll(page: Page, name: string, files: string[]): Promise<string> {
  const panel = page.getByTestId('enroll-panel');
  await panel.getByLabel('Person name').fill(name);
  await dropFiles(page, '[data-testid="enroll-drop"]', files.map(fixture));
  await panel.getByTestId('enroll-pending').waitFor();
  await panel.getByRole('button', { name: /^Enroll/ }).click();
  const result = panel.getByTestId('enroll-result');
  await expect
    .poll(async () => (await result.isVisible()) && (await result.textContent())?.includes(name), { timeout: 120_000 })
    .toBe(true);
  return (await result.textContent()) ?? '';
}

describe.skipIf(!available.faces)('Faces page', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp(url, clip);
    await visit(app.page, 'Faces');
  });
  afterAll(async () => {
    await app?.close();
    // Leave the shared host's gallery as this file found it (the Live faces test relies on that too).
    const people = await hostCall(url, 'vw:faces.list', {});
    if (people.ok)
      for (const p of people.body)
        if (['obama', 'biden', 'joe biden'].includes(p.name)) await hostCall(url, 'vw:faces.removePerson', { personId: p.id });
  });

  it('enrolls obama and biden from gallery files dropped on the page', async () => {
    const { page } = app;
    const obama = await enroll(page, 'obama', ['obama.jpg', 'obama2.jpg']);
    expect(obama).toMatch(/obama\.jpg: accepted/);
    const biden = await enroll(page, 'biden', ['biden.jpg', 'biden2.jpg']);
    expect(biden).toMatch(/biden2\.jpg: accepted/);
    const gallery = page.getByRole('list', { name: 'Gallery' });
    await expect
      .poll(() => gallery.locator('[data-person]').evaluateAll((els) => els.map((e) => e.getAttribute('data-person')).sort()))
      .toEqual(['biden', 'obama']);
    const obamaCard = gallery.locator('[data-person="obama"]');
    expect(await obamaCard.textContent()).toMatch(/[12] faces?/);
  });

  it('recognizes both people in obama_and_biden.jpg dropped on Recognize', async () => {
    const { page } = app;
    await dropFiles(page, '[data-testid="recognize-drop"]', [fixture('obama_and_biden.jpg')]);
    const names = page.getByRole('list', { name: 'Recognized people' });
    await names.waitFor({ timeout: 120_000 });
    const found = await names.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-name')));
    expect(found).toContain('obama');
    expect(found).toContain('biden');
    // The drawn photo is there too.
    expect(await page.getByRole('img', { name: 'Photo with recognized faces' }).isVisible()).toBe(true);
    await screenshot(page, 'faces-recognized');
  });

  it('marks a face "not this person", and a reload shows the same state', async () => {
    const { page } = app;
    const facesOf = async (name: string) => {
      const card = page.getByRole('list', { name: 'Gallery' }).locator(`[data-person="${name}"]`);
      await card.getByRole('button', { name: 'Faces' }).click();
      const items = card.locator('.face-list li');
      await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(2);
      return (source: string) => items.filter({ hasText: source });
    };
    let face = await facesOf('obama');
    await face('obama2.jpg').getByRole('button', { name: 'Not this person' }).click();
    await face('obama2.jpg').getByTestId('face-rejected').waitFor({ timeout: 30_000 });
    await page.reload();
    await visit(page, 'Faces');
    face = await facesOf('obama');
    expect(await face('obama2.jpg').getByTestId('face-rejected').textContent()).toMatch(/not obama/);
    expect(await face('obama2.jpg').getByRole('button', { name: 'Not this person' }).count()).toBe(0);
    expect(await face('obama.jpg').getByRole('button', { name: 'Not this person' }).count()).toBe(1);
    await screenshot(page, 'faces-rejected-after-reload');
  });

  it('verifies two dropped photos: obama vs obama is the same person, obama vs biden is not', async () => {
    const { page } = app;
    const zones = page.locator('.card', { has: page.getByRole('heading', { name: 'Verify two photos' }) }).locator('.drop-zone');
    await dropFiles(page, '.card:has(h2:text("Verify two photos")) .drop-zone >> nth=0', [fixture('obama.jpg')]);
    await dropFiles(page, '.card:has(h2:text("Verify two photos")) .drop-zone >> nth=1', [fixture('obama2.jpg')]);
    expect(await zones.count()).toBe(2);
    const verdict = page.getByTestId('verify-result');
    await expect.poll(() => verdict.textContent(), { timeout: 60_000 }).toMatch(/same person/);
    const [sim, tau] = ((await verdict.textContent()) ?? '').match(/-?\d+\.\d+/g)!.map(Number);
    expect(sim).toBeGreaterThanOrEqual(tau!);
    await dropFiles(page, '.card:has(h2:text("Verify two photos")) .drop-zone >> nth=1', [fixture('biden2.jpg')]);
    await expect.poll(() => verdict.textContent(), { timeout: 60_000 }).toMatch(/different people/);
  });

  it('shows the quality gate verdict of each guided webcam shot (the clip shows a dog: no face)', async () => {
    const { page } = app;
    const panel = page.getByTestId('enroll-panel');
    await panel.getByLabel('Person name').fill('webcam person');
    await panel.getByTestId('camera-toggle').click();
    await expect.poll(() => panel.locator('.guide').textContent(), { timeout: 30_000 }).toMatch(/^Shot 1 of 5/);
    await expect.poll(() => panel.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBe(640);
    await page.keyboard.press('Alt+S');
    await expect.poll(() => panel.getByTestId('enroll-pending').textContent()).toContain('webcam-1.jpg');
    expect(await panel.locator('.guide').textContent()).toMatch(/^Shot 2 of 5/);
    await page.keyboard.press('Alt+C');
    await panel.getByRole('button', { name: /^Enroll/ }).click();
    const shots = panel.getByRole('list', { name: 'Enrollment shots' });
    await expect.poll(() => shots.textContent(), { timeout: 60_000 }).toMatch(/webcam-1\.jpg: rejected — .*face/);
    // The error is also a readable toast naming its code.
    await expect.poll(() => page.locator('.toast-error').first().getAttribute('data-code')).toBe('E_NO_FACE');
    await screenshot(page, 'faces-enroll-rejected');
  });

  it('explains a corrupt photo in a toast (code, message, what to do)', async () => {
    const { page } = app;
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vws-broken-')), 'broken.jpg');
    fs.writeFileSync(broken, Buffer.from('this is not a jpeg'));
    await dropFiles(page, '[data-testid="recognize-drop"]', [broken]);
    const toast = page.locator('.toast-error[data-code="E_BAD_IMAGE"]');
    await toast.waitFor({ timeout: 60_000 });
    expect(await toast.textContent()).toMatch(/Recognize: .*image/i);
    expect(await toast.locator('.toast-body').textContent()).toMatch(/\S/);
    fs.rmSync(path.dirname(broken), { recursive: true, force: true });
  });

  it('renames a person and deletes one after confirmation', async () => {
    const { page } = app;
    const gallery = page.getByRole('list', { name: 'Gallery' });
    const biden = gallery.locator('[data-person="biden"]');
    await biden.getByRole('button', { name: 'Rename' }).click();
    await biden.getByLabel('New name').fill('joe biden');
    await biden.getByRole('button', { name: 'Save' }).click();
    await gallery.locator('[data-person="joe biden"]').waitFor({ timeout: 30_000 });
    const joe = gallery.locator('[data-person="joe biden"]');
    await joe.getByRole('button', { name: 'Delete…' }).click();
    // Nothing is deleted until the user confirms.
    expect(await gallery.locator('[data-person]').count()).toBe(2);
    await joe.getByRole('button', { name: 'Yes, delete' }).click();
    await expect
      .poll(() => gallery.locator('[data-person]').evaluateAll((els) => els.map((e) => e.getAttribute('data-person'))))
      .toEqual(['obama']);
  });
});
