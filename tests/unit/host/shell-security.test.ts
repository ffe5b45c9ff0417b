/** The shell's notion of "the app's own page": scheme and host, never URL.origin (which is "null" for every custom-scheme and file: URL). */
import { describe, expect, it } from 'vitest';
import { APP_ENTRY, isAppUrl } from '../../../main/shell/security';

describe('isAppUrl', () => {
  it('accepts the app:// bundle and the dev server, nothing that merely shares an opaque origin', () => {
    expect(APP_ENTRY).toBe('app://bundle/index.html');
    for (const url of ['app://bundle/index.html', 'app://bundle/#/faces', 'app://bundle'])
      expect([url, isAppUrl(url, APP_ENTRY)]).toEqual([url, true]);
    for (const url of ['null', 'file:///index.html', 'app://other/index.html', 'foo://bundle/index.html', 'http://bundle/', '', 'app:']) {
      expect([url, isAppUrl(url, APP_ENTRY)]).toEqual([url, false]);
    }
    expect(isAppUrl('http://localhost:5173/#/live', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});
