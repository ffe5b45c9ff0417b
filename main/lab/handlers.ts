/** Channel handlers of the lab area (`vw:lab.*`): pure TypeScript, plus the bundled detector for the YOLO lesson. */
import { lazy, type AreaHandlers, type HostEnv } from '../host/types';
import type { Paths } from '../config';
import { throwIfCancelled } from '../errors';
import { convolve, pool } from './conv';
import { labImage } from './image';
import { largeImage, oneByOne } from './costs';
import { describeNetwork, listNetworks } from './networks';
import { iouReport } from './yolo';
import { slidingWindows } from './sliding';
import { YoloLesson } from './yolo.lesson';

/** Model id → cached .onnx file, prepared on first use (loaded lazily: pure lessons never pull in the fetch stack). */
function resolver(paths: Paths): (id: string) => Promise<string> {
  return async (id) => {
    const { ensureModel } = await import('../models/index');
    return ensureModel(id, { paths });
  };
}

export function labHandlers(env: HostEnv): AreaHandlers {
  let made = false;
  const yolo = lazy(() => {
    made = true;
    return new YoloLesson({ resolve: resolver(env.paths), threads: env.threads, executionProviders: env.executionProviders });
  });
  return {
    handlers: {
      'vw:lab.convolve': async (req) => {
        const output = convolve(req.input, req.filter, req.padding, req.stride);
        return { output, outputSize: { rows: output.rows, cols: output.cols } };
      },
      'vw:lab.pool': async (req) => {
        const output = pool(req.input, req.mode, req.size, req.stride);
        return { output, outputSize: { rows: output.rows, cols: output.cols } };
      },
      'vw:lab.image': async (req, ctx) => labImage(req, ctx.signal),
      // The seed's lessons (issue #17).
      'vw:lab.networks': async () => listNetworks(),
      'vw:lab.network': async (req) => describeNetwork(req.id),
      'vw:lab.oneByOne': async (req) => oneByOne(req),
      'vw:lab.largeImage': async (req) => largeImage(req),
      'vw:lab.iou': async (req) => iouReport(req.a, req.b),
      'vw:lab.sliding': async (req) => slidingWindows(req),
      'vw:lab.yolo': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return yolo().run(req);
      },
    },
    dispose: async () => {
      if (made) await yolo().dispose();
    },
  };
}
