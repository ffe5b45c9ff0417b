import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DoctorModel } from '../../preload/contract';
import { dropFiles, openApp, screenshot, visit, type App } from './browser';
import { hostCall } from './host';

const { url, clip, available } = inject('e2e');

describe('Models page', () => {
  let app: App;
  let expected: DoctorModel[];
  beforeAll(async () => {
    // The models engine's list when it is there; the doctor's manifest otherwise (that is what the page shows then).
    const list = available.models ? await hostCall(url, 'vw:models.list', {}) : await hostCall(url, 'vw:app.doctor', {});
    if (!list.ok) throw new Error(`${list.error.code}: ${list.error.message}`);
    expected = Array.isArray(list.body) ? list.body : list.body.models;
    app = await openApp(url, clip);
    await visit(app.page, 'Models');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows every bundled model with its license', async () => {
    const table = app.page.getByTestId('models-table');
    await table.waitFor({ timeout: 60_000 });
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => ({ id: tr.getAttribute('data-model'), license: tr.querySelector('[data-testid="model-license"]')?.textContent })),
      );
    expect(expected.length).toBeGreaterThan(0);
    expect(rows).toEqual(expected.map((m) => ({ id: m.id, license: m.license })));
    for (const r of rows) expect(r.license).toMatch(/\S/);
    await screenshot(app.page, 'models-list');
  });

  it('prepares all models: a summary counted from the progress events, every model present', async () => {
    const { page } = app;
    const button = page.getByRole('button', { name: 'Prepare all models' });
    await button.click();
    const result = page.getByTestId('prepare-result');
    await result.waitFor({ timeout: 300_000 });
    const [, ready, cached, built] =
      /^(\d+) models ready · (\d+) verified in the cache, (\d+) built/.exec((await result.textContent()) ?? '') ?? [];
    // Optional models (issue 15) are not prepared by "Prepare all models"; they are present only once added.
    const prepared = expected.filter((m) => !m.optional);
    expect(Number(ready)).toBe(prepared.length);
    expect(Number(cached) + Number(built)).toBe(prepared.length);
    expect(await button.isEnabled()).toBe(true);
    const present = await page
      .getByTestId('models-table')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.querySelector('td:last-child')?.textContent));
    expect(present).toEqual(expected.map((m) => (m.optional && !m.present ? 'no' : 'yes')));
    await screenshot(page, 'models-prepared');
  });

  it('shows the inspector table for a chosen model', async () => {
    const { page } = app;
    await page.getByLabel('Model to inspect').selectOption(expected[0]!.id);
    await page.getByRole('button', { name: /^Inspect/ }).click();
    const table = page.getByTestId('inspector-table');
    await table.waitFor({ timeout: 120_000 });
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(3);
    const head = await table.locator('thead th').allTextContents();
    expect(head).toEqual(expect.arrayContaining(['Activation shape', 'Activation size', '# parameters']));
    await screenshot(page, 'models-inspector');
  });

  it("opens the Lab's classic networks in the same inspector: VGG-16 has 138,357,544 parameters, ResNet-50 25,557,032", async () => {
    const { page } = app;
    const total = async () =>
      Number(((await page.getByTestId('inspector-table').locator('tfoot td').nth(1).textContent()) ?? '').replace(/,/g, ''));
    await page.getByLabel('Model to inspect').selectOption({ label: 'VGG-16' });
    await page.getByRole('button', { name: /^Inspect/ }).click();
    await expect.poll(total).toBe(138_357_544);
    expect(await page.getByTestId('inspector-table').locator('thead th').allTextContents()).toEqual(
      expect.arrayContaining(['Activation shape', 'Activation size', '# parameters', 'MACs']),
    );
    expect(await page.getByTestId('inspector-source').textContent()).toContain('no weights');
    await screenshot(page, 'models-network');
    await page.getByLabel('Model to inspect').selectOption({ label: 'ResNet-50' });
    await page.getByRole('button', { name: /^Inspect/ }).click();
    await expect.poll(total).toBe(25_557_032);
  });

  it('inspects a dropped .onnx file', async () => {
    const { page } = app;
    // The smallest model the host reports as present, from its own cache.
    const onnx = expected.filter((m) => m.present && m.file.endsWith('.onnx')).sort((a, b) => (a.bytes ?? 0) - (b.bytes ?? 0))[0];
    expect(onnx, 'a present .onnx model').toBeDefined();
    const before = await page.getByTestId('inspector-table').locator('tbody tr').count();
    await dropFiles(page, '[data-testid="onnx-drop"]', [onnx!.file]);
    await expect
      .poll(async () => (await page.getByTestId('inspector-table').locator('tbody tr').count()) !== before, { timeout: 120_000 })
      .toBe(true);
    expect(await page.getByTestId('inspector-table').locator('tbody tr').count()).toBeGreaterThan(3);
  });
});
