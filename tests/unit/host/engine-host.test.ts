import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport, HostState } from '../../../preload/contract';
import { CHANNELS } from '../../../preload/channels';
import { resolvePaths } from '../../../main/config';
import { EngineHost, STATE_COALESCE_MS } from '../../../main/host/engine-host';
import { nodeChildTransport, nodeWorkerTransport } from '../../../main/host/node-transport';
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

  it('announces transitions, not every request: 30 quick requests cause at most a few host-state events', async () => {
    await host.whenReady();
    await new Promise((r) => setTimeout(r, STATE_COALESCE_MS + 50));
    const seen: HostState[] = [];
    const off = host.onEvent((ch, body) => ch === 'vw:app.onDidChangeHostState' && seen.push(body as HostState));
    try {
      for (let i = 0; i < 30; i++) await host.call('vw:app.info', {});
      expect(seen.length).toBeLessThanOrEqual(3);
      await new Promise((r) => setTimeout(r, STATE_COALESCE_MS + 50));
      // Clients end up knowing the settled state (here: the one announced before the burst, so nothing more was sent).
      expect(seen.at(-1) ?? host.state()).toMatchObject({ status: 'ready', inFlight: 0 });
      expect(host.state()).toMatchObject({ status: 'ready', inFlight: 0 });
    } finally {
      off();
    }
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

describe('host state seen by a client', () => {
  it('a busy snapshot answered to vw:app.hostState is followed by the return to ready', async () => {
    await host.whenReady();
    const events: string[] = [];
    const off = host.onEvent((ch, body) => {
      if (ch === 'vw:app.onDidChangeHostState') events.push((body as { status: string }).status);
    });
    try {
      const quick = host.call('vw:lab.convolve', {
        input: { rows: 1, cols: 1, data: [1] },
        filter: { rows: 1, cols: 1, data: [1] },
        padding: 0,
        stride: 1,
      });
      const snapshot = await host.call('vw:app.hostState', {});
      expect(snapshot.status).toBe('busy');
      await quick;
      await expect.poll(() => events.at(-1), { timeout: 3000 }).toBe('ready');
    } finally {
      off();
    }
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('engine host in a child process', () => {
  it('restarts an engine that stops answering (watchdog): the request in flight fails typed, the next works', async () => {
    const paths = resolvePaths({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'vws-data-')) });
    const child = new EngineHost(() => nodeChildTransport(), { kind: 'child_process', init: { paths }, watchdogMs: 1500 });
    try {
      await child.whenReady();
      const pid = child.enginePid()!;
      expect(pid).not.toBe(process.pid);
      child.hangForTest(60_000);
      await expect(child.call('vw:app.info', {})).rejects.toMatchObject({ code: 'E_HOST_CRASHED', message: /watchdog/ });
      // The stuck process was killed (SIGKILL), not left spinning.
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && isAlive(pid)) await new Promise((r) => setTimeout(r, 20));
      expect(isAlive(pid)).toBe(false);
      expect((await child.call('vw:app.info', {})).name).toBe('vision-workstation');
      expect(child.state()).toMatchObject({ kind: 'child_process', restarts: 1 });
    } finally {
      await child.dispose();
    }
  });
});
