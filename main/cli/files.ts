/**
 * File-system edges of the CLI: every failure becomes E_FS naming the path
 * and what to do, and output locations are checked *before* any work, so a
 * long run never ends in an unwritable directory with its results lost.
 * Special file systems (/proc, /sys, /dev) are refused outright: Node's
 * recursive mkdir never returns on procfs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { VwError } from '../errors';

const HINTS: Record<string, string> = {
  ENOENT: 'Check the path: it (or a folder above it) does not exist.',
  EACCES: 'You do not have permission; choose a location you can write to (e.g. under your home directory).',
  EPERM: 'The operation is not permitted there; choose another location.',
  EEXIST: 'Something with that name is already there; choose another name or remove it.',
  ENOTDIR: 'A part of the path is a file, not a folder.',
  EISDIR: 'That is a folder; give a file name.',
  EROFS: 'That file system is read-only; choose another location.',
  ENOSPC: 'The disk is full; free some space or choose another disk.',
  EMFILE: 'Too many open files; try again with fewer inputs.',
};

/** Node's errno errors (they carry `code` and `path`) as typed errors; anything else unchanged. */
export function fsError(err: unknown, file?: string, action = 'access'): unknown {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || typeof e.code !== 'string' || !/^E[A-Z]+$/.test(e.code) || err instanceof VwError) return err;
  const where = file ?? e.path;
  return new VwError('E_FS', `Cannot ${action} ${where ?? 'a file'}: ${e.code}.`, {
    hint: HINTS[e.code] ?? 'Check the path and its permissions.',
    details: { path: where, errno: e.code, syscall: e.syscall },
  });
}

const SPECIAL = ['/proc', '/sys', '/dev'];

function refuseSpecial(abs: string, what: string): void {
  if (SPECIAL.some((s) => abs === s || abs.startsWith(s + '/')))
    throw new VwError('E_FS', `Cannot write ${what} to ${abs}: it is a special file system.`, {
      hint: 'Choose a folder on a disk, e.g. under your home directory.',
      details: { path: abs },
    });
}

/** The nearest existing ancestor of `abs` must be a writable folder. */
function checkWritableAncestor(abs: string, what: string): void {
  let dir = abs;
  while (!fs.existsSync(dir)) {
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    throw fsError(err, dir, `write ${what} under`);
  }
  if (!st.isDirectory())
    throw new VwError('E_FS', `Cannot write ${what} under ${dir}: it is a file, not a folder.`, {
      hint: HINTS.ENOTDIR,
      details: { path: dir },
    });
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw fsError(err, dir, `write ${what} in`);
  }
}

/**
 * Check (and create) an output folder before any work.
 * @throws VwError E_FS naming the path
 */
export function prepareOutputDir(dir: string, what = 'output'): string {
  const abs = path.resolve(dir);
  refuseSpecial(abs, what);
  if (fs.existsSync(abs)) {
    if (!fs.statSync(abs).isDirectory())
      throw new VwError('E_FS', `Cannot write ${what} to ${abs}: it is a file, not a folder.`, {
        hint: 'Give a folder (it is created if missing).',
        details: { path: abs },
      });
    try {
      fs.accessSync(abs, fs.constants.W_OK);
    } catch (err) {
      throw fsError(err, abs, `write ${what} in`);
    }
    return abs;
  }
  checkWritableAncestor(abs, what);
  try {
    fs.mkdirSync(abs, { recursive: true });
  } catch (err) {
    throw fsError(err, abs, 'create the folder');
  }
  return abs;
}

/**
 * Check an output file's location before any work (the file is not created).
 * @throws VwError E_FS naming the path
 */
export function checkOutputFile(file: string, what = 'output'): string {
  const abs = path.resolve(file);
  refuseSpecial(abs, what);
  if (fs.existsSync(abs) && !fs.statSync(abs).isFile())
    throw new VwError('E_FS', `Cannot write ${what} to ${abs}: it is not a regular file.`, {
      hint: 'Give the name of a new or existing regular file.',
      details: { path: abs },
    });
  const parent = path.dirname(abs);
  if (!fs.existsSync(parent))
    throw new VwError('E_FS', `Cannot write ${what} to ${abs}: the folder ${parent} does not exist.`, {
      hint: 'Create the folder first, or choose another location.',
      details: { path: parent },
    });
  checkWritableAncestor(parent, what);
  return abs;
}

/**
 * Read a file the user named: regular files only, with a size cap.
 * @throws VwError E_FS (missing, unreadable, not a file) or E_RESOURCE (too large)
 */
export function readLocalFile(file: string, maxBytes: number, what = 'file'): Uint8Array {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw fsError(err, file, `read the ${what}`);
  }
  if (!st.isFile())
    throw new VwError('E_FS', `Cannot read the ${what} ${file}: it is not a regular file.`, {
      hint: 'Give the path of a regular file (not a folder, device or pipe).',
      details: { path: file },
    });
  if (st.size > maxBytes)
    throw new VwError('E_RESOURCE', `The ${what} ${file} is ${st.size} bytes; the limit is ${maxBytes}.`, {
      details: { path: file, limit: maxBytes },
    });
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (err) {
    throw fsError(err, file, `read the ${what}`);
  }
}
