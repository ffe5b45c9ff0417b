import type { ErrorCode, ErrorPayload, VwClientError as VwClientErrorShape } from '../../../preload/contract';
import { isErrorPayload } from '../../../preload/wire';

/** A typed error as the renderer sees it, whatever the transport. */
export class VwClientError extends Error implements VwClientErrorShape {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly details?: unknown;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'VwClientError';
    this.code = payload.code;
    this.hint = payload.hint;
    this.details = payload.details;
  }
}

/** Any thrown value → VwClientError (unknown ones become E_INTERNAL). */
export function toClientError(err: unknown): VwClientError {
  if (err instanceof VwClientError) return err;
  if (isErrorPayload(err)) return new VwClientError(err);
  const message = err instanceof Error ? err.message : String(err);
  // Electron's invoke flattens a rejected error into "Error invoking remote method '…': <name>: <message>";
  // the preload may put the payload as JSON at the end.
  const json = /(\{"code":"E_[A-Z_]+".*\})\s*$/.exec(message);
  if (json) {
    try {
      const parsed: unknown = JSON.parse(json[1]!);
      if (isErrorPayload(parsed)) return new VwClientError(parsed);
    } catch {
      // fall through
    }
  }
  // The preload rejects its own checks as "E_CODE: message".
  const coded = /^(?:Error: )?(E_[A-Z_]+): (.*)$/s.exec(message);
  if (coded) return new VwClientError({ code: coded[1] as ErrorCode, message: coded[2]! });
  return new VwClientError({ code: 'E_INTERNAL', message });
}

/** True when the error says the channel's engine has not landed. */
export function isNotAvailable(err: unknown): boolean {
  return err instanceof VwClientError && err.code === 'E_NOT_AVAILABLE';
}
