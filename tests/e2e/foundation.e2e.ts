import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HostState } from '../../preload/contract';
import { openApp, screenshot, visit, type App } from './browser';
import { hostCall } from './host';

const { url, clip, available } = inject('e2e');
const PAGES = ['Detect', 'Live', 'Faces', 'Style', 'Models', 'Lab'] as const;
const AREA = { Detect: 'detection', Live: 'detection', Faces: 'faces', Style: 'style', Models: 'models', Lab: 'lab' } as const;

describe('foundation: the renderer against vws serve', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp(url, clip);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows in the status bar what vw:app.hostState reports', async () => {
    const answer = await hostCall(url, 'vw:app.hostState', {});
    expect(answer.ok).toBe(true);
    const state = (answer as { body: HostState }).body;
    const bar = app.page.getByRole('contentinfo', { name: 'Status' });
    await expect.poll(() => bar.getByTestId('host-ep').textContent(), { timeout: 30_000 }).toBe(state.executionProvider);
    expect(await bar.getByTestId('host-kind').textContent()).toBe(state.kind);
    expect(await bar.getByTestId('transport').textContent()).toBe('websocket');
    // The status can move between ready and busy while the engines work; ask again until both agree.
    await expect
      .poll(
        async () => {
          const now = await hostCall(url, 'vw:app.hostState', {});
          return now.ok && (await bar.getByTestId('host-status').textContent()) === now.body.status;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(['ready', 'busy']).toContain(await bar.getByTestId('host-status').textContent());
    expect(Number(await bar.getByTestId('host-restarts').textContent())).toBe(state.restarts);
  });

  for (const size of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    it(`visits every page at ${size.width}×${size.height}; pages without an engine say so`, async () => {
      await app.page.setViewportSize(size);
      for (const title of PAGES) {
        await visit(app.page, title);
        await expect.poll(() => app.page.locator('nav a[aria-current="page"] .nav-title').textContent()).toBe(title);
        const notice = app.page.getByTestId('unavailable');
        if (!available[AREA[title]]) {
          await notice.first().waitFor({ timeout: 30_000 });
          expect(await notice.first().getAttribute('data-code')).toBe('E_NOT_AVAILABLE');
        }
        // Nothing spills sideways at this size.
        const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await screenshot(app.page, `page-${title.toLowerCase()}`);
      }
      expect(app.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
    });
  }

  it('navigates with the keyboard (Alt+1…6)', async () => {
    await app.page.keyboard.press('Alt+6');
    await expect.poll(() => app.page.locator('main').getAttribute('data-page')).toBe('lab');
    await app.page.keyboard.press('Alt+3');
    await expect.poll(() => app.page.locator('main').getAttribute('data-page')).toBe('faces');
  });
});
