/**
 * Typed errors. Everything thrown across a boundary (engine host, WebSocket,
 * IPC, CLI) is a VwError or becomes one (E_INTERNAL) — never a bare string.
 */
import type { ErrorCode, ErrorPayload } from '../preload/contract';
import { isErrorPayload } from '../preload/wire';

export class VwError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, opts: { hint?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'VwError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details;
  }

  toJSON(): ErrorPayload {
    return toErrorPayload(this);
  }
}

/** Serialize any thrown value into the wire form. Unknown errors become E_INTERNAL. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof VwError) {
    const p: ErrorPayload = { code: err.code, message: err.message };
    if (err.hint !== undefined) p.hint = err.hint;
    if (err.details !== undefined) p.details = err.details;
    return p;
  }
  if (isErrorPayload(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'E_INTERNAL', message };
}

/** Rebuild a VwError from its wire form (the client side of a boundary). */
export function fromErrorPayload(p: ErrorPayload): VwError {
  return new VwError(p.code, p.message, { hint: p.hint, details: p.details });
}

/** Throw E_CANCELLED if the signal has fired. Call between expensive steps. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new VwError('E_CANCELLED', 'The request was cancelled.');
}
