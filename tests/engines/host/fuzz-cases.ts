/**
 * Malformed input for the host fuzz test, from a seeded generator so a failure
 * can be replayed: raw HTTP requests, WebSocket upgrades, raw WebSocket frames
 * (protocol violations) and well-framed messages with hostile content
 * (broken wire headers, wrong shapes, every channel with type-confused bodies).
 */
import { CHANNELS } from '../../../preload/channels';
import { encodeMessage } from '../../../preload/wire';
import { wsFrame } from '../../unit/host/raw';

export type Rng = () => number;

/** mulberry32: small, seeded, good enough to pick cases. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const bytes = (r: Rng, n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(r, 0, 255)));

const NASTY_STRINGS = [
  '',
  '%',
  '%ff',
  '%zz',
  '%00',
  '\u0000',
  '..',
  '../..',
  '%2e%2e%2f',
  '..%5c',
  '//',
  '/etc/passwd',
  '/dev/zero',
  '/proc/self/environ',
  'C:\\Windows\\win.ini',
  '\ud800',
  '😀',
  'x'.repeat(5000),
  '{"t":"req"}',
  '__proto__',
  'constructor',
  '<svg onload=alert(1)>',
  'null',
  'NaN',
  '-1',
  '1e309',
];

/** Percent-encode every byte (lone surrogates included, which encodeURIComponent refuses). */
const pct = (s: string): string => [...Buffer.from(s)].map((b) => '%' + b.toString(16).padStart(2, '0')).join('');

const PATH_PIECES = [
  '%',
  '%ff',
  '%zz',
  '%00',
  '..',
  '%2e%2e',
  '.env',
  '.git',
  'index.html',
  'assets',
  '%c0%af',
  '\\',
  ';',
  '?',
  '#',
  'ws',
  '~',
  '%25',
];

/** A random request target: mostly paths assembled from nasty pieces. */
function target(r: Rng, token: string): string {
  const kind = int(r, 0, 9);
  if (kind === 0) return pick(r, ['*', 'http://x/', 'http://rebind.example/', '', ' ', '/\u0000', 'ws', '//' + 'a'.repeat(9000)]);
  const parts = Array.from({ length: int(r, 1, 6) }, () => pick(r, PATH_PIECES));
  const q = r() < 0.5 ? `?token=${r() < 0.6 ? token : pick(r, NASTY_STRINGS.map(pct))}` : r() < 0.2 ? '?%zz=%' : '';
  return '/' + parts.join(r() < 0.7 ? '/' : '') + q;
}

function hostHeader(r: Rng, port: number): string | undefined {
  return pick(r, [
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    `rebind.example:${port}`,
    `[::1]:${port}`,
    '',
    '[',
    'a:b:c',
    `127.0.0.1:${port}:${port}`,
    'x'.repeat(400),
    undefined,
  ]);
}

function headerLines(h: Record<string, string | undefined>): string {
  return Object.entries(h)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
}

/** One raw HTTP request (possibly not HTTP at all). */
export function httpCase(r: Rng, port: number, token: string): Buffer {
  const k = int(r, 0, 11);
  if (k === 0) return bytes(r, int(r, 1, 300));
  if (k === 1) return Buffer.from(`GET ${target(r, token)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`); // never finished: the server must time out or answer on close
  const method = r() < 0.75 ? 'GET' : pick(r, ['HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'GE T', 'X'.repeat(300)]);
  const cookie = pick(r, [
    `vws_token_${port}=${token}`,
    `vws_token_${port}=%`,
    `vws_token_${port}=%E0%A4%A`,
    `vws_token_${port}=${token}x`,
    ';;;=',
    'a'.repeat(3000),
    undefined,
  ]);
  const headers: Record<string, string | undefined> = {
    Host: hostHeader(r, port),
    Cookie: cookie,
    Authorization: r() < 0.2 ? pick(r, [`Bearer ${token}`, 'Bearer ', 'Basic x', `Bearer ${'%'.repeat(600)}`]) : undefined,
    Origin: r() < 0.2 ? pick(r, ['null', 'http://evil.example', 'http://[', `http://127.0.0.1:${port}`]) : undefined,
    'Content-Length': method === 'POST' ? pick(r, ['5', '-1', 'abc', '99999999999999999999']) : undefined,
    'Transfer-Encoding': r() < 0.05 ? 'chunked, chunked' : undefined,
    Connection: 'close',
  };
  const body = method === 'POST' ? 'hello' : '';
  return Buffer.from(`${method} ${target(r, token)} HTTP/1.1\r\n${headerLines(headers)}\r\n\r\n${body}`, 'latin1');
}

/** One WebSocket upgrade attempt with hostile headers. */
export function upgradeCase(r: Rng, port: number, token: string): Buffer {
  const headers: Record<string, string | undefined> = {
    Host: hostHeader(r, port),
    Upgrade: pick(r, ['websocket', 'WebSocket', 'h2c', '', undefined]),
    Connection: pick(r, ['Upgrade', 'upgrade, keep-alive', 'close', undefined]),
    'Sec-WebSocket-Key': pick(r, ['dGhlIHNhbXBsZSBub25jZQ==', '', 'short', '%%%%', undefined]),
    'Sec-WebSocket-Version': pick(r, ['13', '8', 'x', undefined]),
    'Sec-WebSocket-Extensions': r() < 0.2 ? pick(r, ['permessage-deflate; client_max_window_bits=99', '"', 'x; y=;']) : undefined,
    Origin: pick(r, [
      undefined,
      'null',
      'http://evil.example',
      'http://[',
      'file://',
      `http://127.0.0.1:${port}`,
      `http://rebind.example:${port}`,
      '\u00ff',
    ]),
    Cookie: r() < 0.3 ? `vws_token_${port}=${pick(r, [token, '%', ''])}` : undefined,
  };
  const path = r() < 0.6 ? `/ws?token=${r() < 0.7 ? token : pick(r, ['', '%', 'x'])}` : target(r, token);
  return Buffer.from(`GET ${path} HTTP/1.1\r\n${headerLines(headers)}\r\n\r\n`, 'latin1');
}

/** One raw frame that breaks the WebSocket protocol (the server must close that socket, nothing else). */
export function rawFrameCase(r: Rng): Buffer {
  const k = int(r, 0, 7);
  if (k === 0) return wsFrame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0xc0, 0x80, 0x7d])); // invalid UTF-8
  if (k === 1) return wsFrame(pick(r, [0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf]), bytes(r, int(r, 0, 40)));
  if (k === 2) return wsFrame(int(r, 1, 2), bytes(r, 10), true, int(r, 1, 7)); // reserved bits
  if (k === 3) return wsFrame(0x9, bytes(r, 200)); // control frame over 125 bytes
  if (k === 4) return wsFrame(0x8, bytes(r, 1)); // close with a 1-byte payload
  if (k === 5) return Buffer.concat([wsFrame(0x1, Buffer.from('{"t":'), false), wsFrame(0x1, Buffer.from('"req"}'))]); // new message inside a fragment
  if (k === 6) return wsFrame(0x0, Buffer.from('continuation without a start'));
  // An unmasked frame claiming an absurd length.
  const b = Buffer.alloc(10);
  b[0] = 0x82;
  b[1] = 127;
  b.writeBigUInt64BE(0x7fffffffffffffffn, 2);
  return b;
}

/** A random JSON value (no deeper than `depth`), with some bytes in it. */
function value(r: Rng, depth = 3): unknown {
  const k = int(r, 0, depth > 0 ? 9 : 6);
  switch (k) {
    case 0:
      return null;
    case 1:
      return pick(r, [0, -1, 1.5, 1e308, -1e308, 2 ** 53, 1e-320, 3]);
    case 2:
      return pick(r, NASTY_STRINGS);
    case 3:
      return r() < 0.5;
    case 4:
      return new Uint8Array(bytes(r, int(r, 0, 64)));
    case 5:
      return pick(r, ['../../etc/passwd', '/dev/zero', '/etc/shadow', 'obama', 'centernet', 'ultraface']);
    case 6:
      return int(r, -5, 5000);
    case 7:
    case 8: {
      const o: Record<string, unknown> = {};
      const keys = [
        'image',
        'frame',
        'model',
        'id',
        'personId',
        'faceId',
        'name',
        'width',
        'height',
        'data',
        'filter',
        'padding',
        'stride',
        'size',
        'jobId',
        'tau',
        'path',
        'threshold',
        'embedding',
        'bytes',
        '__proto__',
      ];
      // defineProperty, so a '__proto__' key is an own key (as JSON.parse makes it on the server), not a prototype.
      for (let i = int(r, 0, 5); i > 0; i--)
        Object.defineProperty(o, pick(r, keys), { value: value(r, depth - 1), enumerable: true, writable: true, configurable: true });
      return o;
    }
    default:
      return Array.from({ length: int(r, 0, 6) }, () => value(r, depth - 1));
  }
}

/** Channels left out of type-confused bodies: they accept `{}` and then work for minutes by design (their budgets are separate). */
const SLOW_BY_DESIGN = new Set(['vw:models.prepare']);
const FUZZ_CHANNELS = CHANNELS.filter((c) => !SLOW_BY_DESIGN.has(c));

/** A well-framed message with hostile content; `expectsAnswer` is false only for a cancel. */
export function messageCase(r: Rng, id: string): { data: Buffer | string; expectsAnswer: boolean } {
  const k = int(r, 0, 9);
  if (k <= 3) {
    const ch = r() < 0.9 ? pick(r, FUZZ_CHANNELS) : pick(r, ['vw:nope.x', '', 'vw:app.info\u0000', '__proto__', 'toString']);
    const msg = { t: 'req', id, ch, body: value(r) };
    return {
      data: r() < 0.7 ? Buffer.from(encodeMessage(msg)) : JSON.stringify(msg, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v)),
      expectsAnswer: true,
    };
  }
  if (k === 4) {
    // A valid message with bytes flipped or the header length lied about.
    const buf = Buffer.from(
      encodeMessage({ t: 'req', id, ch: 'vw:lab.image', body: { image: new Uint8Array(bytes(r, 32)), padding: 0, stride: 1 } }),
    );
    if (r() < 0.5) buf.writeUInt32LE(pick(r, [0, 1, 3, buf.length, 0xffffffff, 0x7fffffff]), 0);
    else for (let i = int(r, 1, 4); i > 0; i--) buf[int(r, 4, buf.length - 1)] = int(r, 0, 255);
    return { data: buf, expectsAnswer: true };
  }
  if (k === 5) return { data: bytes(r, int(r, 0, 64)), expectsAnswer: true };
  if (k === 6)
    return {
      data: pick(r, [
        '',
        '{',
        '[]',
        'null',
        '1',
        '"x"',
        '{"t":"req"}',
        '{"t":"req","id":5}',
        '{"t":"res","id":"x"}',
        '['.repeat(3000) + ']'.repeat(3000),
      ]),
      expectsAnswer: true,
    };
  if (k === 7) {
    const cancelId = pick(r, [id, 'nope', '']);
    return { data: JSON.stringify({ t: 'cancel', id: cancelId }), expectsAnswer: cancelId === '' };
  }
  if (k === 8 && r() < 0.3) {
    // A JSON body with a large array: must be refused by the JSON cap, not parsed into a gigabyte.
    return {
      data: `{"t":"req","id":"${id}","ch":"vw:lab.convolve","body":{"input":{"rows":1,"cols":1,"data":[${'1,'.repeat(int(r, 100_000, 600_000))}1]}}}`,
      expectsAnswer: true,
    };
  }
  return { data: JSON.stringify({ t: 'req', id: pick(r, ['', 'x'.repeat(101), id]), ch: 'vw:app.info', body: {} }), expectsAnswer: true };
}
