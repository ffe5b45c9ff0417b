/**
 * The headless host against a real engine worker: who may connect (token,
 * Host, Origin), what malformed HTTP and WebSocket input gets (a status code,
 * a closed socket or a typed error — never a dead process), and that it keeps
 * serving afterwards (also after the worker crashed).
 */
import fs from 'node:fs';
import net from 'node:net';
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
import { get, upgradeHeaders, wsFrame } from './raw';
import { labImageRequest } from './requests';

let host: EngineHost;
let server: RunningServer;
let staticDir: string;
let wsUrl: string;
const LIMIT = 256 * 1024;
const JSON_LIMIT = 64 * 1024;

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

/** Open a raw socket, upgrade it, send `bytes`, and report the close code the server sends (or 'open'). */
function rawWs(port: number, token: string, bytes: Buffer): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const h = upgradeHeaders(port);
    let buf = Buffer.alloc(0);
    let upgraded = false;
    const timer = setTimeout(() => {
      sock.destroy();
      resolve('open');
    }, 2000);
    sock.on('error', () => undefined);
    sock.on('data', (b) => {
      buf = Buffer.concat([buf, b]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        upgraded = true;
        buf = buf.subarray(end + 4);
        sock.write(bytes);
      }
      // A server close frame: 0x88, length, 2-byte code.
      const i = buf.indexOf(0x88);
      if (i >= 0 && buf.length >= i + 4) {
        clearTimeout(timer);
        sock.destroy();
        resolve(buf.readUInt16BE(i + 2));
      }
    });
    sock.write(
      `GET /ws?token=${token} HTTP/1.1\r\n${Object.entries(h)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n')}\r\n\r\n`,
    );
  });
}

const req = (id: string, ch: string, body: unknown): Uint8Array => encodeMessage({ t: 'req', id, ch, body });

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>vws</title>');
  fs.writeFileSync(path.join(staticDir, '.env'), 'SECRET=1');
  const paths = resolvePaths({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'vws-data-')) });
  host = new EngineHost(() => nodeWorkerTransport(), { kind: 'worker_threads', init: { paths } });
  server = await startServer(host, { staticDir, port: 0, maxPayloadBytes: LIMIT, maxJsonBytes: JSON_LIMIT });
  wsUrl = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
});

afterAll(async () => {
  await server?.close();
  await host?.dispose();
});

describe('vws serve: who may connect', () => {
  it('requires a token on loopback too, and trades the URL token for an HttpOnly SameSite=Strict cookie', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.token!.length).toBeGreaterThanOrEqual(16);
    expect(server.openUrl).toBe(`${server.url}?token=${server.token}`);
    expect((await fetch(server.url)).status).toBe(401);
    expect((await fetch(server.url + '?token=wrong')).status).toBe(401);
    const first = await fetch(server.openUrl, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^vws_token_${server.port}=${server.token};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await fetch(server.url, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>vws</title>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    // The WebSocket accepts the same cookie.
    (await connect(`ws://127.0.0.1:${server.port}/ws`, { cookie: cookie.split(';')[0]! })).close();
    await expect(connect(`ws://127.0.0.1:${server.port}/ws`)).rejects.toThrow(/401/);
  });

  it('refuses a Host it does not answer to (DNS rebinding), for pages and for the WebSocket', async () => {
    const cookie = `vws_token_${server.port}=${server.token}`;
    expect((await get(server.port, '/', { Cookie: cookie })).status).toBe(200);
    expect((await get(server.port, '/', { Cookie: cookie, Host: `localhost:${server.port}` })).status).toBe(200);
    expect((await get(server.port, '/', { Cookie: cookie, Host: `rebind.example:${server.port}` })).status).toBe(403);
    expect((await get(server.port, '/', { Cookie: cookie, Host: '' })).status).toBe(403);
    await expect(connect(wsUrl, { Host: `rebind.example:${server.port}`, Origin: `http://rebind.example:${server.port}` })).rejects.toThrow(
      /403/,
    );
  });

  it('refuses cross-origin, "null" and unparsable Origins on upgrade', async () => {
    for (const origin of ['http://evil.example', 'null', 'http://[', 'file://', `ftp://127.0.0.1:${server.port}`]) {
      await expect(connect(wsUrl, { Origin: origin })).rejects.toThrow(/403/);
    }
    (await connect(wsUrl, { Origin: `http://127.0.0.1:${server.port}` })).close();
  });

  it('refuses empty, short and missing tokens where they matter', async () => {
    await expect(startServer(host, { staticDir, token: '' })).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    await expect(startServer(host, { staticDir, token: 'short' })).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    await expect(startServer(host, { staticDir, host: '0.0.0.0', noToken: true })).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    const open = await startServer(host, { staticDir, noToken: true });
    try {
      expect(open.token).toBeUndefined();
      expect((await fetch(open.url)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('vws serve: malformed input never ends the process', () => {
  it('answers malformed paths 400, unknown and hidden ones 404, other methods 405', async () => {
    const cookie = { Cookie: `vws_token_${server.port}=${server.token}` };
    const cases: [string, number][] = [
      ['/%', 400],
      ['/%ff', 400],
      ['/a%zz', 400],
      ['/index.html%00.png', 400],
      ['/..%5c..%5cetc%5cpasswd', 400],
      ['//', 200],
      ['/../../etc/passwd', 404],
      ['/..%2f..%2fetc%2fpasswd', 404],
      ['/.env', 404],
      ['/nope.js', 404],
      ['http://x/', 400],
      ['*', 400],
    ];
    for (const [target, status] of cases) expect([target, (await get(server.port, target, cookie)).status]).toEqual([target, status]);
    expect((await get(server.port, '/', { Cookie: `vws_token_${server.port}=%` })).status).toBe(401);
    expect((await get(server.port, '/', { Cookie: `vws_token_${server.port}=%E0%A4%A` })).status).toBe(401);
    expect((await fetch(server.openUrl, { method: 'POST' })).status).toBe(405);
    expect((await fetch(server.url, { headers: cookie })).status).toBe(200);
  });

  it('closes a socket that sends invalid frames with the matching code, and keeps serving', async () => {
    const badUtf8 = wsFrame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(await rawWs(server.port, server.token!, badUtf8)).toBe(1007);
    expect(await rawWs(server.port, server.token!, wsFrame(0x2, Buffer.alloc(LIMIT + 1024 * 1024 + 1)))).toBe(1009);
    expect(await rawWs(server.port, server.token!, wsFrame(0x3, Buffer.from('x')))).toBe(1002);
    expect(await rawWs(server.port, server.token!, wsFrame(0x1, Buffer.from('{}'), true, 4))).toBe(1002);
    const ws = await connect(wsUrl);
    expect((await roundTrip(ws, req('after', 'vw:app.info', {}), 'after')).ok).toBe(true);
    ws.close();
  });

  it('answers malformed messages with typed errors and keeps the socket', async () => {
    const ws = await connect(wsUrl);
    const code = async (data: Uint8Array | string, id?: string): Promise<string> => {
      const r = await roundTrip(ws, data, id);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code('{"t":"req", "id": "b1", ')).toBe('E_BAD_JSON');
    expect(await code(req('b2', 'vw:nope.nothing', {}), 'b2')).toBe('E_UNKNOWN_CHANNEL');
    expect(await code(req('b3', 'vw:app.info', { extra: 1 }), 'b3')).toBe('E_INVALID_PAYLOAD');
    expect(await code(req('b4', 'vw:app.info', { blob: new Uint8Array(LIMIT + 1) }), 'b4')).toBe('E_PAYLOAD_TOO_LARGE');
    expect(await code(JSON.stringify({ hello: 'world' }))).toBe('E_BAD_JSON');
    expect(await code(JSON.stringify({ t: 'req', id: 'b5', ch: 'vw:app.info', body: { a: 'x'.repeat(JSON_LIMIT) } }))).toBe(
      'E_PAYLOAD_TOO_LARGE',
    );
    expect(await code('['.repeat(5000) + ']'.repeat(5000))).toBe('E_BAD_JSON');
    expect(await code(JSON.stringify({ t: 'req', id: 'x'.repeat(101), ch: 'vw:app.info', body: {} }))).toBe('E_BAD_JSON');
    const head = Buffer.alloc(8);
    head.writeUInt32LE(0xffffffff, 0);
    expect(await code(head)).toBe('E_PAYLOAD_TOO_LARGE');
    expect(await code(Buffer.from([1, 0]))).toBe('E_BAD_JSON');
    expect(await code(req('b6', 'vw:app.info', {}), 'b6')).toBe('ok');
    ws.close();
  });

  it('scopes request ids per socket: two clients may use the same id', async () => {
    const [a, b] = await Promise.all([connect(wsUrl), connect(wsUrl)]);
    const [ra, rb] = await Promise.all([
      roundTrip(a, req('same', 'vw:app.info', {}), 'same'),
      roundTrip(b, req('same', 'vw:app.info', {}), 'same'),
    ]);
    expect(ra.ok && rb.ok).toBe(true);
    a.close();
    b.close();
  });

  it('caps requests in flight per socket and per server with E_RESOURCE', async () => {
    const s = await startServer(host, { staticDir, port: 0, maxInFlightPerSocket: 2, maxInFlight: 3 });
    try {
      const url = `ws://127.0.0.1:${s.port}/ws?token=${s.token}`;
      const [a, b] = await Promise.all([connect(url), connect(url)]);
      const codes = (ws: WebSocket, ids: string[]) =>
        Promise.all(ids.map((id) => roundTrip(ws, req(id, 'vw:app.info', {}), id))).then((rs) =>
          rs.map((r) => (r.ok ? 'ok' : r.error.code)),
        );
      // The engine is kept busy, so nothing finishes while the caps are tested: a's third is over its own cap,
      // then b's second is over the server's (a holds two, b one).
      host.hangForTest(1500);
      const ra = codes(a, ['a1', 'a2', 'a3']);
      await new Promise((r) => setTimeout(r, 200));
      const rb = codes(b, ['b1', 'b2']);
      expect(await ra).toEqual(['ok', 'ok', 'E_RESOURCE']);
      expect(await rb).toEqual(['ok', 'E_RESOURCE']);
      expect((await roundTrip(b, req('b3', 'vw:app.info', {}), 'b3')).ok).toBe(true);
      a.close();
      b.close();
    } finally {
      await s.close();
    }
  });

  it('fails requests in flight with E_HOST_CRASHED when the worker dies, then serves the next one', async () => {
    const ws = await connect(wsUrl);
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
});

describe('vws serve on a non-loopback address', () => {
  it('requires a token for HTTP and WebSocket, and answers to this machine’s addresses only', async () => {
    // 0.0.0.0 is not loopback; we still connect through 127.0.0.1.
    const s = await startServer(host, { staticDir, host: '0.0.0.0', port: 0, allowHosts: ['vws.lan'] });
    try {
      expect(s.token).toBeTruthy();
      const base = `http://127.0.0.1:${s.port}/`;
      expect((await fetch(base)).status).toBe(401);
      expect((await fetch(base + '?token=wrong')).status).toBe(401);
      expect((await fetch(`${base}?token=${s.token}`, { redirect: 'manual' })).status).toBe(303);
      expect((await fetch(base, { headers: { cookie: `vws_token_${s.port}=${s.token}` } })).status).toBe(200);
      expect((await get(s.port, `/?token=${s.token}`, { Host: `vws.lan:${s.port}` })).status).toBe(303);
      expect((await get(s.port, `/?token=${s.token}`, { Host: `${os.hostname()}:${s.port}` })).status).toBe(303);
      expect((await get(s.port, `/?token=${s.token}`, { Host: `evil.example:${s.port}` })).status).toBe(403);
      await expect(connect(`ws://127.0.0.1:${s.port}/ws`)).rejects.toThrow(/401/);
      const ws = await connect(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`);
      const r = await roundTrip(ws, req('t1', 'vw:app.info', {}), 't1');
      expect(r.ok).toBe(true);
      ws.close();
    } finally {
      await s.close();
    }
  });
});
