/** Debian Chromium through playwright-core, with the fake webcam playing the test clip. */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './host';

export const SCREENSHOTS = path.join(ROOT, 'test-results/screenshots');

export interface App {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function openApp(url: string, clip: string, viewport = { width: 1280, height: 800 }): Promise<App> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${clip}`,
    ],
  });
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  await context.grantPermissions(['camera'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return {
    browser,
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}

/** Go to a page through the navigation, as a user would. */
export async function visit(page: Page, title: 'Detect' | 'Live' | 'Faces' | 'Style' | 'Models' | 'Lab'): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const vp = page.viewportSize();
  const file = path.join(SCREENSHOTS, `${name}${vp ? `-${vp.width}x${vp.height}` : ''}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Drop files on an element with real drag-and-drop events (DataTransfer
 * built in the page from the files' bytes).
 */
export async function dropFiles(page: Page, selector: string, files: string[]): Promise<void> {
  const payload = files.map((f) => ({
    name: path.basename(f),
    type: f.endsWith('.png') ? 'image/png' : f.endsWith('.onnx') ? 'application/octet-stream' : 'image/jpeg',
    b64: fs.readFileSync(f).toString('base64'),
  }));
  await page
    .locator(selector)
    .first()
    .evaluate((el, items) => {
      const dt = new DataTransfer();
      for (const it of items) {
        const bin = atob(it.b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        dt.items.add(new File([bytes], it.name, { type: it.type }));
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    }, payload);
}

export const fixture = (name: string): string => path.join(ROOT, 'tests/fixtures/e2e', name);
