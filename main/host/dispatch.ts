/**
 * The main-side boundary shared by the Electron IPC handlers and `vws serve`:
 * size limit → channel check → schema validation → engine host.
 */
import type { Channel, Res } from '../../preload/contract';
import { VwError } from '../errors';
import type { EngineHost } from './engine-host';
import { payloadBytes, validateRequest } from './registry';

/** Default request size limit: 64 MiB (a 4K RGBA frame is 33 MB). */
export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

export interface DispatchOptions {
  maxPayloadBytes?: number;
}

export class Dispatcher {
  readonly maxPayloadBytes: number;

  constructor(
    readonly host: EngineHost,
    opts: DispatchOptions = {},
  ) {
    this.maxPayloadBytes = opts.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  }

  /** Reject a message by its encoded size before it is even parsed. */
  checkSize(bytes: number): void {
    if (bytes > this.maxPayloadBytes) {
      throw new VwError('E_PAYLOAD_TOO_LARGE', `The request is ${bytes} bytes; the limit is ${this.maxPayloadBytes}.`, {
        hint: 'Send a smaller image or frame.',
        details: { bytes, limit: this.maxPayloadBytes },
      });
    }
  }

  /** Validate and forward one request. */
  async call(channel: unknown, body: unknown, requestId?: string, sizeHint?: number): Promise<Res<Channel>> {
    this.checkSize(sizeHint ?? payloadBytes(body));
    const { channel: ch, req } = validateRequest(channel, body);
    return this.host.call(ch, req, { requestId });
  }

  cancel(requestId: string): void {
    this.host.cancel(requestId);
  }
}
