/** The models area's channels (`vw:models.*`): schemas and handlers, contract → the model store. */
import { z } from 'zod';
import type { ModelInfo } from '../../../preload/contract';
import { loadManifest } from '../../models/manifest';
import { ensureModel, ensureModels, modelStatus } from '../../models/store';
import { DETECTOR_FAMILIES } from '../../../preload/enums';
import { addModels, optionalModels } from '../../models/optional';
import type { AreaHandlers, HostEnv, SchemaMap } from '../types';
import { ID_PATTERN, importUserModel, userModelFile } from '../user-models';

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a model id such as "centernet"');

export const modelsSchemas: SchemaMap = {
  'vw:models.import': z
    .object({
      name: z.string().min(1).max(255),
      bytes: z.instanceof(Uint8Array),
      family: z.enum(DETECTOR_FAMILIES).optional(),
      labels: z.array(z.string().min(1).max(100)).max(10_000).optional(),
      anchors: z.array(z.number().positive().finite()).max(200).optional(),
      inputSize: z.number().int().min(32).max(4096).optional(),
    })
    .strict(),
  'vw:models.list': z.object({}).strict(),
  'vw:models.prepare': z.object({ ids: z.array(id).max(64).optional() }).strict(),
  'vw:models.inspect': z
    .object({
      // A manifest id, or the id of an imported model.
      model: z.string().regex(ID_PATTERN, 'a model id such as "centernet"').optional(),
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
  // issue 15: optional models, downloaded only with their license accepted by its exact SPDX id.
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
};

/** Doctor status + manifest I/O description, per model. */
export function modelInfos(env: Pick<HostEnv, 'paths'>, ids?: string[]): ModelInfo[] {
  const manifest = loadManifest();
  const status = modelStatus(env.paths, manifest);
  const optional = new Map(optionalModels(env.paths, manifest).map((o) => [o.id, o]));
  return manifest.models
    .filter((m) => !ids || ids.includes(m.id))
    .map((m) => {
      const o = optional.get(m.id);
      return {
        ...status.find((s) => s.id === m.id)!,
        format: m.format,
        inputs: m.inputs.map(({ name, shape, type }) => ({ name, shape, type })),
        outputs: m.outputs.map(({ name, shape, type }) => ({ name, shape, type })),
        ...(o
          ? {
              licenseGate: {
                accept: o.accept,
                url: o.licenseUrl,
                summary: o.summary,
                description: o.description,
                downloadBytes: o.downloadBytes,
                command: o.command,
              },
            }
          : {}),
      };
    });
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
      'vw:models.import': async (req) =>
        importUserModel(env.paths, req, { threads: env.threads, executionProviders: env.executionProviders }),
      // issue 15: the license is checked again here (addModels), whatever the page did.
      'vw:models.add': async (req, ctx) => {
        await addModels(req.ids, {
          acceptLicense: req.acceptLicense,
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
        const inManifest = loadManifest().models.some((m) => m.id === req.model);
        const file = inManifest ? await ensureModel(req.model!, { paths: env.paths }) : userModelFile(env.paths, req.model!);
        return inspectModel(file, { inputShape: req.inputShape, label: req.model });
      },
    },
  };
}
