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
import { openApp, screenshot, visit, type App } from './browser';
import { ROOT } from './host';

const { url, clip, available } = inject('e2e');

describe.skipIf(!available.detection)('Live page: a video file', () => {
  let app: App;
  let dir: string;
  let video: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-e2e-video-'));
    video = path.join(dir, 'dog-then-horses.webm');
    // VP8 WebM, which every Chromium build decodes: 3 s of the dog scene, then 3 s of horses, 10 fps.
    const fix = (f: string) => path.join(ROOT, 'tests/fixtures/detection', f);
    const scale = 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p';
    execFileSync('ffmpeg', [
      ...['-loglevel', 'error', '-y'],
      ...['-loop', '1', '-framerate', '10', '-t', '3', '-i', fix('dog.jpg')],
      ...['-loop', '1', '-framerate', '10', '-t', '3', '-i', fix('horses.jpg')],
      ...['-filter_complex', `[0]${scale}[a];[1]${scale}[b];[a][b]concat=n=2:v=1[v]`, '-map', '[v]'],
      ...['-c:v', 'libvpx', '-b:v', '1M', '-g', '10', video],
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
    await page.getByLabel('faces', { exact: true }).uncheck();
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
});
