/**
 * Once for the whole e2e run: the fake-webcam clip, one `vws serve`, and a
 * check that every engine answers (an E_NOT_AVAILABLE area fails the whole
 * run: no suite is ever skipped for a missing engine). `available` is still
 * provided for the foundation test of the "unavailable" notice.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { hostCall, ROOT, startServe, type ServeHandle } from './host';

export interface E2eEnv {
  url: string;
  /** The fake-webcam clip of dog.jpg. */
  clip: string;
  /** The same of obama_and_biden.jpg, for faces on Live. */
  facesClip: string;
  /** One face filling a good part of the frame (obama.jpg): webcam distance. */
  closeUpClip: string;
  available: { detection: boolean; faces: boolean; style: boolean; models: boolean; lab: boolean };
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eEnv;
  }
}

/** 2 s of a still at 640×480, 15 fps, as the YUV4MPEG2 file Chromium's fake camera reads (also used by bench/ui.ts). */
export function makeClip(dir: string, image: string, name: string): string {
  const clip = path.join(dir, name);
  execFileSync(
    'ffmpeg',
    [
      '-loglevel',
      'error',
      '-y',
      '-loop',
      '1',
      '-i',
      path.join(ROOT, 'tests/fixtures/e2e', image),
      '-t',
      '2',
      '-r',
      '15',
      // Letterbox to 4:3 so faces keep their shape.
      '-vf',
      'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,format=yuv420p',
      '-f',
      'yuv4mpegpipe',
      clip,
    ],
    { stdio: 'inherit' },
  );
  return clip;
}

let serve: ServeHandle | undefined;
let clipDir: string | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!fs.existsSync(path.join(ROOT, 'out/renderer/index.html'))) {
    throw new Error('The renderer is not built: run `npm run build:renderer` (npm run test:e2e does it first).');
  }
  clipDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-clip-'));
  const clip = makeClip(clipDir, 'dog.jpg', 'dog.y4m');
  const facesClip = makeClip(clipDir, 'obama_and_biden.jpg', 'faces.y4m');
  const closeUpClip = makeClip(clipDir, 'obama.jpg', 'close-up.y4m');
  serve = await startServe();
  const there = async (p: Promise<{ ok: boolean; error?: { code: string } }>): Promise<boolean> => {
    const a = await p;
    return a.ok || a.error?.code !== 'E_NOT_AVAILABLE';
  };
  const url = serve.url;
  const available = {
    detection: await there(hostCall(url, 'vw:detection.models', {})),
    faces: await there(hostCall(url, 'vw:faces.list', {})),
    style: await there(hostCall(url, 'vw:style.result', { jobId: 'probe', wait: false })),
    models: await there(hostCall(url, 'vw:models.list', {})),
    lab: await there(
      hostCall(url, 'vw:lab.convolve', {
        input: { rows: 1, cols: 1, data: [1] },
        filter: { rows: 1, cols: 1, data: [1] },
        padding: 0,
        stride: 1,
      }),
    ),
  };
  console.log(`e2e: vws serve at ${url}; engines available: ${JSON.stringify(available)}`);
  // Every suite runs against every engine: an area that answers E_NOT_AVAILABLE fails the run, it never skips it.
  const missing = Object.entries(available).filter(([, ok]) => !ok);
  if (missing.length) {
    await serve.stop();
    throw new Error(`e2e: ${missing.map(([a]) => a).join(', ')} answered E_NOT_AVAILABLE; the suites need every engine.`);
  }
  project.provide('e2e', { url, clip, facesClip, closeUpClip, available });
  return async () => {
    await serve?.stop();
    if (clipDir) fs.rmSync(clipDir, { recursive: true, force: true });
  };
}
