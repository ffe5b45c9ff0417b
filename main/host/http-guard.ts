/**
 * Who may talk to `vws serve`, decided from the raw request without anything
 * that can throw: the Host header against an allowlist (DNS rebinding), the
 * Origin of a WebSocket upgrade, the token (query, cookie or bearer header),
 * and the request path mapped into the built renderer (or refused).
 *
 * Every function here is total: malformed input gives a refusal, never an
 * exception, because one uncaught throw in a request handler ends the process.
 */
import { timingSafeEqual } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/** The shortest token `vws serve` accepts (a generated one is 24 characters). */
export const MIN_TOKEN_LENGTH = 16;

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** Lower-case host name without port or IPv6 brackets; undefined for anything malformed. */
export function hostName(hostHeader: string | undefined): string | undefined {
  if (!hostHeader || hostHeader.length > 300) return undefined;
  const h = hostHeader.trim().toLowerCase();
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(h);
  if (v6) return v6[1];
  const m = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(h);
  return m ? m[1] : undefined;
}

/**
 * The names a browser may use to reach this server: loopback names, the bound
 * address, and — when bound to every interface — this machine's addresses and
 * host name, plus any the user allowed explicitly (e.g. a DNS name).
 */
export function allowedHostNames(bindHost: string, extra: readonly string[] = []): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  const bound = bindHost.replace(/^\[|\]$/g, '').toLowerCase();
  if (isWildcard(bindHost)) {
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(a.address.toLowerCase());
    names.add(os.hostname().toLowerCase());
  } else names.add(bound);
  for (const e of extra) names.add(e.replace(/^\[|\]$/g, '').toLowerCase());
  return names;
}

/** Is the Host header one of ours? Loopback 127.x names are always fine. */
export function hostAllowed(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  const name = hostName(hostHeader);
  if (name === undefined) return false;
  return allowed.has(name) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * A WebSocket upgrade's Origin must be absent (a non-browser client) or the
 * exact http(s) origin of the Host it was sent to. "null" (sandboxed frames,
 * file: pages) and anything unparsable are refused.
 */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  return hostHeader !== undefined && u.host === hostHeader.toLowerCase();
}

/** Constant-time comparison; false for anything that is not a string. */
export function sameToken(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length === 0 || a.length > 512) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Cookie names are not port-scoped by browsers, so the port is part of the name. */
export function cookieName(port: number): string {
  return `vws_token_${port}`;
}

/** Split a raw request target into path and query; undefined if it is not origin-form. */
export function splitTarget(target: string | undefined): { pathname: string; query: URLSearchParams } | undefined {
  if (!target || target[0] !== '/' || target.length > 8192) return undefined;
  const q = target.indexOf('?');
  const pathname = q < 0 ? target : target.slice(0, q);
  let query: URLSearchParams;
  try {
    query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  } catch {
    return undefined;
  }
  return { pathname, query };
}

/** The token a request carries: ?token=, then `Authorization: Bearer`, then the cookie. */
export function tokenCandidates(query: URLSearchParams, headers: { cookie?: string; authorization?: string }, port: number): string[] {
  const out: string[] = [];
  const q = query.get('token');
  if (q) out.push(q);
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) out.push(auth.slice(7).trim());
  const name = cookieName(port);
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) out.push(part.slice(eq + 1).trim());
  }
  return out;
}

/** Content types of the files the built renderer holds. */
export const CONTENT_TYPES: Record<string, string> = {
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

export type StaticTarget = { ok: true; file: string } | { ok: false; status: 400 | 404 };

/**
 * Map a request path to a file inside `root` (the built renderer), or say why
 * not: 400 for a path that does not decode or holds a NUL/backslash, 404 for
 * one that leaves the root or names a dot-file.
 */
export function staticFile(root: string, pathname: string): StaticTarget {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (rel.includes('\0') || rel.includes('\\') || !rel.startsWith('/')) return { ok: false, status: 400 };
  if (rel.endsWith('/')) rel += 'index.html';
  const parts = rel.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '..' || p.startsWith('.'))) return { ok: false, status: 404 };
  const file = path.join(root, ...parts);
  if (!file.startsWith(root + path.sep)) return { ok: false, status: 404 };
  return { ok: true, file };
}
