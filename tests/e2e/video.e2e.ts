/**
 * A video file on the Live page, in Debian Chromium against `vws serve`:
 * Chromium decodes it, frames go to the engine as raw RGBA and come back as
 * boxes; "Scan whole video" fills a timeline whose bars seek the player.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fixture, openApp, screenshot, visit, type App } from './browser';
import { hostCall, ROOT } from './host';

const { url, clip } = inject('e2e');
const SCALE = 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p';

/** A VP8 WebM (which every Chromium build decodes) of stills shown one after the other, 10 fps. */
function webm(out: string, scenes: { image: string; seconds: number }[]): void {
  const inputs = scenes.flatMap((s) => ['-loop', '1', '-framerate', '10', '-t', String(s.seconds), '-i', s.image]);
  const chains = scenes.map((_, i) => `[${i}]${SCALE}[v${i}]`).join(';');
  const concat = `${scenes.map((_, i) => `[v${i}]`).join('')}concat=n=${scenes.length}:v=1[v]`;
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    ...inputs,
    '-filter_complex',
    `${chains};${concat}`,
    '-map',
    '[v]',
    '-c:v',
    'libvpx',
    '-b:v',
    '1M',
    '-g',
    '10',
    out,
  ]);
}

describe('Live page: a video file', () => {
  let app: App;
  let dir: string;
  let video: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-e2e-video-'));
    video = path.join(dir, 'dog-then-horses.webm');
    const fix = (f: string) => path.join(ROOT, 'tests/fixtures/detection', f);
    webm(video, [
      { image: fix('dog.jpg'), seconds: 3 },
      { image: fix('horses.jpg'), seconds: 3 },
    ]);
    app = await openApp(url, clip);
    await visit(app.page, 'Live');
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('plays with boxes, and the scan fills a timeline (dog, then horses) whose bars seek the player', async () => {
    const { page } = app;
    await page.getByLabel('Faces', { exact: true }).uncheck();
    await page.locator('[data-testid="video-drop"] input[type="file"]').setInputFiles(video);
    const player = page.getByTestId('video-player');
    await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    // Loaded and paused at 0: the overlay already shows the first frame's objects.
    const labels = () =>
      page
        .getByTestId('video-objects')
        .locator('li')
        .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-label') ?? ''));
    await expect.poll(labels, { timeout: 60_000, interval: 250 }).toContain('dog');
    // Playing: frames keep going through the engine.
    await player.evaluate((v: HTMLVideoElement) => v.play());
    await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.5);
    await player.evaluate((v: HTMLVideoElement) => v.pause());
    await screenshot(page, 'live-video-playing');

    await page.getByRole('button', { name: 'Scan whole video' }).click();
    const progress = page.getByTestId('video-scan-progress');
    await expect.poll(() => progress.getAttribute('aria-valuenow'), { timeout: 180_000, interval: 500 }).toBe('100');
    const timeline = page.getByTestId('video-timeline');
    const rows = await timeline.locator('[data-name]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(rows).toEqual(expect.arrayContaining(['dog', 'horse']));
    await screenshot(page, 'live-video-timeline');
    // The dog row starts at 0 and ends before the cut; the first horse bar starts at the cut (3 s) within one step.
    const dogBar = timeline.locator('[data-name="dog"] button').first();
    expect(await dogBar.getAttribute('aria-label')).toMatch(/^dog 0:00\.0 to 0:0[12]\.\d$/);
    const horseBar = timeline.locator('[data-name="horse"] button').first();
    expect(await horseBar.getAttribute('aria-label')).toMatch(/^horse 0:0(2\.[5-9]|3\.[0-4]) to 0:05\.\d$/);
    await horseBar.click();
    await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(2.4);
    await expect.poll(labels, { timeout: 60_000, interval: 250 }).toContain('horse');
    expect(app.errors).toEqual([]);
  });

  it('with faces: the scan names the enrolled person and marks the other face unknown, each at its time', async () => {
    const { page } = app;
    const NAME = 'video-obama';
    const enrolled = await hostCall(url, 'vw:faces.enroll', {
      name: NAME,
      images: [{ name: 'obama.jpg', data: new Uint8Array(fs.readFileSync(fixture('obama.jpg'))) }],
    });
    if (!enrolled.ok) throw new Error(`${enrolled.error.code}: ${enrolled.error.message}`);
    try {
      const faces = path.join(dir, 'obama-then-biden.webm');
      // 0–2 s another photo of the enrolled person, 2–4 s someone not enrolled.
      webm(faces, [
        { image: fixture('obama2.jpg'), seconds: 2 },
        { image: fixture('biden2.jpg'), seconds: 2 },
      ]);
      await page.getByLabel('Faces in the video').check();
      await page.locator('[data-testid="video-drop"] input[type="file"]').setInputFiles(faces);
      await expect
        .poll(() => page.getByTestId('video-player').evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 })
        .toBeGreaterThanOrEqual(2);
      await page.getByRole('button', { name: 'Scan whole video' }).click();
      await expect
        .poll(() => page.getByTestId('video-scan-progress').getAttribute('aria-valuenow'), { timeout: 180_000, interval: 500 })
        .toBe('100');
      const timeline = page.getByTestId('video-timeline');
      const faceRows = await timeline.locator('[data-kind="face"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
      expect(faceRows).toEqual([NAME, 'unknown']);
      await screenshot(page, 'live-video-faces-timeline');
      expect(await timeline.locator(`[data-name="${NAME}"] button`).first().getAttribute('aria-label')).toMatch(
        new RegExp(`^${NAME} 0:00\\.0 to 0:01\\.\\d$`),
      );
      expect(await timeline.locator('[data-name="unknown"] button').first().getAttribute('aria-label')).toMatch(
        /^unknown 0:0(1\.[89]|2\.[0-2]) to 0:03\.\d$/,
      );
      expect(app.errors).toEqual([]);
    } finally {
      await hostCall(url, 'vw:faces.removePerson', { personId: enrolled.body.person.id });
    }
  });
});
