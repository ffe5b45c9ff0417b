/**
 * `vws serve`: the headless host. Serves the built renderer over HTTP and the
 * contract over a WebSocket at /ws of the same origin, through the same
 * validation and engine host as the desktop app.
 *
 * Security (see README, "Security"):
 * - A token is required on every bind by default (generated and printed as
 *   part of the URL, or --token). A page load with ?token= trades it for an
 *   HttpOnly SameSite=Strict cookie and is redirected to the same URL without
 *   it. Only a loopback bind may opt out, explicitly (`noToken`).
 * - The Host header must name this server (loopback names, the bound address,
 *   or names allowed explicitly), so a DNS-rebinding page cannot reach it.
 * - WebSocket upgrades must come from this origin (or no Origin at all).
 * - Only regular files inside the built renderer are served.
 * - No request can throw out of a handler: every socket and request has an
 *   error listener, and malformed input gets 400/401/403/404/405 or a typed
 *   error message.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeMessage, type HostMessage } from '../../preload/wire';
import { VwError } from '../errors';
import { APP_CSP } from './csp';
import { Dispatcher, type DispatchOptions } from './dispatch';
import type { EngineHost } from './engine-host';
import {
  allowedHostNames,
  CONTENT_TYPES,
  cookieName,
  hostAllowed,
  isLoopback,
  MIN_TOKEN_LENGTH,
  originAllowed,
  sameToken,
  splitTarget,
  staticFile,
  tokenCandidates,
} from './http-guard';
import { serveSocket } from './ws-session';

export { isLoopback } from './http-guard';

export interface ServeOptions extends DispatchOptions {
  host?: string;
  port?: number;
  /** Access token; generated when absent. At least MIN_TOKEN_LENGTH characters. */
  token?: string;
  /** Serve without a token. Refused unless the bind address is loopback. */
  noToken?: boolean;
  /** Extra host names browsers may use to reach this server (e.g. a DNS name for a LAN bind). */
  allowHosts?: string[];
  /** Directory with the built renderer (index.html). */
  staticDir: string;
  /** Largest JSON text in a message (a text frame or a binary frame's header). Default 1 MiB. */
  maxJsonBytes?: number;
  /** Most requests one WebSocket may have in flight. Default 32. */
  maxInFlightPerSocket?: number;
  /** Most requests all WebSockets together may have in flight. Default 256. */
  maxInFlight?: number;
}

export interface RunningServer {
  url: string;
  /** The URL to open (with ?token=… when a token is required). */
  openUrl: string;
  token?: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;
/** The largest static file served (the renderer's bundles are far smaller). */
const MAX_STATIC_BYTES = 32 * 1024 * 1024;

const BASE_HEADERS = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** Check the token options; the reasons are for a person at a terminal. */
export function checkTokenOptions(bindHost: string, token: string | undefined, noToken: boolean | undefined): void {
  if (noToken && token !== undefined) throw new VwError('E_BAD_ARGUMENT', 'Give either a token or --no-token, not both.');
  if (noToken && !isLoopback(bindHost)) {
    throw new VwError(
      'E_BAD_ARGUMENT',
      `Serving without a token is only allowed on a loopback address; ${bindHost} is reachable from other machines.`,
      {
        hint: 'Drop --no-token (a token is generated and printed), or bind --host 127.0.0.1.',
      },
    );
  }
  if (token !== undefined && (token.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token))) {
    throw new VwError(
      'E_BAD_ARGUMENT',
      `The token must be at least ${MIN_TOKEN_LENGTH} printable characters without spaces; got ${token.length}.`,
      {
        hint: 'Leave --token out to have a strong one generated.',
      },
    );
  }
}

function plain(res: http.ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra }).end(text + '\n');
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  try {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  } catch {
    socket.destroy();
  }
}

/**
 * Start the headless host.
 *
 * @example
 *   const server = await startServer(host, { staticDir: 'out/renderer' });
 *   console.log(server.openUrl); // http://127.0.0.1:41234/?token=…
 */
export async function startServer(engine: EngineHost, opts: ServeOptions): Promise<RunningServer> {
  const bindHost = opts.host ?? '127.0.0.1';
  checkTokenOptions(bindHost, opts.token, opts.noToken);
  const token = opts.noToken ? undefined : (opts.token ?? randomBytes(18).toString('base64url'));
  const dispatcher = new Dispatcher(engine, opts);
  const staticDir = path.resolve(opts.staticDir);
  const allowed = allowedHostNames(bindHost, opts.allowHosts);
  const limits = {
    maxJsonBytes: opts.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES,
    maxInFlight: opts.maxInFlightPerSocket ?? 32,
    total: { inFlight: 0, max: opts.maxInFlight ?? 256 },
  };
  let port = 0;

  const authorized = (query: URLSearchParams, headers: http.IncomingHttpHeaders): boolean =>
    !token || tokenCandidates(query, headers, port).some((t) => sameToken(t, token));

  function onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!hostAllowed(req.headers.host, allowed)) {
      plain(res, 403, `403: this server does not answer to Host ${JSON.stringify(req.headers.host ?? '')}.`);
      return;
    }
    const target = splitTarget(req.url);
    if (!target) return plain(res, 400, '400: malformed request target');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, '405: only GET and HEAD', { Allow: 'GET, HEAD' });
    if (!authorized(target.query, req.headers))
      return plain(res, 401, '401: this server requires its token: open the URL `vws serve` printed.');
    const found = staticFile(staticDir, target.pathname);
    if (!found.ok) return plain(res, found.status, found.status === 400 ? '400: malformed path' : '404: not found');
    if (token && target.query.has('token')) {
      // Trade the token in the URL for a cookie, and take it out of the address bar and history.
      target.query.delete('token');
      const rest = target.query.toString();
      res
        .writeHead(303, {
          ...BASE_HEADERS,
          'Set-Cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          Location: target.pathname + (rest ? `?${rest}` : ''),
          'Cache-Control': 'no-store',
        })
        .end();
      return;
    }
    sendFile(req, res, found.file, target.pathname);
  }

  function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, pathname: string): void {
    fs.stat(file, (err, st) => {
      if (err || !st.isFile() || st.size > MAX_STATIC_BYTES) {
        const missingBuild = pathname === '/' || pathname === '/index.html';
        plain(
          res,
          404,
          missingBuild && err ? `404: the renderer is not built in ${staticDir}. Run \`npm run build:renderer\`.` : '404: not found',
        );
        return;
      }
      res.writeHead(200, {
        ...BASE_HEADERS,
        'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': String(st.size),
        'Cache-Control': 'no-cache',
      });
      if (req.method === 'HEAD') return void res.end();
      const stream = fs.createReadStream(file);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    });
  }

  const server = http.createServer((req, res) => {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    try {
      onRequest(req, res);
    } catch {
      if (!res.headersSent) plain(res, 500, '500: internal error');
      else res.destroy();
    }
  });
  // Malformed HTTP (bad request line, oversized headers): answer 400 and drop the connection.
  server.on('clientError', (_err, socket: Duplex) => {
    if ((socket as Socket).writable) refuseUpgrade(socket, 400, 'Bad Request');
    else socket.destroy();
  });
  server.on('connection', (socket) => socket.on('error', () => undefined));

  const wss = new WebSocketServer({ noServer: true, maxPayload: dispatcher.maxPayloadBytes + 1024 * 1024 });
  wss.on('error', () => undefined);
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    try {
      if (!hostAllowed(req.headers.host, allowed)) return refuseUpgrade(socket, 403, 'Forbidden');
      const target = splitTarget(req.url);
      if (!target) return refuseUpgrade(socket, 400, 'Bad Request');
      if (target.pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
      const origin = req.headers.origin;
      if (!originAllowed(origin, req.headers.host)) return refuseUpgrade(socket, 403, 'Forbidden');
      if (!authorized(target.query, req.headers)) return refuseUpgrade(socket, 401, 'Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        serveSocket(ws, dispatcher, limits);
      });
    } catch {
      socket.destroy();
    }
  });

  const offEvents = engine.onEvent((ch, body) => {
    if (sockets.size === 0) return;
    let bytes: Uint8Array;
    try {
      bytes = encodeMessage({ t: 'evt', ch, body: unscoped(body) } as HostMessage);
    } catch {
      return;
    }
    for (const ws of sockets) {
      if (ws.readyState !== ws.OPEN) continue;
      try {
        ws.send(bytes, () => undefined);
      } catch {
        // a socket closing under us: nothing to tell it
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => {
      server.off('error', reject);
      server.on('error', () => undefined);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
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
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Per-socket request ids ("ws3:abc") go back to clients as the id they sent ("abc"). */
function unscoped(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const rid = (body as { requestId?: unknown }).requestId;
  if (typeof rid !== 'string') return body;
  const m = /^ws\d+:/.exec(rid);
  return m ? { ...body, requestId: rid.slice(m[0].length) } : body;
}
