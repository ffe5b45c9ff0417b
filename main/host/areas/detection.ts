/** The detection area's channels (`vw:detection.*`): schemas and handlers, contract → DetectionService. */
import { z } from 'zod';
import type { FrameResult, RawFrame } from '../../../preload/contract';
import { DETECTOR_FAMILIES } from '../../../preload/enums';
import { throwIfCancelled } from '../../errors';
import { DetectionService, type DetectionStream, type FrameOptions } from '../../detection/service';
import { LiveStreams } from '../live';
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
  model: z.string().min(1).max(4096).optional(),
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

export function detectionHandlers(env: HostEnv): AreaHandlers {
  // Created on first use: the model loads lazily inside the service as well.
  const service = onFirstUse(
    () => new DetectionService({ models: env.models, threads: env.threads, executionProviders: env.executionProviders }),
  );
  const live = detectionLive(service);
  return {
    handlers: {
      'vw:detection.detect': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return service().detect(req.image, req.options);
      },
      'vw:detection.frame': async (req) =>
        live.submit(req.options?.streamId ?? 'default', { frame: req.frame, options: req.options ?? {} }),
      'vw:detection.models': async () => service().listModels(),
    },
    dispose: async () => {
      live.closeAll();
      await service.dispose((s) => s.dispose());
    },
  };
}
