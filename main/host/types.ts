/**
 * What a channel handler sees. Handlers live in the engine host (a worker
 * thread or an Electron utility process) and never see transport details.
 */
import type { z } from 'zod';
import type { Api, Channel, EventName, Events, Req, Res } from '../../preload/contract';
import type { Paths } from '../config';

export interface RequestContext {
  requestId: string;
  /** Fires when the caller cancels the request. */
  signal: AbortSignal;
  /** Send an event to every connected client. */
  emit<E extends EventName>(event: E, body: Events[E]): void;
}

export type Handler<C extends Channel> = (req: Req<C>, ctx: RequestContext) => Promise<Res<C>>;
export type HandlerMap = { [C in Channel]?: Handler<C> };
export type SchemaMap = { [C in Channel]?: z.ZodType<Api[C]['req']> };

/** Shared by every area's handler factory. */
export interface HostEnv {
  paths: Paths;
  /** Send an event to every connected client (for events not tied to a request). */
  emit<E extends EventName>(event: E, body: Events[E]): void;
  /** Execution-provider preference, e.g. ["cuda", "cpu"]; undefined = automatic. */
  executionProviders?: string[];
  threads?: number;
}

/** Disposable area handlers: each area returns its handlers plus a cleanup. */
export interface AreaHandlers {
  handlers: HandlerMap;
  dispose?: () => Promise<void> | void;
}

/** Helper for areas: create `value` on first use, once. */
export function lazy<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}

export type { Res };
