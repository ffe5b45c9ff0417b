/** The lab area's channels (`vw:lab.*`): schemas and handlers; pure TypeScript, no model. */
import { z } from 'zod';
import { convolve, pool } from '../../lab/conv';
import { labImage } from '../../lab/image';
import { probeImage } from '../../imaging/decode';
import { checkLabWork, checkPoolWork } from '../budgets';
import type { AreaHandlers, HostEnv, SchemaMap } from '../types';

// Shape consistency (rows×cols = data.length) is checked by the engine with a readable message.
const matrix = z.object({
  rows: z.number().int().min(1).max(4096),
  cols: z.number().int().min(1).max(4096),
  data: z.array(z.number()).max(4096 * 4096),
});
const filter = z.object({
  rows: z.number().int().min(1).max(64),
  cols: z.number().int().min(1).max(64),
  data: z.array(z.number()).max(64 * 64),
});
const padding = z.number().int().min(0).max(1024);
const stride = z.number().int().min(1).max(1024);
const poolSpec = z.object({ mode: z.enum(['max', 'avg']), size: z.number().int().min(1).max(1024), stride });

export const labSchemas: SchemaMap = {
  'vw:lab.convolve': z.object({ input: matrix, filter, padding, stride }),
  'vw:lab.pool': z.object({ input: matrix, mode: z.enum(['max', 'avg']), size: z.number().int().min(1).max(1024), stride }),
  'vw:lab.image': z.object({ image: z.instanceof(Uint8Array), filter, padding, stride, pool: poolSpec.optional() }),
};

export function labHandlers(_env: HostEnv): AreaHandlers {
  return {
    handlers: {
      'vw:lab.convolve': async (req) => {
        checkLabWork(req.input, req.filter, req.padding, req.stride);
        const output = convolve(req.input, req.filter, req.padding, req.stride);
        return { output, outputSize: { rows: output.rows, cols: output.cols } };
      },
      'vw:lab.pool': async (req) => {
        checkPoolWork(req.input, req.size, req.stride);
        const output = pool(req.input, req.mode, req.size, req.stride);
        return { output, outputSize: { rows: output.rows, cols: output.cols } };
      },
      'vw:lab.image': async (req, ctx) => {
        // The header gives the size before a pixel is decoded.
        const { width, height } = await probeImage(req.image);
        checkLabWork({ rows: height, cols: width }, req.filter, req.padding, req.stride, undefined, req.pool);
        return labImage(req, ctx.signal);
      },
    },
  };
}
