import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, screenshot, visit, type App } from './browser';
import { ROOT } from './host';

const { url, clip } = inject('e2e');

describe('Live page on the fake webcam (dog.jpg clip)', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp(url, clip);
    await visit(app.page, 'Live');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('draws boxes labelled dog, bicycle and truck, listed in the accessible overlay description', async () => {
    const { page } = app;
    // Faces off: this test is about objects, and the two cores are better spent on one engine.
    await page.getByLabel('Faces', { exact: true }).uncheck();
    await page.keyboard.press('Alt+C');
    const list = page.getByRole('list', { name: 'Detected objects' });
    const labels = () => list.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-label') ?? ''));
    // At the default confidence (0.25) and the live input size (384) the pickup truck comes out as
    // "car" (about 0.4), which expected.json accepts as a substitute; its "truck" box scores about 0.2–0.3.
    await expect.poll(labels, { timeout: 120_000, interval: 500 }).toEqual(expect.arrayContaining(['dog', 'bicycle', 'car']));
    await screenshot(page, 'live-detections');
    // Lower the confidence slider with the keyboard to 0.20, as a user would: the truck label appears.
    const slider = page.getByLabel('Confidence threshold');
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => slider.getAttribute('aria-valuenow')).toBe('0.2');
    await expect.poll(labels, { timeout: 60_000, interval: 500 }).toEqual(expect.arrayContaining(['dog', 'bicycle', 'truck']));
    await screenshot(page, 'live-detections-conf020');
    // The counters move: frames were processed and the FPS is measured.
    await expect.poll(async () => Number(await page.getByTestId('processed').textContent())).toBeGreaterThan(1);
    expect(Number(await page.getByTestId('objects-fps').textContent())).toBeGreaterThan(0);
  });

  it('stays responsive with the camera on: click → visible change latency (recorded in test-results/ui-latency.json)', async () => {
    const { page } = app;
    // Both engines on, as a user would run it.
    await page.getByLabel('Faces', { exact: true }).check();
    await expect.poll(async () => Number(await page.getByTestId('processed-faces').textContent()), { timeout: 120_000 }).toBeGreaterThan(1);
    // The browser stamps each click when it happens; the page notes the first frame painted after React changed the switch.
    await page.evaluate(() => {
      const w = window as unknown as { __latency: number[] };
      w.__latency = [];
      document.addEventListener(
        'click',
        (e) => {
          const t0 = e.timeStamp;
          setTimeout(() => requestAnimationFrame(() => w.__latency.push(performance.now() - t0)), 0);
        },
        true,
      );
    });
    const sw = page.getByLabel('Objects', { exact: true });
    for (let i = 0; i < 10; i++) {
      const was = await sw.isChecked();
      await sw.click();
      await expect.poll(() => sw.isChecked()).toBe(!was);
    }
    // The last click's frame may still be on its way when its switch reads as changed: wait for it.
    const latencies = () => page.evaluate(() => (window as unknown as { __latency: number[] }).__latency);
    await expect.poll(async () => (await latencies()).length).toBe(10);
    const ms = await latencies();
    expect(ms).toHaveLength(10);
    const sorted = [...ms].sort((a, b) => a - b);
    const report = { clicks: ms.length, medianMs: sorted[5], maxMs: sorted[9], all: ms.map((v) => Math.round(v)) };
    fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'test-results/ui-latency.json'), JSON.stringify(report, null, 2));
    console.log(`UI latency with the camera on (objects + faces): ${JSON.stringify(report)}`);
    expect(await sw.isChecked()).toBe(true);
  });

  it('saves a PNG snapshot with Alt+S', async () => {
    const { page } = app;
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Alt+S')]);
    expect(download.suggestedFilename()).toMatch(/^snapshot-.*\.png$/);
    const file = await download.path();
    const head = fs.readFileSync(file).subarray(0, 8);
    expect(Array.from(head)).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('stops the camera with Alt+C and clears the overlay list', async () => {
    const { page } = app;
    await page.keyboard.press('Alt+C');
    await expect.poll(() => page.getByRole('list', { name: 'Detected objects' }).locator('li').count()).toBe(0);
    expect(await page.getByTestId('camera-toggle').textContent()).toContain('Start camera');
  });
});
