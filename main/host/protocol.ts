/** Messages between the engine host (main side) and its worker. */
import type { Channel, ErrorPayload, EventName } from '../../preload/contract';
import type { Paths } from '../config';

export interface WorkerInit {
  paths: Paths;
  /** Clients may switch the gallery (SQLite ⇄ PostgreSQL) from the app: the desktop shell; `vws serve --allow-gallery-change`. */
  allowGalleryChange?: boolean;
  executionProviders?: string[];
  threads?: number;
}

export type ToWorker =
  | { t: 'init'; init: WorkerInit }
  | { t: 'req'; id: string; ch: Channel; body: unknown }
  | { t: 'cancel'; id: string }
  /** Test hook: throw an uncaught error in the worker (a real crash path). */
  | { t: 'crash' }
  /** Test hook: block the worker's event loop for `ms` (what the watchdog is for). */
  | { t: 'hang'; ms: number }
  | WatchdogPing;

/** The watchdog's liveness check; answered by the entry file (worker.ts, utility.ts) before the engine sees it. */
export interface WatchdogPing {
  t: 'ping';
  n: number;
}

export type FromWorker =
  | { t: 'ready'; executionProvider: string; unavailable: Record<string, string> }
  | { t: 'res'; id: string; ok: true; body: unknown }
  | { t: 'res'; id: string; ok: false; error: ErrorPayload }
  | { t: 'evt'; ch: EventName; body: unknown }
  | { t: 'pong'; n: number };

/** The side of a message port the worker code talks to. */
export interface WorkerPort {
  post(msg: FromWorker): void;
  onMessage(cb: (msg: ToWorker) => void): void;
}

/**
 * Wrap an entry's port: answer watchdog pings and the hang test hook here, so
 * the engine sees only requests, cancels and init.
 */
export function withWatchdog(port: WorkerPort): WorkerPort {
  return {
    post: (msg) => port.post(msg),
    onMessage: (cb) =>
      port.onMessage((m) => {
        if (m.t === 'ping') port.post({ t: 'pong', n: m.n });
        else if (m.t === 'hang') {
          const until = Date.now() + m.ms;
          while (Date.now() < until) {
            // spin: a stuck handler, as the watchdog sees one
          }
        } else cb(m);
      }),
  };
}
