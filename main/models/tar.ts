/**
 * A minimal reader for npm tarballs (gzip + ustar/pax): returns the contents of
 * the named regular files. npm tarballs are small and flat, so a 60-line
 * reader beats a dependency; pacote has already checked the tarball's integrity.
 */
import zlib from 'node:zlib';

/**
 * Extract `wanted` paths (e.g. "package/models/centernet.json") from a .tgz buffer.
 * Paths absent from the archive are absent from the result.
 *
 * @example const files = readTarGz(buf, ['package/model/fr_detect.onnx']);
 */
export function readTarGz(tgz: Uint8Array, wanted: readonly string[]): Map<string, Buffer> {
  const tar = zlib.gunzipSync(tgz);
  return readTar(tar, wanted);
}

export function readTar(tar: Buffer, wanted: readonly string[]): Map<string, Buffer> {
  const want = new Set(wanted);
  const out = new Map<string, Buffer>();
  let off = 0;
  let longName: string | undefined;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 48);
    const name = cstr(header.subarray(0, 100));
    const prefix = header.subarray(257, 263).toString('latin1').startsWith('ustar') ? cstr(header.subarray(345, 500)) : '';
    const dataStart = off + 512;
    const data = tar.subarray(dataStart, dataStart + size);
    if (data.length < size) throw new Error('truncated tar archive');
    off = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      // pax header: "len key=value\n" records; only `path` matters here.
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m) longName = m[1];
      continue;
    }
    if (type === 'L') {
      longName = cstr(data);
      continue;
    }
    if (type === 'g') continue;
    const full = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = undefined;
    if ((type === '0' || type === '\0') && want.has(full)) out.set(full, Buffer.from(data));
  }
  return out;
}

function cstr(b: Buffer): string {
  const z = b.indexOf(0);
  return b.subarray(0, z < 0 ? b.length : z).toString('utf8');
}

function parseOctal(b: Buffer): number {
  // GNU base-256 for sizes ≥ 8 GiB is not needed for npm packages.
  const s = cstr(b).trim();
  return s ? parseInt(s, 8) : 0;
}

/** Build an uncompressed ustar archive (used by tests to make synthetic tarballs). */
export function writeTar(files: { path: string; data: Uint8Array }[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    const h = Buffer.alloc(512);
    h.write(f.path, 0, 100, 'utf8');
    h.write('0000644\0', 100, 'latin1');
    h.write('0000000\0', 108, 'latin1');
    h.write('0000000\0', 116, 'latin1');
    h.write(f.data.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
    h.write('00000000000\0', 136, 'latin1');
    h.write('        ', 148, 'latin1');
    h.write('0', 156, 'latin1');
    h.write('ustar\0' + '00', 257, 'latin1');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    parts.push(h, Buffer.from(f.data), Buffer.alloc((512 - (f.data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
