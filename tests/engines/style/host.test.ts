/** Style over the real engine host (worker thread): start → progress events → result; bad input fails typed and the host keeps serving. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StyleProgress, StyleResult } from '../../../preload/contract';
import { resolvePaths } from '../../../main/config';
import { EngineHost } from '../../../main/host/engine-host';
import { nodeWorkerTransport } from '../../../main/host/node-transport';
import { validateRequest } from '../../../main/host/registry';

const fixture = (f: string) => new Uint8Array(fs.readFileSync(path.join(__dirname, '../../fixtures/style', f)));
let host: EngineHost;

beforeAll(() => {
  const paths = { ...resolvePaths({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'vws-style-')) }), models: resolvePaths().models };
  host = new EngineHost(() => nodeWorkerTransport(), { kind: 'worker_threads', init: { paths } });
});
afterAll(() => host.dispose());

describe('style through the engine host', () => {
  it('runs a job with progress events and returns a PNG; a bad job fails typed and the host keeps serving', async () => {
    const progress: StyleProgress[] = [];
    const finished: StyleResult[] = [];
    const off = host.onEvent((ch, body) => {
      if (ch === 'vw:style.onDidProgress') progress.push(body as StyleProgress);
      if (ch === 'vw:style.onDidFinish') finished.push(body as StyleResult);
    });
    const bad = await host.call('vw:style.start', { content: new Uint8Array([1, 2, 3]), styles: [fixture('starry_night.jpg')] });
    const badResult = await host.call('vw:style.result', { jobId: bad.jobId, wait: true });
    expect(badResult.status).toBe('failed');
    expect(badResult.error?.code).toBe('E_BAD_IMAGE');

    const { jobId } = await host.call('vw:style.start', {
      content: fixture('tubingen.jpg'),
      styles: [fixture('starry_night.jpg')],
      options: { size: 64, iterations: 6, previewEvery: 3 },
    });
    const r = await host.call('vw:style.result', { jobId, wait: true });
    off();
    expect(r.status).toBe('done');
    expect([r.width, r.height]).toEqual([64, 48]);
    expect(r.png!.length).toBeGreaterThan(100);
    expect(r.losses!.total).toBeLessThan(r.initialLosses!.total);
    const mine = progress.filter((p) => p.jobId === jobId);
    expect(mine.map((p) => p.iteration)).toEqual([1, 3, 6]);
    expect(mine[1]!.preview!.length).toBeGreaterThan(100);
    expect(finished.map((f) => f.jobId)).toContain(jobId);
    // Payloads are checked against the area's schemas where they enter the host.
    expect(() =>
      validateRequest('vw:style.start', { content: fixture('tubingen.jpg'), styles: [fixture('starry_night.jpg')], options: { size: 9 } }),
    ).toThrow(/Invalid payload/);
    // The engine itself also refuses out-of-range sizes (for callers that skip the schema).
    const tiny = await host.call('vw:style.start', {
      content: fixture('tubingen.jpg'),
      styles: [fixture('starry_night.jpg')],
      options: { size: 9 },
    });
    expect((await host.call('vw:style.result', { jobId: tiny.jobId, wait: true })).error?.code).toBe('E_BAD_ARGUMENT');
  });
});
