/**
 * The channel registry: every area's handlers and schemas in one place, and
 * the validation every payload passes where it enters main or the host.
 */
import { z } from 'zod';
import type { Channel, Req } from '../../preload/contract';
import { isChannel } from '../../preload/channels';
import { VwError } from '../errors';
import { detectionHandlers } from '../detection/handlers';
import { detectionSchemas } from '../detection/schemas';
import { facesHandlers } from '../faces/handlers';
import { facesSchemas } from '../faces/schemas';
import { labHandlers } from '../lab/handlers';
import { labSchemas } from '../lab/schemas';
import { modelsHandlers } from '../models/handlers';
import { modelsSchemas } from '../models/schemas';
import { styleHandlers } from '../style/handlers';
import { styleSchemas } from '../style/schemas';
import { appInfo } from '../app/info';
import { doctorReport } from '../app/doctor';
import type { AreaHandlers, HandlerMap, HostEnv, SchemaMap } from './types';

const empty = z.object({}).strict();

const appSchemas: SchemaMap = {
  'vw:app.info': empty,
  'vw:app.doctor': empty,
  'vw:app.hostState': empty,
};

export const schemas: SchemaMap = {
  ...appSchemas,
  ...modelsSchemas,
  ...detectionSchemas,
  ...facesSchemas,
  ...styleSchemas,
  ...labSchemas,
};

const areas: Record<string, (env: HostEnv) => AreaHandlers> = {
  models: modelsHandlers,
  detection: detectionHandlers,
  faces: facesHandlers,
  style: styleHandlers,
  lab: labHandlers,
};

/**
 * Build every area's handlers. An area whose factory fails is left out and
 * its channels answer E_NOT_AVAILABLE with the reason; the others still work.
 */
export function createHandlers(env: HostEnv): { handlers: HandlerMap; unavailable: Record<string, string>; dispose: () => Promise<void> } {
  const handlers: HandlerMap = {
    'vw:app.info': async () => appInfo(),
    // The host fills in its own state on the way out (see EngineHost.call).
    'vw:app.doctor': async () =>
      doctorReport(env.paths, { status: 'ready', executionProvider: 'unknown', restarts: 0, inFlight: 0, kind: 'worker_threads' }),
  };
  const unavailable: Record<string, string> = {};
  const disposers: (() => Promise<void> | void)[] = [];
  for (const [area, make] of Object.entries(areas)) {
    try {
      const made = make(env);
      Object.assign(handlers, made.handlers);
      if (made.dispose) disposers.push(made.dispose);
    } catch (err) {
      unavailable[area] = (err as Error).message;
    }
  }
  return {
    handlers,
    unavailable,
    dispose: async () => {
      for (const d of disposers) await d();
    },
  };
}

/**
 * Check a request against its channel's schema.
 * @throws VwError E_UNKNOWN_CHANNEL / E_NOT_AVAILABLE / E_INVALID_PAYLOAD
 */
export function validateRequest<C extends Channel>(channel: unknown, body: unknown): { channel: C; req: Req<C> } {
  if (!isChannel(channel)) {
    throw new VwError('E_UNKNOWN_CHANNEL', `Unknown channel ${JSON.stringify(channel)}.`, {
      hint: 'Channels are named vw:<area>.<verb>; see preload/contract.ts.',
    });
  }
  const schema = schemas[channel];
  if (!schema) {
    throw new VwError('E_NOT_AVAILABLE', `${channel} is not available in this build yet.`, { hint: 'Its engine has not landed.' });
  }
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new VwError('E_INVALID_PAYLOAD', `Invalid payload for ${channel}: ${z.prettifyError(parsed.error)}`, {
      details: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return { channel: channel as C, req: parsed.data as Req<C> };
}

/** Rough byte size of a request body: JSON text plus binary fields. */
export function payloadBytes(body: unknown): number {
  let bin = 0;
  const json = JSON.stringify(body, (_k, v: unknown) => {
    if (v instanceof Uint8Array) {
      bin += v.byteLength;
      return 0;
    }
    return v;
  });
  return bin + (json ? json.length : 0);
}
