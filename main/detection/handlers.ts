/** Channel handlers of the detection area (`vw:detection.*`). */
import { throwIfCancelled } from '../errors';
import { lazy, type AreaHandlers, type HostEnv } from '../host/types';
import { DetectionService } from './service';

export function detectionHandlers(env: HostEnv): AreaHandlers {
  // Created on first use: the model loads lazily inside the service as well.
  const service = lazy(
    () =>
      new DetectionService({
        paths: env.paths,
        threads: env.threads,
        executionProviders: env.executionProviders,
        onFrame: (r) => env.emit('vw:detection.onDidDetectFrame', r),
      }),
  );
  let made = false;
  const get = () => {
    made = true;
    return service();
  };
  return {
    handlers: {
      'vw:detection.detect': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return get().detect(req.image, req.options);
      },
      'vw:detection.frame': async (req) => get().frame(req.frame, req.options),
      'vw:detection.models': async () => get().listModels(),
    },
    dispose: async () => {
      if (made) await service().dispose();
    },
  };
}
