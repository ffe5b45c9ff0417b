import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_CSP } from '../../../main/host/csp';

const directives = (csp: string) =>
  csp
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .sort();

describe('one CSP', () => {
  it("renderer/index.html's meta policy is the header policy less frame-ancestors", () => {
    const html = fs.readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(directives(meta!)).toEqual(directives(APP_CSP).filter((d) => !d.startsWith('frame-ancestors')));
  });

  it('allows no inline or eval script, and no remote origin anywhere', () => {
    expect(APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(directives(APP_CSP)).toContain("script-src 'self'");
    expect(directives(APP_CSP)).toContain("object-src 'none'");
  });
});
