/**
 * One WebSocket client of `vws serve`: frames in, typed answers out.
 *
 * What a client sends cannot end the process: protocol violations (a text
 * frame that is not UTF-8, a frame over the size limit, a bad opcode) make the
 * `ws` library close *this* socket with the matching close code (1007, 1009,
 * 1002) — we only listen for its 'error' so it is not rethrown; a message that
 * is framed correctly but malformed gets a typed error answer and the socket
 * stays open. Request ids are scoped per socket, so one client can neither
 * collide with nor cancel another's requests.
 */
import type { WebSocket } from 'ws';
import type { ClientMessage, HostMessage } from '../../preload/wire';
import { decodeMessage, encodeMessage, WireFormatError } from '../../preload/wire';
import { toErrorPayload, VwError } from '../errors';
import type { Dispatcher } from './dispatch';

export interface SessionLimits {
  /** Largest JSON text: a text frame, or the header of a binary frame. */
  maxJsonBytes: number;
  /** Most requests one socket may have in flight. */
  maxInFlight: number;
  /** Shared by every socket of one server: requests in flight now, and the most allowed. */
  total?: { inFlight: number; max: number };
}

/** JSON nesting deeper than this is refused before anything walks it recursively. */
export const MAX_JSON_DEPTH = 64;

let socketSeq = 0;

/** Depth of a parsed JSON value, without recursion (so a hostile value cannot overflow the stack). */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}

function tooLarge(what: string, bytes: number, limit: number): VwError {
  return new VwError('E_PAYLOAD_TOO_LARGE', `The ${what} is ${bytes} bytes; the limit is ${limit}.`, {
    hint: 'Send images and other large data as binary attachments (Uint8Array fields), not as JSON arrays.',
    details: { bytes, limit },
  });
}

/** Parse one frame into a client message, or throw a typed error. */
export function parseFrame(buf: Buffer, isBinary: boolean, limits: SessionLimits): ClientMessage {
  let parsed: unknown;
  if (isBinary) {
    if (buf.length >= 4) {
      const head = buf.readUInt32LE(0);
      if (head > limits.maxJsonBytes) throw tooLarge('message header', head, limits.maxJsonBytes);
    }
    try {
      parsed = decodeMessage(new Uint8Array(buf.buffer, buf.byteOffset, buf.length));
    } catch (err) {
      throw new VwError('E_BAD_JSON', `Malformed message: ${err instanceof WireFormatError ? err.message : String(err)}`);
    }
  } else {
    if (buf.length > limits.maxJsonBytes) throw tooLarge('JSON message', buf.length, limits.maxJsonBytes);
    try {
      parsed = JSON.parse(buf.toString('utf8'));
    } catch (err) {
      throw new VwError('E_BAD_JSON', `Malformed message: ${(err as Error).message}`);
    }
  }
  if (jsonDepth(parsed) > MAX_JSON_DEPTH) throw new VwError('E_BAD_JSON', `The message nests deeper than ${MAX_JSON_DEPTH} levels.`);
  const m = parsed as Partial<ClientMessage> | null;
  if (
    typeof m !== 'object' ||
    m === null ||
    Array.isArray(m) ||
    (m.t !== 'req' && m.t !== 'cancel') ||
    typeof m.id !== 'string' ||
    m.id.length === 0 ||
    m.id.length > 100
  ) {
    throw new VwError('E_BAD_JSON', 'A message must be {t:"req", id, ch, body} or {t:"cancel", id}, with id a string of 1–100 characters.');
  }
  return m as ClientMessage;
}

/** Best-effort request id from a message we could not fully parse. */
function peekId(buf: Buffer): string {
  const m = /"id"\s*:\s*"([^"\\]{1,100})"/.exec(buf.subarray(0, 4096).toString('utf8'));
  return m?.[1] ?? '';
}

/**
 * Serve one socket until it closes.
 * @returns a function that sends an event to this socket
 */
export function serveSocket(ws: WebSocket, dispatcher: Dispatcher, limits: SessionLimits): (m: HostMessage) => void {
  const scope = `ws${++socketSeq}:`;
  const mine = new Set<string>();
  const send = (m: HostMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    let bytes: Uint8Array;
    try {
      bytes = encodeMessage(m);
    } catch (err) {
      if (m.t !== 'res') return;
      bytes = encodeMessage({ t: 'res', id: m.id, ok: false, error: toErrorPayload(err) } satisfies HostMessage);
    }
    ws.send(bytes, () => undefined);
  };
  // Without this listener a protocol error would be rethrown by the EventEmitter and end the process.
  ws.on('error', () => undefined);
  ws.on('close', () => {
    for (const id of mine) dispatcher.cancel(scope + id);
    mine.clear();
  });
  ws.on('message', (data, isBinary) => {
    let buf: Buffer;
    let msg: ClientMessage;
    try {
      buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    } catch {
      ws.close(1011);
      return;
    }
    try {
      msg = parseFrame(buf, isBinary, limits);
    } catch (err) {
      send({ t: 'res', id: peekId(buf), ok: false, error: toErrorPayload(err) });
      return;
    }
    const id = msg.id;
    if (msg.t === 'cancel') {
      if (mine.has(id)) dispatcher.cancel(scope + id);
      return;
    }
    if (mine.has(id)) {
      send({ t: 'res', id, ok: false, error: toErrorPayload(new VwError('E_INVALID_PAYLOAD', `Request id ${id} is already in flight.`)) });
      return;
    }
    const total = limits.total;
    const busy: [string, number, number] | undefined =
      mine.size >= limits.maxInFlight
        ? ['This connection', mine.size, limits.maxInFlight]
        : total && total.inFlight >= total.max
          ? ['The server', total.inFlight, total.max]
          : undefined;
    if (busy) {
      const [who, n, limit] = busy;
      const e = new VwError('E_RESOURCE', `${who} already has ${n} requests in flight; the limit is ${limit}.`, {
        hint: 'Wait for answers before sending more requests.',
        details: { limit },
      });
      send({ t: 'res', id, ok: false, error: toErrorPayload(e) });
      return;
    }
    mine.add(id);
    if (total) total.inFlight++;
    let call: Promise<unknown>;
    try {
      call = dispatcher.call(msg.ch, msg.body, scope + id, buf.length);
    } catch (err) {
      call = Promise.reject(err);
    }
    call
      .then((body) => send({ t: 'res', id, ok: true, body }))
      .catch((err: unknown) => send({ t: 'res', id, ok: false, error: toErrorPayload(err) }))
      .finally(() => {
        mine.delete(id);
        if (total) total.inFlight--;
      });
  });
  return send;
}
