/** Channel handlers of the models area (`vw:models.*`). */
import type { ModelInfo } from '../../preload/contract';
import type { AreaHandlers, HostEnv } from '../host/types';
import { loadManifest } from './manifest';
import { ensureModel, ensureModels, modelStatus } from './store';

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
        const { inspectModel } = await import('./inspect');
        if (req.onnx) return inspectModel(req.onnx, { inputShape: req.inputShape, label: 'uploaded model' });
        const file = await ensureModel(req.model!, { paths: env.paths });
        return inspectModel(file, { inputShape: req.inputShape, label: req.model });
      },
    },
  };
}
