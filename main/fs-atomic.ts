/** One file written whole or not at all: the leaf helper for the model cache and the settings file. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Write via a temp file in the same directory + fsync + rename, so readers never see a partial file.
 * `mode` applies from the first byte (e.g. 0o600 for a file that may hold a password).
 */
export function writeFileAtomic(file: string, data: Uint8Array, mode = 0o666): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w', mode);
    try {
      fs.writeSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Nothing was written there (e.g. the directory is a file): the first error is the one to report.
    }
    throw err;
  }
}
