/**
 * Faces page: a wrong name on a recognize result is corrected on the spot
 * ("Not this person"), and the photo is read again. Lin-Manuel Miranda is not
 * enrolled; with τ moved down to 0 he is "recognized" as the nearest person —
 * the wrong match a user would reject.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dropFiles, fixture, openApp, screenshot, visit, type App } from './browser';
import { hostCall, ROOT } from './host';

const { url, clip } = inject('e2e');
const LIN = path.join(ROOT, 'tests/fixtures/faces/probes/lin-manuel-miranda.jpg');

describe('Faces page: "Not this person" on a recognize result', () => {
  let app: App;
  let savedTau = 0.35;
  const ids: number[] = [];
  beforeAll(async () => {
    for (const name of ['obama', 'biden']) {
      const r = await hostCall(url, 'vw:faces.enroll', {
        name,
        images: [`${name}.jpg`, `${name}2.jpg`].map((f) => ({ name: f, data: new Uint8Array(fs.readFileSync(fixture(f))) })),
      });
      if (!r.ok) throw new Error(r.error.message);
      ids.push(r.body.person.id);
    }
    const cal = await hostCall(url, 'vw:faces.calibrate', {});
    if (cal.ok) savedTau = cal.body.currentTau;
    app = await openApp(url, clip);
    await visit(app.page, 'Faces');
  });
  afterAll(async () => {
    await app?.close();
    await hostCall(url, 'vw:faces.setTau', { tau: savedTau });
    for (const personId of ids) await hostCall(url, 'vw:faces.removePerson', { personId });
  });

  it('records that the face is not that person, re-reads the photo, and lists the face under them as rejected', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: /^Recognize/ }).click();
    // τ down to 0 with the keyboard: anyone is "recognized" as the nearest person.
    const slider = page.getByTestId('tau-panel').filter({ visible: true }).getByRole('slider', { name: 'Recognition threshold τ' });
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => slider.getAttribute('aria-valuenow')).toBe('0');

    await dropFiles(page, '[data-testid="recognize-drop"]', [LIN]);
    const names = page.getByRole('list', { name: 'Recognized people' });
    const item = names.locator('li').first();
    await item.waitFor({ timeout: 120_000 });
    const wrong = (await item.getAttribute('data-name'))!;
    expect(['obama', 'biden']).toContain(wrong);
    await screenshot(page, 'faces-recognize-wrong-match');

    await item.getByRole('button', { name: new RegExp(`^Not this person \\(face 1, ${wrong}\\)`) }).click();
    // The photo is read again: that person is neither the match nor the best candidate any more.
    await expect.poll(() => item.getAttribute('data-name'), { timeout: 120_000 }).not.toBe(wrong);
    expect(await item.textContent()).not.toContain(wrong);
    await page
      .locator('.toast-info')
      .filter({ hasText: `Not ${wrong}` })
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'faces-recognize-after-reject');

    // The face is kept with that person, marked, as the gallery shows it.
    const person = ((await hostCall(url, 'vw:faces.list', {})) as { ok: true; body: { id: number; name: string }[] }).body.find(
      (p) => p.name === wrong,
    )!;
    const faces = await hostCall(url, 'vw:faces.faces', { personId: person.id });
    expect(faces.ok && faces.body.filter((f) => f.rejected).map((f) => f.source)).toEqual(['lin-manuel-miranda.jpg']);
    await page.getByRole('tab', { name: /^Gallery/ }).click();
    const card = page.getByRole('list', { name: 'Gallery' }).locator(`[data-person="${wrong}"]`);
    await card.getByRole('button', { name: 'Faces' }).click();
    const kept = card.locator('.face-list li').filter({ hasText: 'lin-manuel-miranda.jpg' });
    expect(await kept.getByTestId('face-rejected').textContent({ timeout: 30_000 })).toMatch(new RegExp(`not ${wrong}`));
  });
});
