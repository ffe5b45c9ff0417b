/**
 * UI input latency (issue 13): `vws serve` as a user runs it, Debian Chromium
 * through playwright-core with a fake webcam (a still of dog.jpg made into a
 * y4m clip by ffmpeg), the Live page. Each click on the "Objects" switch is
 * timed from the click's own event timestamp to the first animation frame
 * after the page changed the switch — with the camera off, then with the
 * camera on and both engines (objects + faces) running. Reported: median and
 * p95 of each, side by side, and the camera-on / camera-off ratio. The e2e
 * helpers (tests/e2e/) start the host, make the clip and open the browser.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { openApp, visit } from '../tests/e2e/browser';
import { makeClip } from '../tests/e2e/global-setup';
import { ROOT, startServe } from '../tests/e2e/host';

type Row = Record<string, unknown>;
const CLICKS = 30;
const r1 = (v: number) => Math.round(v * 10) / 10;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * q) - 1)]!;

/** Wait until `fn` is true (polling); throws with `what` after `ms`. */
async function until(what: string, fn: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`bench ui: ${what} did not happen within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `CLICKS` clicks on the Objects switch; ms from each click to the first frame after the switch changed. */
async function clickLatencies(page: Page): Promise<number[]> {
  const sw = page.getByLabel('Objects', { exact: true });
  await sw.evaluate((el) => el.setAttribute('data-bench', 'objects'));
  // A string, not a function: tsx would wrap a function's inner helpers in names the page does not have.
  await page.evaluate(`(() => {
    window.__lat = [];
    if (window.__latListening) return;
    window.__latListening = true;
    let before;
    const input = () => document.querySelector('[data-bench="objects"]');
    // Read before the click: a checkbox is already toggled when its click listeners run.
    document.addEventListener('pointerdown', () => { before = input().checked; }, true);
    document.addEventListener('click', (e) => {
      // Playwright clicks the switch's label; the browser then clicks the input: count that one.
      if (e.target !== input()) return;
      const t0 = e.timeStamp;
      const was = before;
      // After the click's handlers (React's among them) ran, at the next frame the change is on screen.
      setTimeout(() => requestAnimationFrame(() => window.__lat.push({ ms: performance.now() - t0, changed: input().checked !== was })), 0);
    }, true);
  })()`);
  for (let i = 0; i < CLICKS; i++) {
    const was = await sw.isChecked();
    await sw.click();
    await until('the switch to change', async () => (await sw.isChecked()) !== was, 30_000);
  }
  // The last click's frame may still be on its way.
  await until('every click timed', async () => (await page.evaluate('window.__lat.length')) === CLICKS, 10_000);
  const lat = await page.evaluate(() => (window as unknown as { __lat: { ms: number; changed: boolean }[] }).__lat);
  if (lat.length !== CLICKS || lat.some((l) => !l.changed))
    throw new Error(
      `bench ui: ${lat.filter((l) => l.changed).length} of ${CLICKS} clicks were seen changing the switch: ${JSON.stringify(lat)}`,
    );
  // Leave the switch on, as found.
  if (!(await sw.isChecked())) await sw.click();
  return lat.map((l) => l.ms);
}

export async function benchUi(): Promise<Row[]> {
  if (!fs.existsSync(path.join(ROOT, 'out/renderer/index.html'))) {
    const b = spawnSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('bench ui: the renderer did not build (npm run build:renderer)');
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-bench-ui-'));
  const serve = await startServe();
  const app = await openApp(serve.url, makeClip(tmp, 'dog.jpg', 'dog.y4m'));
  try {
    const { page } = app;
    await visit(page, 'Live');
    await page.getByLabel('Objects', { exact: true }).waitFor();
    const off = await clickLatencies(page);

    await page.getByLabel('Faces', { exact: true }).check();
    await page.getByTestId('camera-toggle').click();
    const processed = async (id: string) => Number(await page.getByTestId(id).textContent());
    // Both engines warm and answering before the clicks.
    await until('frames through both engines', async () => (await processed('processed')) > 3 && (await processed('processed-faces')) > 3);
    // The frame rate once warm (the first frames include the models' start).
    await until('ten more object frames', async () => (await processed('processed')) > 13);
    const fps = Number(await page.getByTestId('objects-fps').textContent());
    const on = await clickLatencies(page);

    const row = (name: string, xs: number[]): Row => ({
      case: name,
      clicks: xs.length,
      'median ms': r1(quantile(xs, 0.5)),
      'p95 ms': r1(quantile(xs, 0.95)),
      'max ms': r1(Math.max(...xs)),
    });
    return [
      row('click → visible change, camera off', off),
      {
        ...row('click → visible change, camera on (objects + faces)', on),
        'on/off median': r1(quantile(on, 0.5) / quantile(off, 0.5)),
        'on/off p95': r1(quantile(on, 0.95) / quantile(off, 0.95)),
        'object FPS before': fps,
      },
    ];
  } finally {
    await app.close();
    await serve.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
