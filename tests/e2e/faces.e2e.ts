import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropFiles, fixture, openApp, screenshot, visit, type App } from './browser';

const { url, clip, available } = inject('e2e');

async function enroll(page: Page, name: string, files: string[]): Promise<string> {
  const panel = page.getByTestId('enroll-panel');
  await panel.getByLabel('Person name').fill(name);
  await dropFiles(page, '[data-testid="enroll-drop"]', files.map(fixture));
  await panel.getByTestId('enroll-pending').waitFor();
  await panel.getByRole('button', { name: /^Enroll/ }).click();
  const result = panel.getByTestId('enroll-result');
  await expect.poll(async () => (await result.isVisible()) && (await result.textContent())?.includes(name), { timeout: 120_000 }).toBe(true);
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
  });

  it('enrolls obama and biden from gallery files dropped on the page', async () => {
    const { page } = app;
    const obama = await enroll(page, 'obama', ['obama.jpg', 'obama2.jpg']);
    expect(obama).toMatch(/obama\.jpg: accepted/);
    const biden = await enroll(page, 'biden', ['biden.jpg', 'biden2.jpg']);
    expect(biden).toMatch(/biden2\.jpg: accepted/);
    const gallery = page.getByRole('list', { name: 'Gallery' });
    await expect.poll(() => gallery.locator('[data-person]').evaluateAll((els) => els.map((e) => e.getAttribute('data-person')).sort())).toEqual(['biden', 'obama']);
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
});
