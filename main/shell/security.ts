/**
 * Window hardening: strict CSP, no navigation, no new windows, and a
 * permission handler that grants only the camera, only to the app's own pages.
 */
import type { BrowserWindow, Session } from 'electron';
import { APP_CSP } from '../host/csp';

/** Is `url` one of the app's own pages (the packaged file or the dev server)? */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const u = new URL(url);
    const a = new URL(appUrl);
    if (a.protocol === 'file:') return u.protocol === 'file:' && u.pathname === a.pathname;
    return u.origin === a.origin;
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
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => {
    if (permission !== 'media') return false;
    return isAppUrl(requestingOrigin, appUrl()) || new URL(appUrl()).origin === requestingOrigin;
  });
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
