/**
 * What a channel handler sees. Handlers live in the engine host (a worker
 * thread or an Electron utility process) and never see transport details.
 */
import type { z } from 'zod';
import type { Api, Channel, EventName, Events, Req, Res } from '../../preload/contract';
import type { Paths } from '../config';
import type { ModelResolver } from '../models/resolver';

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
  /** The one model resolver, built from `paths.models`; every engine gets it. */
  models: ModelResolver;
  /** Send an event to every connected client (for events not tied to a request). */
  emit<E extends EventName>(event: E, body: Events[E]): void;
  /** Execution-provider preference, e.g. ["cuda", "cpu"]; undefined = automatic. */
  executionProviders?: string[];
  threads?: number;
  /** Clients may switch the gallery (SQLite ⇄ PostgreSQL): see WorkerInit. */
  allowGalleryChange?: boolean;
}

/** Disposable area handlers: each area returns its handlers plus a cleanup. */
export interface AreaHandlers {
  handlers: HandlerMap;
  dispose?: () => Promise<void> | void;
}

/**
 * An area's service, created on first use, once. `dispose` releases it only if
 * it was ever made (so shutting down an idle host loads nothing).
 *
 * @example const faces = onFirstUse(() => new FacesService(opts)); faces().list(); await faces.dispose((s) => s.dispose());
 */
export function onFirstUse<T>(make: () => T): (() => T) & { dispose(release: (v: T) => unknown): Promise<void> } {
  let made: { value: T } | undefined;
  const get = () => (made ??= { value: make() }).value;
  return Object.assign(get, {
    async dispose(release: (v: T) => unknown) {
      if (made) await release(made.value);
    },
  });
}

export type { Res };
