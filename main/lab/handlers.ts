/** Channel handlers of the lab area (`vw:lab.*`): pure TypeScript, no model. */
import type { AreaHandlers, HostEnv } from '../host/types';
import { convolve, pool } from './conv';
import { labImage } from './image';
import { largeImage, oneByOne } from './costs';
import { describeNetwork, listNetworks } from './networks';

export function labHandlers(_env: HostEnv): AreaHandlers {
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
    },
  };
}
