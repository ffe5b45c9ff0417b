/**
 * The headless host against a real engine worker: typed errors for bad input,
 * and the host keeps serving afterwards (also after the worker crashed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HostState } from '../../../preload/contract';
import { decodeMessage, encodeMessage, type HostMessage } from '../../../preload/wire';
import { resolvePaths } from '../../../main/config';
import { EngineHost } from '../../../main/host/engine-host';
import { nodeWorkerTransport } from '../../../main/host/node-transport';
import { startServer, type RunningServer } from '../../../main/host/serve';
import { labImageRequest } from './requests';

let host: EngineHost;
let server: RunningServer;
let staticDir: string;
const LIMIT = 256 * 1024;

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Send one message and wait for the response with that id (or any response when id is unknown). */
function roundTrip(ws: WebSocket, data: Uint8Array | string, id?: string): Promise<Extract<HostMessage, { t: 'res' }>> {
  return new Promise((resolve) => {
    const onMsg = (raw: Buffer): void => {
      const m = decodeMessage(new Uint8Array(raw)) as HostMessage;
      if (m.t === 'res' && (id === undefined || m.id === id)) {
        ws.off('message', onMsg);
        resolve(m);
      }
    };
    ws.on('message', onMsg);
    ws.send(data);
  });
}

const req = (id: string, ch: string, body: unknown): Uint8Array => encodeMessage({ t: 'req', id, ch, body });

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>vws</title>');
  const paths = resolvePaths({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'vws-data-')) });
  host = new EngineHost(() => nodeWorkerTransport(), { kind: 'worker_threads', init: { paths } });
  server = await startServer(host, { staticDir, port: 0, maxPayloadBytes: LIMIT });
});

afterAll(async () => {
  await server?.close();
  await host?.dispose();
});

describe('vws serve', () => {
  it('binds loopback without a token and serves the renderer with a strict CSP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.token).toBeUndefined();
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>vws</title>');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(server.url + '../../etc/passwd')).status).toBe(404);
  });

  it('answers a valid request with the engine host’s real values', async () => {
    const ws = await connect(server.url.replace('http', 'ws') + 'ws');
    const r = await roundTrip(ws, req('a1', 'vw:app.hostState', {}), 'a1');
    expect(r.ok).toBe(true);
    const st = (r as { body: HostState }).body;
    expect(st.kind).toBe('worker_threads');
    expect(st.executionProvider).toBe('cpu');
    const info = await roundTrip(ws, req('a2', 'vw:app.info', {}), 'a2');
    expect(info.ok && (info.body as { name: string }).name).toBe('vision-workstation');
    ws.close();
  });

  it('gives typed errors for malformed JSON, unknown channels, wrong types and oversized payloads — and keeps serving', async () => {
    const ws = await connect(server.url.replace('http', 'ws') + 'ws');

    const bad = await roundTrip(ws, '{"t":"req", "id": "b1", ');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe('E_BAD_JSON');

    const unknown = await roundTrip(ws, req('b2', 'vw:nope.nothing', {}), 'b2');
    expect(!unknown.ok && unknown.error.code).toBe('E_UNKNOWN_CHANNEL');

    const wrong = await roundTrip(ws, req('b3', 'vw:app.info', { extra: 1 }), 'b3');
    expect(!wrong.ok && wrong.error.code).toBe('E_INVALID_PAYLOAD');

    const big = await roundTrip(ws, req('b4', 'vw:app.info', { blob: new Uint8Array(LIMIT + 1) }), 'b4');
    expect(!big.ok && big.error.code).toBe('E_PAYLOAD_TOO_LARGE');

    const notMsg = await roundTrip(ws, JSON.stringify({ hello: 'world' }));
    expect(!notMsg.ok && notMsg.error.code).toBe('E_BAD_JSON');

    const ok = await roundTrip(ws, req('b5', 'vw:app.info', {}), 'b5');
    expect(ok.ok).toBe(true);
    ws.close();
  });

  it('fails requests in flight with E_HOST_CRASHED when the worker dies, then serves the next one', async () => {
    const ws = await connect(server.url.replace('http', 'ws') + 'ws');
    const before = host.state().restarts;
    // lab.image decodes on libuv's pool, so it is surely in flight once the host counts it.
    const inFlight = roundTrip(ws, req('c1', 'vw:lab.image', await labImageRequest()), 'c1');
    while (host.state().inFlight === 0) await new Promise((res) => setTimeout(res, 1));
    host.crashForTest();
    const r = await inFlight;
    expect(!r.ok && r.error.code).toBe('E_HOST_CRASHED');
    await host.whenReady();
    const after = await roundTrip(ws, req('c2', 'vw:app.hostState', {}), 'c2');
    expect(after.ok && (after.body as HostState).restarts).toBe(before + 1);
    const info = await roundTrip(ws, req('c3', 'vw:app.info', {}), 'c3');
    expect(info.ok).toBe(true);
    ws.close();
  });

  it('refuses cross-origin WebSocket upgrades', async () => {
    await expect(connect(server.url.replace('http', 'ws') + 'ws', { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });
});

describe('vws serve on a non-loopback address', () => {
  it('requires a token for HTTP and WebSocket', async () => {
    // 0.0.0.0 is not loopback, so a token is generated; we still connect through 127.0.0.1.
    const s = await startServer(host, { staticDir, host: '0.0.0.0', port: 0 });
    try {
      expect(s.token).toBeTruthy();
      const base = `http://127.0.0.1:${s.port}/`;
      expect((await fetch(base)).status).toBe(401);
      expect((await fetch(base + '?token=wrong')).status).toBe(401);
      expect((await fetch(`${base}?token=${s.token}`)).status).toBe(200);
      await expect(connect(`ws://127.0.0.1:${s.port}/ws`)).rejects.toThrow(/403/);
      const ws = await connect(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`);
      const r = await roundTrip(ws, req('t1', 'vw:app.info', {}), 't1');
      expect(r.ok).toBe(true);
      ws.close();
    } finally {
      await s.close();
    }
  });
});
