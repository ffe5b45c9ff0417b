/**
 * The renderer is served from a privileged custom scheme, app://bundle/,
 * instead of file:// — with file: every local file shares one origin and the
 * permission check sees the origin "null". Only regular files inside the built
 * renderer are answered (the same path rules as `vws serve`), each with the
 * app's CSP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { protocol, type Session } from 'electron';
import { APP_CSP } from '../host/csp';
import { CONTENT_TYPES, staticFile } from '../host/http-guard';

import { APP_HOST, APP_SCHEME } from './security';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

/** Answer app://bundle/<path> from `rendererDir`. */
export function serveAppScheme(session: Session, rendererDir: string): void {
  const root = path.resolve(rendererDir);
  session.protocol.handle(APP_SCHEME, async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new Response(null, { status: 400 });
    }
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response(null, { status: 404 });
    const target = staticFile(root, url.pathname);
    if (!target.ok) return new Response(null, { status: target.status });
    try {
      const st = await fs.promises.stat(target.file);
      if (!st.isFile()) return new Response(null, { status: 404 });
      const body = await fs.promises.readFile(target.file);
      return new Response(body, {
        headers: {
          'Content-Type': CONTENT_TYPES[path.extname(target.file)] ?? 'application/octet-stream',
          'Content-Security-Policy': APP_CSP,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}
