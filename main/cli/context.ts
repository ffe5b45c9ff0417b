/**
 * Shared by every `vws` subcommand: global options, output and exit codes.
 * Exit codes: 0 ok, 1 usage, 2 runtime error.
 */
import { toErrorPayload, VwError } from '../errors';
import { resolvePaths, type Paths } from '../config';
import { modelResolver, type ModelResolver } from '../models/resolver';
import { fsError } from './files';

export interface GlobalOptions {
  json?: boolean;
  dataDir?: string;
  modelsDir?: string;
  db?: string;
  quiet?: boolean;
}

export interface CliContext {
  /** Global options as parsed (read them at action time, not at registration). */
  globals(): GlobalOptions;
  paths(): Paths;
  /** The model resolver for the configured paths (`--models-dir`, VWS_MODELS_DIR, …): every engine gets it. */
  models(): ModelResolver;
  /** Print `value` as JSON with --json, else call `human` to print a readable form. */
  output(value: unknown, human?: () => void): void;
  /** Progress line on stderr (suppressed with --json or --quiet). */
  progress(line: string): void;
}

export const EXIT_OK = 0;
export const EXIT_USAGE = 1;
export const EXIT_RUNTIME = 2;

export function createCliContext(globals: () => GlobalOptions): CliContext {
  let lastProgressLen = 0;
  return {
    globals,
    paths: () => {
      const g = globals();
      return resolvePaths({ dataDir: g.dataDir, modelsDir: g.modelsDir, db: g.db });
    },
    models() {
      return modelResolver(this.paths());
    },
    output(value, human) {
      if (globals().json || !human) process.stdout.write(JSON.stringify(value, jsonReplacer, 2) + '\n');
      else human();
    },
    progress(line) {
      const g = globals();
      if (g.json || g.quiet) return;
      if (process.stderr.isTTY) {
        const pad = Math.max(0, lastProgressLen - line.length);
        process.stderr.write('\r' + line + ' '.repeat(pad));
        lastProgressLen = line.length;
      } else {
        process.stderr.write(line + '\n');
      }
    },
  };
}

/** Uint8Arrays print as their length instead of a giant number list. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: value.length };
  return value;
}

/** Print a typed error and pick the exit code. */
export function reportError(err: unknown, json: boolean): number {
  // A file-system failure anywhere in a command: typed, with its path and a hint.
  err = fsError(err);
  const p = toErrorPayload(err);
  if (json) process.stdout.write(JSON.stringify({ error: p }, null, 2) + '\n');
  else {
    process.stderr.write(`error ${p.code}: ${p.message}\n`);
    if (p.hint) process.stderr.write(`hint: ${p.hint}\n`);
  }
  const usage = err instanceof VwError && (err.code === 'E_BAD_ARGUMENT' || err.code === 'E_INVALID_PAYLOAD');
  return usage ? EXIT_USAGE : EXIT_RUNTIME;
}
