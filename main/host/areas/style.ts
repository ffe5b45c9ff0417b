/** The style area's channels (`vw:style.*`): schemas and handlers, contract → StyleJobs. */
import { z } from 'zod';
import { STYLE_INITS, STYLE_OPTIMIZERS } from '../../../preload/enums';
import { StyleEngine } from '../../style/engine';
import { StyleCostsLesson } from '../../lab/style-costs';
import { StyleJobs } from '../../style/job';
import { MAX_ITERATIONS, MAX_STYLES, SIZE_RANGE, WEIGHT_MAX } from '../../style/limits';
import { STYLE_DEFAULTS } from '../../style/options';
import { checkStyleMemory } from '../budgets';
import { onFirstUse, type AreaHandlers, type HostEnv, type SchemaMap } from '../types';

const weight = z.number().min(0).max(WEIGHT_MAX);

export const styleOptionsSchema = z.object({
  contentWeight: weight.optional(),
  styleWeight: weight.optional(),
  tvWeight: weight.optional(),
  iterations: z.number().int().min(1).max(MAX_ITERATIONS).optional(),
  size: z.number().int().min(SIZE_RANGE.min).max(SIZE_RANGE.max).optional(),
  styleScale: z.number().min(0.1).max(4).optional(),
  styleBlendWeights: z.array(z.number().min(0).max(1e6)).min(1).max(MAX_STYLES).optional(),
  originalColors: z.boolean().optional(),
  init: z.enum(STYLE_INITS).optional(),
  initImage: z.instanceof(Uint8Array).optional(),
  optimizer: z.enum(STYLE_OPTIMIZERS).optional(),
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
  // issue #17 item 9
  'vw:style.costs': z.object({ jobId, size: z.number().int().min(32).max(512).optional() }),
};

export function styleHandlers(env: HostEnv): AreaHandlers {
  // Nothing loads until the first job: the backbone and sessions are lazy.
  const style = onFirstUse(() => {
    const engine = new StyleEngine({ models: env.models, session: { executionProviders: env.executionProviders, threads: env.threads } });
    return { engine, jobs: new StyleJobs(engine, env.emit) };
  });
  // The costs of a job's current image (issue #17 item 9), on the same loaded backbone.
  const costs = onFirstUse(() => new StyleCostsLesson({ models: env.models, engine: style().engine }));
  return {
    handlers: {
      'vw:style.start': async (req, ctx) => {
        checkStyleMemory(req.options?.size ?? STYLE_DEFAULTS.size);
        return { jobId: style().jobs.start(req, ctx.requestId) };
      },
      'vw:style.cancel': async (req) => style().jobs.cancel(req.jobId),
      'vw:style.result': async (req, ctx) => {
        const r = style().jobs.result(req.jobId, req.wait);
        // A caller that gives up waiting does not cancel the job itself.
        return req.wait
          ? await Promise.race([
              r,
              new Promise<never>((_, rej) => ctx.signal.addEventListener('abort', () => rej(ctx.signal.reason), { once: true })),
            ])
          : r;
      },
      'vw:style.costs': async (req) => {
        // Running: the current iterate; finished: the result; not started yet: G = C.
        const job = style().jobs.images(req.jobId);
        const r = await costs().run({ content: job.content, style: job.style, generated: job.png, size: req.size }, job.image);
        return { ...r, jobId: req.jobId, status: job.status, iteration: job.iteration, iterations: job.iterations };
      },
    },
    dispose: () =>
      style.dispose(async ({ engine, jobs }) => {
        await costs.dispose((c) => c.dispose());
        await jobs.dispose();
        await engine.dispose();
      }),
  };
}
