/**
 * What runs inside the engine host (worker thread or utility process):
 * receives requests, runs the area handlers, reports results, progress events
 * and errors, and aborts a request when it is cancelled.
 */
import type { Channel, EventName, Events } from '../../preload/contract';
import { toErrorPayload, VwError } from '../errors';
import { modelResolver } from '../models/resolver';
import { availableProviders } from '../runtime';
import type { ToWorker, WorkerPort } from './protocol';
import { createHandlers } from './registry';
import type { Handler, HostEnv } from './types';

export function serveEngine(port: WorkerPort): void {
  let handlers: ReturnType<typeof createHandlers> | undefined;
  const running = new Map<string, AbortController>();

  const emit = <E extends EventName>(ch: E, body: Events[E]): void => port.post({ t: 'evt', ch, body });

  port.onMessage((msg: ToWorker) => {
    switch (msg.t) {
      case 'init': {
        const env: HostEnv = {
          paths: msg.init.paths,
          models: modelResolver(msg.init.paths),
          emit,
          executionProviders: msg.init.executionProviders,
          threads: msg.init.threads,
          allowGalleryChange: msg.init.allowGalleryChange,
        };
        handlers = createHandlers(env);
        const ep = (msg.init.executionProviders ?? availableProviders().available)[0] ?? 'cpu';
        port.post({ t: 'ready', executionProvider: ep, unavailable: handlers.unavailable });
        return;
      }
      case 'cancel':
        running.get(msg.id)?.abort();
        return;
      case 'crash':
        // Thrown from the message listener: uncaught, so the worker dies as it would on a real bug.
        throw new Error('engine host crash requested (test hook)');
      case 'req':
        void handle(msg.id, msg.ch, msg.body);
        return;
    }
  });

  async function handle(id: string, ch: Channel, body: unknown): Promise<void> {
    const ac = new AbortController();
    running.set(id, ac);
    try {
      if (!handlers) throw new VwError('E_INTERNAL', 'Engine host received a request before init.');
      const h = handlers.handlers[ch] as Handler<Channel> | undefined;
      if (!h) {
        const area = ch.slice(3).split('.')[0] ?? '';
        const why = handlers.unavailable[area];
        throw new VwError('E_NOT_AVAILABLE', `${ch} is not available${why ? `: ${why}` : ''}.`);
      }
      const res = await h(body as never, { requestId: id, signal: ac.signal, emit });
      port.post({ t: 'res', id, ok: true, body: res });
    } catch (err) {
      // A handler that stops because of the abort may throw anything (often the abort reason itself).
      const cancelled = ac.signal.aborted && !(err instanceof VwError && err.code !== 'E_CANCELLED');
      const error = cancelled ? toErrorPayload(new VwError('E_CANCELLED', 'The request was cancelled.')) : toErrorPayload(err);
      port.post({ t: 'res', id, ok: false, error });
    } finally {
      running.delete(id);
    }
  }
}
