import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { constantYoloV8 } from '../engines/detection/models';
import { dropFiles, fixture, openApp, screenshot, visit, type App } from './browser';
import { hostCall } from './host';

const { url, clip } = inject('e2e');

async function saved(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, void];
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
}

describe('Detect page: photos and folders', () => {
  let app: App;
  let folder: string;
  beforeAll(async () => {
    app = await openApp(url, clip);
    await visit(app.page, 'Detect');
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-detect-folder-'));
    fs.copyFileSync(fixture('obama_and_biden.jpg'), path.join(folder, 'people.jpg'));
    fs.copyFileSync(fixture('tubingen.jpg'), path.join(folder, 'town.jpg'));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not an image');
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const labels = (page: Page) =>
    page
      .getByTestId('detections-table')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label') ?? ''));

  it('detects on a dropped photo: boxes on the image and a sortable table', async () => {
    const { page } = app;
    expect(await page.getByTestId('detect-empty').isVisible()).toBe(true);
    await dropFiles(page, '[data-testid="detect-drop"]', [fixture('dog.jpg')]);
    await expect.poll(() => labels(page), { timeout: 120_000 }).toEqual(expect.arrayContaining(['dog', 'bicycle']));
    expect(await page.getByRole('img', { name: 'dog.jpg with detected objects' }).isVisible()).toBe(true);
    // Sorted by score, highest first; one click on Score turns it round.
    const scores = () =>
      page
        .getByTestId('detections-table')
        .locator('tbody tr td:nth-child(2)')
        .allTextContents()
        .then((t) => t.map(Number));
    const desc = await scores();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await page.getByRole('button', { name: /^Score/ }).click();
    expect(await scores()).toEqual([...desc].reverse());
    await page.getByRole('button', { name: /^Label/ }).click();
    const byLabel = await labels(page);
    expect(byLabel).toEqual([...byLabel].sort((a, b) => a.localeCompare(b)));
    await screenshot(page, 'detect-photo');
  });

  it('a higher confidence re-runs the image with fewer boxes', async () => {
    const { page } = app;
    const before = (await labels(page)).length;
    const slider = page.getByRole('slider', { name: 'Confidence threshold' });
    await slider.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => slider.getAttribute('aria-valuenow')).toBe('0.5');
    await expect.poll(async () => (await labels(page)).length, { timeout: 60_000 }).toBeLessThan(before);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await labels(page)).length, { timeout: 60_000 }).toBe(before);
  });

  it('takes a folder: every image in it, progress, thumbnails; files that are not images are left out', async () => {
    const { page } = app;
    await page.getByTestId('detect-drop-folder').setInputFiles(folder);
    await expect.poll(() => page.getByTestId('detect-progress').textContent(), { timeout: 180_000 }).toBe('3 of 3 images done');
    const thumbs = page.getByRole('group', { name: 'Images' }).getByRole('button');
    expect(await thumbs.count()).toBe(3);
    await thumbs.nth(1).click();
    await expect.poll(() => labels(page), { timeout: 60_000 }).toContain('person');
    await screenshot(page, 'detect-folder');
  });

  it('exports JSON, COCO JSON and CSV of every image, and saves the annotated image', async () => {
    const { page } = app;
    const exportAs = async (item: RegExp) =>
      saved(page, async () => {
        await page.getByTestId('export-menu').click();
        await page.getByRole('menuitem', { name: item }).click();
      });
    const json = await exportAs(/^JSON/);
    const results = JSON.parse(json.bytes.toString('utf8')) as { file: string; detections: { label: string }[] }[];
    expect(results.map((r) => r.file.split('/').pop()).sort()).toEqual(['dog.jpg', 'people.jpg', 'town.jpg']);
    expect(results.find((r) => r.file === 'dog.jpg')!.detections.map((d) => d.label)).toContain('dog');

    const coco = JSON.parse((await exportAs(/^COCO/)).bytes.toString('utf8')) as {
      images: { id: number; file_name: string }[];
      annotations: { image_id: number; category_id: number; bbox: number[] }[];
      categories: { id: number; name: string }[];
    };
    expect(coco.images.map((i) => i.id)).toEqual([1, 2, 3]);
    const dogImage = coco.images.find((i) => i.file_name === 'dog.jpg')!.id;
    // COCO category 18 is "dog".
    expect(coco.categories.find((c) => c.name === 'dog')!.id).toBe(18);
    expect(coco.annotations.some((a) => a.image_id === dogImage && a.category_id === 18 && a.bbox.length === 4)).toBe(true);

    const csv = (await exportAs(/^CSV/)).bytes.toString('utf8').trim().split('\n');
    expect(csv[0]).toBe('file,label,class_id,score,x1,y1,x2,y2,track_id');
    expect(csv.some((l) => l.startsWith('dog.jpg,dog,16,'))).toBe(true);

    const png = await saved(page, () => page.getByRole('button', { name: 'Save annotated image' }).click());
    expect(png.name).toMatch(/\.detections\.png$/);
    expect(Array.from(png.bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('imports a YOLO-format .onnx dropped on the page (as bytes), chooses it, and detects with it', async () => {
    const { page } = app;
    // A tiny YOLOv8-layout model built here: one constant box of class "gadget" at 0.9 (names and imgsz in its metadata).
    const n = 8;
    const head = new Float32Array(6 * n);
    [320, 320, 100, 50].forEach((v, ch) => (head[ch * n] = v));
    head[5 * n] = 0.9;
    const file = constantYoloV8(head, 2, n, ['widget', 'gadget']);
    await dropFiles(page, '[data-testid="yolo-import"]', [file]);
    const select = page.getByTestId('detect-model');
    await expect.poll(() => select.inputValue(), { timeout: 60_000 }).toMatch(/^tiny-yolov8-[0-9a-f]+$/);
    expect(await page.getByText(/yolov8 · 2 classes · input 640 px/).isVisible()).toBe(true);
    await expect.poll(() => labels(page), { timeout: 60_000 }).toEqual(['gadget']);
    await screenshot(page, 'detect-own-model');
    // Back to the bundled model: its boxes return.
    await select.selectOption('centernet');
    await expect.poll(() => labels(page), { timeout: 60_000 }).toEqual(expect.arrayContaining(['person']));
    const id = (await select.locator('option').allTextContents()).find((t) => t.startsWith('tiny-yolov8-'))!;
    // The Models page lists it among the imported detectors.
    await visit(page, 'Models');
    await expect.poll(() => page.getByTestId('imported-models').locator(`tr[data-model="${id}"]`).count(), { timeout: 30_000 }).toBe(1);
    // …and removes it after a confirmation: it is gone from the list and from the host.
    const row = page.getByTestId('imported-models').locator(`tr[data-model="${id}"]`);
    await row.getByRole('button', { name: `Remove ${id}` }).click();
    await row.getByRole('button', { name: `Yes, remove ${id}` }).click();
    await expect.poll(() => page.getByTestId('imported-models').locator(`tr[data-model="${id}"]`).count(), { timeout: 30_000 }).toBe(0);
    const models = (await hostCall(url, 'vw:detection.models', {})) as { ok: true; body: { id: string }[] };
    expect(models.body.map((m) => m.id)).not.toContain(id);
  });
});
