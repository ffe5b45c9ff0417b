/** Raw HTTP and WebSocket bytes for tests that must send what fetch() and `ws` would never send. */
import net from 'node:net';

/** Send `text` as is and return the response's status code (0 when the server closed without one). */
export function rawHttp(port: number, text: string | Buffer, timeoutMs = 5000): Promise<{ status: number; head: string }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms to ${JSON.stringify(String(text).slice(0, 80))}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      resolve({ status: m ? Number(m[1]) : 0, head: got.split('\r\n\r\n')[0] ?? '' });
    };
    sock.on('data', (b) => {
      got += b.toString('latin1');
      if (got.includes('\r\n\r\n')) {
        sock.destroy();
        done();
      }
    });
    sock.on('error', () => undefined);
    sock.on('close', done);
    sock.write(text);
  });
}

/** A GET with the given target and headers, Host defaulting to 127.0.0.1:port. */
export function get(port: number, target: string, headers: Record<string, string> = {}): Promise<{ status: number; head: string }> {
  const h = { Host: `127.0.0.1:${port}`, Connection: 'close', ...headers };
  const lines = Object.entries(h).map(([k, v]) => `${k}: ${v}`);
  return rawHttp(port, `GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
}

/** The headers of a WebSocket upgrade to /ws (plus `extra`). */
export function upgradeHeaders(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
    Host: `127.0.0.1:${port}`,
    ...extra,
  };
}

/** One client-to-server WebSocket frame (masked, as clients must send), with any opcode and payload. */
export function wsFrame(opcode: number, payload: Buffer, fin = true, rsv = 0): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([(fin ? 0x80 : 0) | (rsv << 4) | opcode, 0x80 | len])
      : len < 65536
        ? Buffer.from([(fin ? 0x80 : 0) | (rsv << 4) | opcode, 0x80 | 126, len >> 8, len & 255])
        : (() => {
            const b = Buffer.alloc(10);
            b[0] = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
            b[1] = 0x80 | 127;
            b.writeBigUInt64BE(BigInt(len), 2);
            return b;
          })();
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= mask[i & 3]!;
  return Buffer.concat([head, mask, body]);
}
