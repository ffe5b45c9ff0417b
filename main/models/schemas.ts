/** zod schemas for the models area's requests, checked where payloads enter main or the host. */
import { z } from 'zod';
import type { SchemaMap } from '../host/types';

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a model id such as "centernet"');

export const modelsSchemas: SchemaMap = {
  'vw:models.list': z.object({}).strict(),
  'vw:models.prepare': z.object({ ids: z.array(id).max(64).optional() }).strict(),
  'vw:models.add': z
    .object({
      ids: z.array(id).min(1).max(16),
      acceptLicense: z
        .array(
          z
            .string()
            .max(64)
            .regex(/^[A-Za-z0-9.+-]+$/, 'an SPDX license id such as "AGPL-3.0"'),
        )
        .max(16),
    })
    .strict(),
  'vw:models.inspect': z
    .object({
      model: id.optional(),
      onnx: z.instanceof(Uint8Array).optional(),
      inputShape: z
        .array(
          z
            .number()
            .int()
            .min(1)
            .max(1 << 16),
        )
        .min(1)
        .max(8)
        .optional(),
    })
    .strict()
    .refine((r) => (r.model === undefined) !== (r.onnx === undefined), {
      message: 'give exactly one of "model" (an id) or "onnx" (file bytes)',
    }),
};
