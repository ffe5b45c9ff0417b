/**
 * Optional models on the Models page (issue 15): listed with their license;
 * "Add" shows the license and what it means and downloads nothing until the
 * box is ticked; the host refuses a wrong acceptance on its own.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, screenshot, visit, type App } from './browser';
import { hostCall } from './host';

const { url, clip } = inject('e2e');

describe('Models page: optional models', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp(url, clip);
    await visit(app.page, 'Models');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists yolov8n/s/m with their licenses; the dialog shows the license and gates the download on acceptance', async () => {
    const { page } = app;
    const card = page.getByTestId('optional-models');
    await card.waitFor({ timeout: 60_000 });
    const rows = await card.locator('li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-model'), li.textContent ?? '']));
    expect(rows.map(([id]) => id)).toEqual(['yolov8n', 'yolov8s', 'yolov8m', 'nanodet']);
    expect(rows.find(([id]) => id === 'yolov8m')![1]).toContain('GPL-3.0');
    const list = await hostCall(url, 'vw:models.list', {});
    if (!list.ok) throw new Error(list.error.message);
    const missing = list.body.find((m) => m.optional && !m.present);
    if (!missing) return; // every optional model already added on this machine: nothing to gate
    await page.getByRole('button', { name: `Add ${missing.id}…` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain(missing.license);
    expect(text).toContain('stays MIT');
    expect(text).toContain(`vws models add ${missing.id} --accept-license ${missing.license}`);
    const download = dialog.getByRole('button', { name: `Download ${missing.id}` });
    expect(await download.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox').check();
    expect(await download.isEnabled()).toBe(true);
    await screenshot(page, 'models-license-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('the host refuses vw:models.add without the exact license', async () => {
    const r = await hostCall(url, 'vw:models.add', { ids: ['yolov8m'], acceptLicense: ['AGPL-3.0'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('E_LICENSE_REQUIRED');
    const bad = await hostCall(url, 'vw:models.add', { ids: ['yolov8m'], acceptLicense: ['GPL 3'] } as never);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('E_INVALID_PAYLOAD');
  });
});
