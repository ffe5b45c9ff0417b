import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropFiles, fixture, openApp, screenshot, visit, type App } from './browser';

const { url, clip, available } = inject('e2e');

async function tableRows(page: Page, testId: string): Promise<number[][]> {
  return page
    .getByTestId(testId)
    .evaluate((t) =>
      Array.from(t.querySelectorAll('tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => Number(td.textContent))),
    );
}

describe.skipIf(!available.lab)('Lab page', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp(url, clip);
    await visit(app.page, 'Lab');
  });
  afterAll(async () => {
    await app?.close();
  });

  it("shows the lesson's 4×4 result for the 6×6 example and the vertical-edge filter", async () => {
    await app.page.getByTestId('conv-output').waitFor();
    const rows = await tableRows(app.page, 'conv-output');
    expect(rows).toEqual([
      [-5, -4, 0, 8],
      [-10, -2, 2, 3],
      [0, -2, -4, -7],
      [-3, -2, -3, -16],
    ]);
    expect(await app.page.getByTestId('output-size-formula').textContent()).toContain('= 4 rows');
    await screenshot(app.page, 'lab-lesson');
  });

  it('updates for the vertical-edge image, "same" padding, stride 2 and max pooling', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Vertical edge' }).click();
    await expect.poll(async () => (await tableRows(page, 'conv-output'))[0]).toEqual([0, 30, 30, 0]);
    await page.getByRole('button', { name: /^same/ }).click();
    await expect.poll(() => page.getByTestId('conv-output').getAttribute('data-rows')).toBe('6');
    await page.getByLabel('Stride s').fill('2');
    await expect.poll(() => page.getByTestId('conv-output').getAttribute('data-rows')).toBe('3');
    await page.getByRole('button', { name: 'Pooling 4×4' }).click();
    await expect
      .poll(() => tableRows(page, 'pool-output'))
      .toEqual([
        [9, 2],
        [6, 3],
      ]);
  });

  it('filters a dropped picture and shows input and response side by side', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Lesson 6×6' }).click();
    await page.getByRole('button', { name: /^same/ }).click();
    await dropFiles(page, '[data-testid="lab-drop"]', [fixture('dog.jpg')]);
    const result = page.getByTestId('lab-image-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toContain('input 768×576');
    expect(await result.textContent()).toContain('response 768×576');
    await expect.poll(() => page.getByAltText('Filter response').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(768);
    await screenshot(page, 'lab-image');
  });

  it('filters again when the settings change (stride 2 halves the response)', async () => {
    const { page } = app;
    await page.getByLabel('Stride s').fill('2');
    const result = page.getByTestId('lab-image-result');
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('response 384×288');
    await page.getByLabel('Stride s').fill('1');
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('response 768×576');
  });

  it('filters a webcam frame (Alt+C, then Alt+S)', async () => {
    const { page } = app;
    await page.keyboard.press('Alt+C');
    await page.getByRole('button', { name: /Use this frame/ }).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('video.lab-video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 30_000 }).toBe(640);
    await page.keyboard.press('Alt+S');
    const result = page.getByTestId('lab-image-result');
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('input 640×480');
    expect(await result.textContent()).toContain('response 640×480');
    await page.keyboard.press('Alt+C');
    await screenshot(page, 'lab-webcam');
  });
});
