/** The Electron transport: `window.vw` from the preload (named functions only). */
import type { Channel, EventName, Events, IpcAnswer, PreloadApi, Req, Res, VwClient } from '../../../preload/contract';
import { isErrorPayload } from '../../../preload/wire';
import { toClientError, VwClientError } from './errors';
import { nextRequestId } from './ids';

export class IpcClient implements VwClient {
  readonly transport = 'ipc' as const;

  constructor(private readonly api: PreloadApi) {}

  async call<C extends Channel>(channel: C, req: Req<C>, opts: { requestId?: string } = {}): Promise<Res<C>> {
    let answer: unknown;
    try {
      answer = await this.api.invoke(channel, opts.requestId ?? nextRequestId(), req);
    } catch (err) {
      throw toClientError(err);
    }
    // Main answers with an envelope, because Electron flattens a thrown error to its message.
    if (isEnvelope(answer)) {
      if (answer.ok) return answer.body as Res<C>;
      throw isErrorPayload(answer.error) ? new VwClientError(answer.error) : toClientError(answer.error);
    }
    return answer as Res<C>;
  }

  cancel(requestId: string): void {
    this.api.cancel(requestId);
  }

  on<E extends EventName>(event: E, listener: (body: Events[E]) => void): () => void {
    return this.api.on(event, listener as (body: unknown) => void);
  }
}

/** The preload is trusted, but the answer is still checked before it is believed. */
function isEnvelope(x: unknown): x is IpcAnswer {
  if (typeof x !== 'object' || x === null || typeof (x as { ok?: unknown }).ok !== 'boolean') return false;
  const keys = Object.keys(x);
  return keys.length === 2 && (keys.includes('body') || keys.includes('error'));
}
