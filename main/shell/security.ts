/**
 * Window hardening: strict CSP, no navigation, no new windows, and a
 * permission handler that grants only the camera, only to the app's own pages.
 */
import type { BrowserWindow, Session } from 'electron';
import { APP_CSP } from '../host/csp';

/** The packaged renderer's scheme and host (served by shell/app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Is `url` one of the app's own pages (app://bundle/… when packaged, the dev
 * server in development)? Scheme and host are compared, not `URL.origin`: for
 * a custom scheme that is the string "null", equal for every such URL.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const u = new URL(url);
    const a = new URL(appUrl);
    return u.protocol === a.protocol && u.host === a.host && u.host !== '';
  } catch {
    return false;
  }
}

export function hardenSession(session: Session, appUrl: () => string): void {
  session.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } });
  });
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const videoOnly = permission === 'media' && (details as { mediaTypes?: string[] }).mediaTypes?.every((t) => t === 'video') === true;
    callback(videoOnly && isAppUrl(details.requestingUrl, appUrl()));
  });
  // Keyed to the app's scheme and host: an origin of "null" (file:, sandboxed frames) never matches.
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permission === 'media' && isAppUrl(requestingOrigin, appUrl()));
}

export function hardenWindow(win: BrowserWindow, appUrl: () => string): void {
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url, appUrl())) e.preventDefault();
  });
  win.webContents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url, appUrl())) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
}
