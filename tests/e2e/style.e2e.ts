import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropFiles, fixture, openApp, screenshot, visit, type App } from './browser';

const { url, clip } = inject('e2e');

async function setOption(page: Page, label: string, value: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(value);
}

const progressOf = async (page: Page): Promise<number> => Number(await page.getByTestId('style-progress').getAttribute('aria-valuenow'));

describe('Style page', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp(url, clip);
    await visit(app.page, 'Style');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('runs content + style at a small size: the progress bar reaches 100 % and a result appears', async () => {
    const { page } = app;
    await dropFiles(page, '[data-testid="content-drop"]', [fixture('tubingen.jpg')]);
    await dropFiles(page, '[data-testid="style-drop"]', [fixture('starry_night.jpg')]);
    await page.getByRole('button', { name: 'fast' }).click();
    await setOption(page, 'Size (px)', '128');
    await setOption(page, 'Iterations', '8');
    await setOption(page, 'Preview every', '2');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('style-result').waitFor({ timeout: 200_000 });
    expect(await progressOf(page)).toBe(100);
    expect(await page.getByTestId('style-status').textContent()).toMatch(/^done: 8 iterations/);
    const after = page.getByAltText('Stylized result (after)');
    await expect.poll(() => after.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(128);
    expect(await page.getByRole('img', { name: /Loss curve/ }).count()).toBe(1);
    await screenshot(page, 'style-result');
  });

  it('cancels a second, longer run', async () => {
    const { page } = app;
    await setOption(page, 'Iterations', '400');
    await page.getByRole('button', { name: /^Run/ }).click();
    // Wait until it is really iterating, then cancel.
    await expect.poll(() => page.getByTestId('style-status').textContent(), { timeout: 120_000 }).toMatch(/iteration \d+ of 400/);
    // The live preview is large: it fills the result panel's width, not a thumbnail.
    const preview = page.getByTestId('style-preview');
    await preview.waitFor({ timeout: 60_000 });
    expect((await preview.boundingBox())!.width).toBeGreaterThan(400);
    // Run and Cancel stay in view (page header) whatever the options panel holds.
    expect(await page.getByRole('button', { name: /^Cancel/ }).isVisible()).toBe(true);
    await screenshot(page, 'style-running');
    await page.getByRole('button', { name: /^Cancel/ }).click();
    await expect.poll(() => page.getByTestId('style-status').textContent(), { timeout: 60_000 }).toMatch(/^cancelled/);
    expect(await progressOf(page)).toBeLessThan(100);
    expect(await page.getByRole('button', { name: /^Run/ }).isEnabled()).toBe(true);
  });
});
