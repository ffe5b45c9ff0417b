/**
 * The channel registry: every area's handlers and schemas in one place, and
 * the validation every payload passes where it enters main or the host.
 */
import { z } from 'zod';
import type { Channel, Req } from '../../preload/contract';
import { isChannel } from '../../preload/channels';
import { VwError } from '../errors';
import { appHandlers, appSchemas } from './areas/app';
import { detectionHandlers, detectionSchemas } from './areas/detection';
import { facesHandlers, facesSchemas } from './areas/faces';
import { labHandlers, labSchemas } from './areas/lab';
import { modelsHandlers, modelsSchemas } from './areas/models';
import { styleHandlers, styleSchemas } from './areas/style';
import type { AreaHandlers, HandlerMap, HostEnv, SchemaMap } from './types';

export const schemas: SchemaMap = {
  ...appSchemas,
  ...modelsSchemas,
  ...detectionSchemas,
  ...facesSchemas,
  ...styleSchemas,
  ...labSchemas,
};

const areas: Record<string, (env: HostEnv) => AreaHandlers> = {
  app: appHandlers,
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
  const handlers: HandlerMap = {};
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
    // Unreachable while every channel has a schema (a test checks); kept as a typed answer, not a crash.
    throw new VwError('E_NOT_AVAILABLE', `${channel} has no request schema.`);
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
