/**
 * Pull named files out of an npm tarball with node-tar (npm's own tar
 * implementation). pacote has already checked the tarball's integrity; this
 * only extracts, into a private temp dir that is removed afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';

/**
 * Extract `wanted` paths (e.g. "package/models/centernet.json") from a .tgz buffer.
 * Paths absent from the archive are absent from the result.
 *
 * @example const files = readTarGz(buf, ['package/model/fr_detect.onnx']);
 */
export function readTarGz(tgz: Uint8Array, wanted: readonly string[]): Map<string, Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-tar-'));
  try {
    const file = path.join(dir, 'package.tgz');
    fs.writeFileSync(file, tgz);
    const out = path.join(dir, 'x');
    fs.mkdirSync(out);
    const want = new Set(wanted);
    // strict: a corrupt or truncated archive throws instead of being skipped with a warning.
    tar.x({ file, cwd: out, sync: true, strict: true, filter: (p) => want.has(p.replace(/^\.\//, '')) });
    const files = new Map<string, Buffer>();
    for (const p of wanted) {
      const f = path.join(out, p);
      if (fs.existsSync(f) && fs.statSync(f).isFile()) files.set(p, fs.readFileSync(f));
    }
    return files;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Build a gzipped npm-style tarball (used by tests to make synthetic packages). */
export function writeTarGz(files: { path: string; data: Uint8Array }[]): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-tar-'));
  try {
    const src = path.join(dir, 'src');
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(src, f.path)), { recursive: true });
      fs.writeFileSync(path.join(src, f.path), f.data);
    }
    const file = path.join(dir, 'out.tgz');
    tar.c(
      { file, cwd: src, gzip: true, sync: true, portable: true },
      files.map((f) => f.path),
    );
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
