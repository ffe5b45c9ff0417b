/** Which encoded images are accepted: JPEG, PNG, WebP and a GIF's first frame; SVG and everything else are E_BAD_IMAGE. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, probeImage, sniffFormat } from '../../../main/imaging/decode';

const base = () => sharp({ create: { width: 8, height: 6, channels: 3, background: '#ff0000' } });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string; message?: string; hint?: string }) => `${e.code}: ${e.message} ${e.hint ?? ''}`,
  );

describe('image formats', () => {
  it('decodes JPEG, PNG, WebP and GIF (first frame)', async () => {
    for (const [fmt, bytes] of [
      ['jpeg', await base().jpeg().toBuffer()],
      ['png', await base().png().toBuffer()],
      ['webp', await base().webp().toBuffer()],
      ['gif', await base().gif().toBuffer()],
    ] as const) {
      const u8 = new Uint8Array(bytes);
      expect(sniffFormat(u8)).toBe(fmt);
      expect(await probeImage(u8)).toEqual({ width: 8, height: 6, format: fmt });
      const px = await decodeImage(u8);
      expect([px.width, px.height, px.data.length]).toEqual([8, 6, 8 * 6 * 3]);
      expect(px.data[0]).toBeGreaterThan(200); // red survives every codec
    }
  });

  it('refuses SVG, TIFF and other formats with E_BAD_IMAGE naming the accepted ones', async () => {
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><image href="file:///etc/passwd"/></svg>',
    );
    const tiff = new Uint8Array(await base().tiff().toBuffer());
    const xmlSvg = new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>');
    for (const bytes of [svg, xmlSvg, tiff, new TextEncoder().encode('%PDF-1.4')]) {
      expect(sniffFormat(bytes)).toBeUndefined();
      const got = await codeOf(decodeImage(bytes));
      expect(got).toMatch(/^E_BAD_IMAGE: Not a JPEG, PNG, WebP or GIF image\./);
      expect(got).toMatch(/SVG/);
    }
  });

  it('refuses a file whose first bytes lie about its format', async () => {
    const png = await base().png().toBuffer();
    const liar = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), png]));
    expect(await codeOf(decodeImage(liar))).toMatch(/^E_BAD_IMAGE/);
  });
});
