/**
 * The one Content-Security-Policy for the renderer, sent by the Electron shell
 * and by `vws serve` alike. renderer/index.html carries the same as a meta tag,
 * less `frame-ancestors` (which a meta tag cannot set); a unit test keeps the two equal.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
