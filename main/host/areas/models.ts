/** The models area's channels (`vw:models.*`): schemas and handlers, contract → the model store. */
import { z } from 'zod';
import type { ModelInfo } from '../../../preload/contract';
import { loadManifest } from '../../models/manifest';
import { ensureModel, ensureModels, modelStatus } from '../../models/store';
import type { AreaHandlers, HostEnv, SchemaMap } from '../types';

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a model id such as "centernet"');

export const modelsSchemas: SchemaMap = {
  'vw:models.list': z.object({}).strict(),
  'vw:models.prepare': z.object({ ids: z.array(id).max(64).optional() }).strict(),
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

/** Doctor status + manifest I/O description, per model. */
export function modelInfos(env: Pick<HostEnv, 'paths'>, ids?: string[]): ModelInfo[] {
  const manifest = loadManifest();
  const status = modelStatus(env.paths, manifest);
  return manifest.models
    .filter((m) => !ids || ids.includes(m.id))
    .map((m) => ({
      ...status.find((s) => s.id === m.id)!,
      format: m.format,
      inputs: m.inputs.map(({ name, shape, type }) => ({ name, shape, type })),
      outputs: m.outputs.map(({ name, shape, type }) => ({ name, shape, type })),
    }));
}

export function modelsHandlers(env: HostEnv): AreaHandlers {
  return {
    handlers: {
      'vw:models.list': async () => modelInfos(env),
      'vw:models.prepare': async (req, ctx) => {
        await ensureModels({
          ids: req.ids,
          paths: env.paths,
          signal: ctx.signal,
          onProgress: (p) => ctx.emit('vw:models.onDidProgress', { requestId: ctx.requestId, ...p }),
        });
        return modelInfos(env, req.ids);
      },
      'vw:models.inspect': async (req) => {
        // Lazy: the inspector loads onnxruntime; listing models should not.
        const { inspectModel } = await import('../../models/inspect');
        if (req.onnx) return inspectModel(req.onnx, { inputShape: req.inputShape, label: 'dropped model' });
        return inspectModel(await ensureModel(req.model!, { paths: env.paths }), { inputShape: req.inputShape, label: req.model });
      },
    },
  };
}
