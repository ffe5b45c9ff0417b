/** zod schemas for the style area's requests, checked where payloads enter main or the host. */
import { z } from 'zod';
import type { SchemaMap } from '../host/types';
import { MAX_ITERATIONS, MAX_STYLES, SIZE_RANGE } from './limits';

const weight = z.number().min(0).max(1e12);

export const styleOptionsSchema = z.object({
  contentWeight: weight.optional(),
  styleWeight: weight.optional(),
  tvWeight: weight.optional(),
  iterations: z.number().int().min(1).max(MAX_ITERATIONS).optional(),
  size: z.number().int().min(SIZE_RANGE.min).max(SIZE_RANGE.max).optional(),
  styleScale: z.number().min(0.1).max(4).optional(),
  styleBlendWeights: z.array(z.number().min(0).max(1e6)).min(1).max(MAX_STYLES).optional(),
  originalColors: z.boolean().optional(),
  init: z.enum(['content', 'noise', 'image']).optional(),
  initImage: z.instanceof(Uint8Array).optional(),
  optimizer: z.enum(['lbfgs', 'adam']).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  coarseToFine: z.boolean().optional(),
  previewEvery: z.number().int().min(0).max(MAX_ITERATIONS).optional(),
});

const jobId = z.string().min(1).max(64);

export const styleSchemas: SchemaMap = {
  'vw:style.start': z.object({
    content: z.instanceof(Uint8Array),
    styles: z.array(z.instanceof(Uint8Array)).min(1).max(MAX_STYLES),
    options: styleOptionsSchema.optional(),
  }),
  'vw:style.cancel': z.object({ jobId }),
  'vw:style.result': z.object({ jobId, wait: z.boolean().optional() }),
};
