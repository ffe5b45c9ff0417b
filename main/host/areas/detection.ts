/** The detection area's channels (`vw:detection.*`): schemas and handlers, contract → DetectionService. */
import { z } from 'zod';
import path from 'node:path';
import type { DetectionModelInfo, FrameResult, RawFrame } from '../../../preload/contract';
import { DETECTOR_FAMILIES } from '../../../preload/enums';
import { throwIfCancelled, VwError } from '../../errors';
import { DetectionModels } from '../../detection/models';
import { DetectionService, type DetectionStream, type FrameOptions } from '../../detection/service';
import { withOptionalState } from '../../models/optional';
import { LiveStreams } from '../live';
import { ID_PATTERN, listUserModels, removeUserModel, userModelFile, userModelsDir } from '../user-models';
import { onFirstUse, type AreaHandlers, type HostEnv, type SchemaMap } from '../types';

// Ranges that need the model (class names, fixed input sizes) are checked by the engine with readable messages.
const detectOptions = z.object({
  conf: z.number().min(0).max(1).optional(),
  iou: z.number().gt(0).max(1).optional(),
  maxDet: z.number().int().min(1).max(10_000).optional(),
  agnostic: z.boolean().optional(),
  classes: z
    .array(z.union([z.string().min(1).max(100), z.number().int().min(0)]))
    .max(1000)
    .optional(),
  // An id (bundled, or an imported model's), never a path: see host/user-models.ts.
  model: z.string().regex(ID_PATTERN, 'a model id such as "centernet" (import your own .onnx first; paths are not accepted)').optional(),
  inputSize: z.number().int().min(32).max(4096).optional(),
  family: z.enum(DETECTOR_FAMILIES).optional(),
});

/** A raw RGBA frame (its byte length is checked against width × height by the engine). */
export const rawFrame = z.object({
  width: z.number().int().min(1).max(16_384),
  height: z.number().int().min(1).max(16_384),
  data: z.instanceof(Uint8Array),
});

export const detectionSchemas: SchemaMap = {
  'vw:detection.detect': z.object({ image: z.instanceof(Uint8Array), options: detectOptions.optional() }),
  'vw:detection.frame': z.object({
    frame: rawFrame,
    options: detectOptions.extend({ track: z.boolean().optional(), streamId: z.string().min(1).max(128).optional() }).optional(),
  }),
  'vw:detection.models': z.object({}),
  'vw:detection.removeModel': z.object({ id: z.string().regex(ID_PATTERN, 'an imported model id') }),
};

/** Live detection: one `DetectionStream` (tracker) per stream id, frames through the host's live adapter. */
export function detectionLive(service: () => DetectionService) {
  return new LiveStreams<
    DetectionStream,
    { frame: RawFrame; options: FrameOptions },
    Omit<FrameResult, 'frameId' | 'dropped' | 'processed'>
  >({
    open: () => service().openStream(),
    run: (stream, job) => stream.run(job.frame, job.options),
  });
}

/**
 * Map a request's model id to what the engine takes (a bundled id, or the
 * imported model's file in the user's models dir), and the engine's errors
 * back to ids, so no server path reaches a client.
 */
export function modelIds(env: Pick<HostEnv, 'paths'>) {
  const dir = userModelsDir(env.paths) + path.sep;
  const toFile = <O extends { model?: string }>(o: O | undefined): O | undefined => {
    if (!o?.model || DetectionModels.bundled().includes(o.model)) return o;
    return { ...o, model: userModelFile(env.paths, o.model) };
  };
  const scrub = (text: string): string =>
    text
      .split(dir)
      .join('')
      .replace(/([A-Za-z0-9._-]+)\.onnx\b/g, '$1');
  const toId = (err: unknown): never => {
    if (err instanceof VwError)
      throw new VwError(err.code, scrub(err.message), { hint: err.hint && scrub(err.hint), details: err.details });
    throw err;
  };
  const info = (m: DetectionModelInfo): DetectionModelInfo | undefined =>
    DetectionModels.bundled().includes(m.id) ? m : m.id.startsWith(dir) ? { ...m, id: path.basename(m.id, '.onnx') } : undefined;
  return { toFile, toId, info };
}

export function detectionHandlers(env: HostEnv): AreaHandlers {
  // Created on first use: the model loads lazily inside the service as well.
  const service = onFirstUse(
    () => new DetectionService({ models: env.models, threads: env.threads, executionProviders: env.executionProviders }),
  );
  const live = detectionLive(service);
  const ids = modelIds(env);
  return {
    handlers: {
      'vw:detection.detect': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return service().detect(req.image, ids.toFile(req.options)).catch(ids.toId);
      },
      'vw:detection.frame': async (req) =>
        live.submit(req.options?.streamId ?? 'default', { frame: req.frame, options: ids.toFile(req.options) ?? {} }).catch(ids.toId),
      // Optional detectors (issue 15) get their license and downloaded state from the model cache.
      'vw:detection.models': async () => {
        // Imported models are listed whether or not they have run in this process (the UI's model picker).
        for (const id of listUserModels(env.paths)) service().models.get(userModelFile(env.paths, id));
        return withOptionalState(
          (await service().listModels()).map(ids.info).filter((m): m is DetectionModelInfo => m !== undefined),
          env.paths,
        );
      },
      // An imported model: its sessions are released first, then its file goes. Bundled and optional models are not removed here.
      'vw:detection.removeModel': async (req) => {
        const file = userModelFile(env.paths, req.id);
        await service().models.forget(file);
        return removeUserModel(env.paths, req.id);
      },
    },
    dispose: async () => {
      live.closeAll();
      await service.dispose((s) => s.dispose());
    },
  };
}
