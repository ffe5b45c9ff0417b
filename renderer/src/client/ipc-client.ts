/** The Electron transport: `window.vw` from the preload (named functions only). */
import type { Channel, EventName, Events, PreloadApi, Req, Res, VwClient } from '../../../preload/contract';
import { toClientError } from './errors';
import { nextRequestId } from './ids';

export class IpcClient implements VwClient {
  readonly transport = 'ipc' as const;

  constructor(private readonly api: PreloadApi) {}

  async call<C extends Channel>(channel: C, req: Req<C>, opts: { requestId?: string } = {}): Promise<Res<C>> {
    try {
      return (await this.api.invoke(channel, opts.requestId ?? nextRequestId(), req)) as Res<C>;
    } catch (err) {
      throw toClientError(err);
    }
  }

  cancel(requestId: string): void {
    this.api.cancel(requestId);
  }

  on<E extends EventName>(event: E, listener: (body: Events[E]) => void): () => void {
    return this.api.on(event, listener as (body: unknown) => void);
  }
}
