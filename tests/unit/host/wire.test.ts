import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, WireFormatError } from '../../../preload/wire';

describe('wire format', () => {
  it('round-trips JSON with binary fields as attachments', () => {
    const a = new Uint8Array([1, 2, 3, 250]);
    const b = new Uint8Array(1000).map((_, i) => i % 256);
    const msg = { t: 'req', id: 'r1', ch: 'vw:detection.frame', body: { frame: { width: 2, height: 1, data: a }, more: [b, { x: 1 }] } };
    const enc = encodeMessage(msg);
    // header length + JSON + 4 + 1000 bytes of attachments, no base64
    const headLen = new DataView(enc.buffer).getUint32(0, true);
    expect(enc.length).toBe(4 + headLen + 4 + 1000);
    const dec = decodeMessage(enc) as typeof msg;
    expect(dec.body.frame.data).toBeInstanceOf(Uint8Array);
    expect([...dec.body.frame.data]).toEqual([1, 2, 3, 250]);
    expect((dec.body.more[0] as Uint8Array)[999]).toBe(999 % 256);
    expect(dec.body.more[1]).toEqual({ x: 1 });
  });

  it('refuses truncated and malformed messages', () => {
    const enc = encodeMessage({ data: new Uint8Array(10) });
    expect(() => decodeMessage(enc.subarray(0, enc.length - 1))).toThrow(WireFormatError);
    expect(() => decodeMessage(new Uint8Array([1, 0]))).toThrow(WireFormatError);
    const bad = new Uint8Array([3, 0, 0, 0, 0x7b, 0x7b, 0x7b]);
    expect(() => decodeMessage(bad)).toThrow(/not valid JSON/);
  });
});
