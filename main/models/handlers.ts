/** Channel handlers of the models area (`vw:models.*`). */
import type { ModelInfo } from '../../preload/contract';
import type { AreaHandlers, HostEnv } from '../host/types';
import { loadManifest } from './manifest';
import { ensureModel, ensureModels, modelStatus } from './store';
import { addModels, optionalModels } from './optional';

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
      // issue 15: optional models, only with the license accepted (checked again in addModels).
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
        const { inspectModel } = await import('./inspect');
        if (req.onnx) return inspectModel(req.onnx, { inputShape: req.inputShape, label: 'uploaded model' });
        const file = await ensureModel(req.model!, { paths: env.paths });
        return inspectModel(file, { inputShape: req.inputShape, label: req.model });
      },
    },
  };
}
