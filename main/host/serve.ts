/**
 * `vws serve`: the headless host. Serves the built renderer over HTTP and the
 * contract over a WebSocket at /ws of the same origin, through the same
 * validation and engine host as the desktop app.
 *
 * Security: binds 127.0.0.1 by default. Binding any other address requires a
 * token (generated and printed, or --token); the token is checked on every
 * HTTP request and on the WebSocket upgrade. The WebSocket also refuses
 * cross-origin upgrades, so a web page elsewhere cannot drive the engines.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientMessage, HostMessage } from '../../preload/wire';
import { decodeMessage, encodeMessage, WireFormatError } from '../../preload/wire';
import { toErrorPayload, VwError } from '../errors';
import { APP_CSP } from './csp';
import { Dispatcher, type DispatchOptions } from './dispatch';
import type { EngineHost } from './engine-host';

export interface ServeOptions extends DispatchOptions {
  host?: string;
  port?: number;
  /** Required for non-loopback hosts; generated when absent. */
  token?: string;
  /** Directory with the built renderer (index.html). */
  staticDir: string;
}

export interface RunningServer {
  url: string;
  /** The URL to open (with ?token=… when a token is required). */
  openUrl: string;
  token?: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function tokenFrom(req: http.IncomingMessage): string | undefined {
  const url = new URL(req.url ?? '/', 'http://x');
  const q = url.searchParams.get('token');
  if (q) return q;
  const cookie = req.headers.cookie ?? '';
  const m = /(?:^|;\s*)vws_token=([^;]+)/.exec(cookie);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/**
 * Start the headless host.
 *
 * @example
 *   const server = await startServer(host, { staticDir: 'out/renderer' });
 *   console.log(server.url); // http://127.0.0.1:41234/
 */
export async function startServer(engine: EngineHost, opts: ServeOptions): Promise<RunningServer> {
  const bindHost = opts.host ?? '127.0.0.1';
  const token = opts.token ?? (isLoopback(bindHost) ? undefined : randomBytes(18).toString('base64url'));
  const dispatcher = new Dispatcher(engine, opts);
  const staticDir = path.resolve(opts.staticDir);

  const authorized = (req: http.IncomingMessage): boolean => !token || sameToken(tokenFrom(req), token);

  const server = http.createServer((req, res) => {
    const headers: Record<string, string> = {
      'Content-Security-Policy': APP_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    if (!authorized(req)) {
      res.writeHead(401, { ...headers, 'Content-Type': 'text/plain' }).end('401: this host requires its token (?token=…)\n');
      return;
    }
    if (token) headers['Set-Cookie'] = `vws_token=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(staticDir, '.' + rel);
    if (!file.startsWith(staticDir + path.sep)) {
      res.writeHead(403, headers).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        const missingBuild = rel === '/index.html';
        res
          .writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
          .end(missingBuild ? `The renderer is not built in ${staticDir}. Run \`npm run build:renderer\`.\n` : 'not found\n');
        return;
      }
      res.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : data);
    });
  });

  // Allow a bit over the limit so we can answer E_PAYLOAD_TOO_LARGE instead of dropping the socket.
  const wss = new WebSocketServer({ noServer: true, maxPayload: dispatcher.maxPayloadBytes + 1024 * 1024 });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const origin = req.headers.origin;
    const hostHeader = req.headers.host;
    const crossOrigin = origin !== undefined && hostHeader !== undefined && new URL(origin).host !== hostHeader;
    if (url.pathname !== '/ws' || !authorized(req) || crossOrigin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const offEvents = engine.onEvent((ch, body) => {
    const msg = encodeMessage({ t: 'evt', ch, body } satisfies HostMessage);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    const mine = new Set<string>();
    const send = (m: HostMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(encodeMessage(m));
    };
    ws.on('close', () => {
      sockets.delete(ws);
      for (const id of mine) dispatcher.cancel(id);
    });
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      let msg: ClientMessage;
      try {
        dispatcher.checkSize(buf.length);
        const parsed = isBinary ? decodeMessage(new Uint8Array(buf.buffer, buf.byteOffset, buf.length)) : JSON.parse(buf.toString('utf8'));
        msg = parsed as ClientMessage;
        if (typeof msg !== 'object' || msg === null || (msg.t !== 'req' && msg.t !== 'cancel') || typeof msg.id !== 'string') {
          throw new VwError('E_BAD_JSON', 'A message must be {t:"req", id, ch, body} or {t:"cancel", id}.');
        }
      } catch (err) {
        const e =
          err instanceof VwError
            ? err
            : new VwError(
                'E_BAD_JSON',
                `Malformed message: ${err instanceof WireFormatError || err instanceof SyntaxError ? err.message : String(err)}`,
              );
        send({ t: 'res', id: peekId(buf) ?? '', ok: false, error: toErrorPayload(e) });
        return;
      }
      if (msg.t === 'cancel') {
        if (mine.has(msg.id)) dispatcher.cancel(msg.id);
        return;
      }
      const id = msg.id;
      mine.add(id);
      dispatcher
        .call(msg.ch, msg.body, id, buf.length)
        .then((body) => send({ t: 'res', id, ok: true, body }))
        .catch((err: unknown) => send({ t: 'res', id, ok: false, error: toErrorPayload(err) }))
        .finally(() => mine.delete(id));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const url = `http://${hostForUrl}:${port}/`;
  return {
    url,
    openUrl: token ? `${url}?token=${encodeURIComponent(token)}` : url,
    token,
    port,
    async close() {
      offEvents();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Best-effort request id from a message we could not fully parse. */
function peekId(buf: Buffer): string | undefined {
  const m = /"id"\s*:\s*"([^"]{1,100})"/.exec(buf.subarray(0, 4096).toString('utf8'));
  return m?.[1];
}
