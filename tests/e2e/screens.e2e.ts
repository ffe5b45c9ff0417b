/**
 * Every page at 1280×800 and 1920×1080 in the light and the dark theme:
 * a screenshot of each (test-results/screenshots/), an axe-core check with no
 * serious or critical violation, nothing refused by the CSP, nothing spilling sideways.
 */
import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropFiles, fixture, openApp, screenshot, visit, type App } from './browser';
import { hostCall } from './host';

const { url, clip, available } = inject('e2e');
const PAGES = ['Detect', 'Live', 'Faces', 'Style', 'Models', 'Lab'] as const;

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  // The segmented control's radios are visually hidden; a user clicks their labels.
  const id = await page.getByRole('radio', { name: theme === 'light' ? 'Light theme' : 'Dark theme' }).getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
  await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe(theme);
}

describe('every page, both themes, two sizes: screenshots and accessibility', () => {
  let app: App;
  const violations: string[] = [];
  beforeAll(async () => {
    app = await openApp(url, clip);
    await app.page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP refused ${e.violatedDirective}: ${e.blockedURI} ${e.sample}`),
      );
    });
    await app.page.reload();
    // A gallery to look at (removed again at the end).
    if (available.faces)
      for (const name of ['obama', 'biden'])
        await hostCall(url, 'vw:faces.enroll', {
          name,
          images: [`${name}.jpg`, `${name}2.jpg`].map((f) => ({ name: f, data: new Uint8Array(fs.readFileSync(fixture(f))) })),
        });
  });
  afterAll(async () => {
    await app?.close();
    const people = await hostCall(url, 'vw:faces.list', {});
    if (people.ok)
      for (const p of people.body)
        if (['obama', 'biden'].includes(p.name)) await hostCall(url, 'vw:faces.removePerson', { personId: p.id });
  });

  for (const theme of ['light', 'dark'] as const)
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1920, height: 1080 },
    ])
      it(`${theme} theme at ${size.width}×${size.height}`, async () => {
        const { page } = app;
        await page.setViewportSize(size);
        await setTheme(page, theme);
        for (const title of PAGES) {
          await visit(page, title);
          await expect.poll(() => page.locator('nav a[aria-current="page"] .nav-title').textContent()).toBe(title);
          if (title === 'Detect' && available.detection && (await page.getByTestId('detect-empty').count())) {
            await dropFiles(page, '[data-testid="detect-drop"]', [fixture('dog.jpg')]);
            await page.getByTestId('detections-table').waitFor({ timeout: 120_000 });
          }
          const views = title === 'Faces' && available.faces ? ['Recognize', 'Verify', 'Enroll', 'Gallery'] : [''];
          for (const tab of views) {
            if (tab) {
              await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
              if (tab === 'Gallery') await page.locator('[data-person]').first().waitFor({ timeout: 30_000 });
              if (tab === 'Recognize') {
                await page.getByTestId('tau-panel').first().waitFor({ timeout: 30_000 });
                // A result to look at: both people named, each with "Not this person".
                await dropFiles(page, '[data-testid="recognize-drop"]', [fixture('obama_and_biden.jpg')]);
                await page.getByRole('list', { name: 'Recognized people' }).locator('li').nth(1).waitFor({ timeout: 120_000 });
              }
              if (tab === 'Verify') {
                const zones = '[data-testid="verify-panel"] .drop-zone';
                await dropFiles(page, `${zones} >> nth=0`, [fixture('obama.jpg')]);
                await dropFiles(page, `${zones} >> nth=1`, [fixture('obama2.jpg')]);
                await page.getByRole('img', { name: 'Face compared in obama2.jpg' }).waitFor({ timeout: 120_000 });
              }
            }
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            expect(overflow).toBeLessThanOrEqual(0);
            await screenshot(page, `${title.toLowerCase()}${tab ? `-${tab.toLowerCase()}` : ''}-${theme}`);
            const axe = await new AxeBuilder({ page }).analyze();
            for (const v of axe.violations)
              if (v.impact === 'serious' || v.impact === 'critical')
                violations.push(
                  `${title}${tab}/${theme}: ${v.id} (${v.impact}) ${v.nodes
                    .map((n) => n.target.join(' '))
                    .slice(0, 3)
                    .join(' | ')}`,
                );
          }
        }
        expect(violations).toEqual([]);
        expect(app.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
      });
});
