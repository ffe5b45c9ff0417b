/** Messages between the engine host (main side) and its worker. */
import type { Channel, ErrorPayload, EventName } from '../../preload/contract';
import type { Paths } from '../config';

export interface WorkerInit {
  paths: Paths;
  executionProviders?: string[];
  threads?: number;
}

export type ToWorker =
  | { t: 'init'; init: WorkerInit }
  | { t: 'req'; id: string; ch: Channel; body: unknown }
  | { t: 'cancel'; id: string }
  /** Test hook: throw an uncaught error in the worker (a real crash path). */
  | { t: 'crash' };

export type FromWorker =
  | { t: 'ready'; executionProvider: string; unavailable: Record<string, string> }
  | { t: 'res'; id: string; ok: true; body: unknown }
  | { t: 'res'; id: string; ok: false; error: ErrorPayload }
  | { t: 'evt'; ch: EventName; body: unknown };

/** The side of a message port the worker code talks to. */
export interface WorkerPort {
  post(msg: FromWorker): void;
  onMessage(cb: (msg: ToWorker) => void): void;
}
