/** zod schemas for the detection area's requests, checked where payloads enter main or the host. */
import { z } from 'zod';
import type { SchemaMap } from '../host/types';

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
  family: z.enum(['centernet', 'yolov2', 'yolov5', 'yolov8', 'yolo-e2e']).optional(),
});

const rawFrame = z.object({
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
