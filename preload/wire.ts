/**
 * The message format between a client and a host, shared by the WebSocket
 * transport (vws serve ↔ browser) and the engine host (main ↔ worker).
 *
 * A message is JSON, except that binary fields (Uint8Array) travel as raw
 * attachments instead of number lists or base64:
 *
 *   [u32 LE: header length][header JSON (UTF-8)][attachment 0][attachment 1]…
 *
 * In the header, each Uint8Array is replaced by {"$bin": index, "len": n}.
 * Pure code, no Node or DOM APIs beyond TextEncoder/TextDecoder, so the
 * renderer and main import the same file.
 */
import type { Channel, ErrorPayload, EventName } from './contract';

export type ClientMessage = { t: 'req'; id: string; ch: Channel; body: unknown } | { t: 'cancel'; id: string };

export type HostMessage =
  | { t: 'res'; id: string; ok: true; body: unknown }
  | { t: 'res'; id: string; ok: false; error: ErrorPayload }
  | { t: 'evt'; ch: EventName; body: unknown };

/** Is this an error in its wire form ({ code: 'E_…', message, hint?, details? })? Main and the renderer both check with this. */
export function isErrorPayload(x: unknown): x is ErrorPayload {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as ErrorPayload).code === 'string' &&
    (x as ErrorPayload).code.startsWith('E_') &&
    typeof (x as ErrorPayload).message === 'string'
  );
}

interface BinRef {
  $bin: number;
  len: number;
}

function isBinRef(v: unknown): v is BinRef {
  return typeof v === 'object' && v !== null && typeof (v as BinRef).$bin === 'number' && Object.keys(v).length === 2;
}

/** Encode any JSON-able value with Uint8Array fields into one binary message. */
export function encodeMessage(value: unknown): Uint8Array {
  const attachments: Uint8Array[] = [];
  const header = JSON.stringify(value, function (this: unknown, _k, v: unknown) {
    if (v instanceof Uint8Array) {
      attachments.push(v);
      return { $bin: attachments.length - 1, len: v.length };
    }
    return v;
  });
  const head = new TextEncoder().encode(header);
  let total = 4 + head.length;
  for (const a of attachments) total += a.length;
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  let off = 4 + head.length;
  for (const a of attachments) {
    out.set(a, off);
    off += a.length;
  }
  return out;
}

/** Thrown for a message that is not well-formed. */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

/** Decode a message made by `encodeMessage` (attachments are copied views). */
export function decodeMessage(bytes: Uint8Array): unknown {
  if (bytes.length < 4) throw new WireFormatError('message shorter than its header length');
  const headLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + headLen > bytes.length) throw new WireFormatError('header length exceeds message');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(4, 4 + headLen)));
  } catch (err) {
    throw new WireFormatError(`header is not valid JSON: ${(err as Error).message}`);
  }
  // Attachment offsets follow in order of appearance.
  const offsets: number[] = [];
  let off = 4 + headLen;
  const lens: number[] = [];
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (isBinRef(v)) lens[v.$bin] = v.len;
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(collect);
  };
  collect(header);
  for (let i = 0; i < lens.length; i++) {
    const len = lens[i];
    if (len === undefined || !Number.isInteger(len) || len < 0) throw new WireFormatError(`attachment ${i} has no valid length`);
    offsets[i] = off;
    off += len;
  }
  if (off !== bytes.length) throw new WireFormatError(`attachments need ${off} bytes; message has ${bytes.length}`);
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (isBinRef(v)) return bytes.slice(offsets[v.$bin]!, offsets[v.$bin]! + v.len);
    if (typeof v === 'object' && v !== null) {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = revive(x);
      return o;
    }
    return v;
  };
  return revive(header);
}
