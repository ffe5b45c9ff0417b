import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../preload/contract';
import { CHANNELS } from '../../../preload/channels';
import { resolvePaths } from '../../../main/config';
import { EngineHost } from '../../../main/host/engine-host';
import { nodeWorkerTransport } from '../../../main/host/node-transport';
import { schemas, validateRequest } from '../../../main/host/registry';
import { labImageRequest } from './requests';

let host: EngineHost;

beforeAll(() => {
  const paths = resolvePaths({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'vws-data-')) });
  host = new EngineHost(() => nodeWorkerTransport(), { kind: 'worker_threads', init: { paths } });
});
afterAll(() => host.dispose());

describe('engine host', () => {
  it('reports doctor info from the worker with its own state', async () => {
    const d = (await host.call('vw:app.doctor', {})) as DoctorReport;
    expect(d.app.name).toBe('vision-workstation');
    expect(d.executionProviders.available.at(-1)).toBe('cpu');
    expect(d.versions['onnxruntime-node']).toMatch(/^\d+\.\d+\.\d+/);
    expect(d.versions.sqlite).toMatch(/^3\.\d+/);
    expect(d.host.kind).toBe('worker_threads');
    expect(d.cpus).toBe(os.availableParallelism());
  });

  it('recovers from a crash: in-flight requests fail typed, the next works', async () => {
    await host.whenReady();
    const restarts = host.state().restarts;
    // Decoding runs on libuv's pool, so the request is surely in flight when the crash message lands.
    const p = host.call('vw:lab.image', await labImageRequest());
    host.crashForTest();
    await expect(p).rejects.toMatchObject({ code: 'E_HOST_CRASHED' });
    expect(host.state().restarts).toBe(restarts + 1);
    const info = await host.call('vw:app.info', {});
    expect(info.name).toBe('vision-workstation');
    expect(host.state().restarts).toBe(restarts + 1);
  });

  it('validates every payload with a schema, and knows every contract channel', () => {
    expect(() => validateRequest('vw:app.info', { x: 1 })).toThrow(/Invalid payload/);
    expect(() => validateRequest('vw:app.nope', {})).toThrow(/Unknown channel/);
    expect(validateRequest('vw:app.info', {}).channel).toBe('vw:app.info');
    for (const ch of Object.keys(schemas)) expect(CHANNELS).toContain(ch);
    // The direction the types do not guarantee: every contract channel has a request schema.
    expect(CHANNELS.filter((ch) => !schemas[ch])).toEqual([]);
  });
});
