/** The lab area's channels (`vw:lab.*`): schemas and handlers; pure TypeScript, plus the bundled detector for the YOLO lesson. */
import { z } from 'zod';
import { convolve, pool } from '../../lab/conv';
import { labImage } from '../../lab/image';
import { probeImage } from '../../imaging/decode';
import { checkLabWork, checkPoolWork } from '../budgets';
import { throwIfCancelled } from '../../errors';
import { largeImage, oneByOne } from '../../lab/costs';
import { describeNetwork, listNetworks } from '../../lab/networks';
import { slidingWindows } from '../../lab/sliding';
import { iouReport } from '../../lab/yolo';
import { YoloLesson } from '../../lab/yolo.lesson';
import { MAX_VERIFY_IMAGES, VerificationLesson } from '../../lab/verification';
import { localize } from '../../lab/localization';
import { StyleCostsLesson } from '../../lab/style-costs';
import { MAX_TRIPLET_IMAGES, tripletLesson } from '../../lab/triplet';
import { DetectionService } from '../../detection/service';
import { FacePipeline } from '../../faces/pipeline';
import { onFirstUse, type AreaHandlers, type HostEnv, type SchemaMap } from '../types';

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

// The seed's lessons (issue #17). Caps keep the calculators to sizes a lesson can mean.
const dim = z.number().int().min(1).max(100_000);
const side = z.number().int().min(1).max(8192);
const window = z.number().int().min(1).max(31);
const NETWORK_IDS = ['notes-cnn', 'lenet5', 'alexnet', 'vgg16', 'residual-block', 'resnet50', 'inception-module', 'googlenet'] as const;

const box = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const labSchemas: SchemaMap = {
  'vw:lab.convolve': z.object({ input: matrix, filter, padding, stride }),
  'vw:lab.pool': z.object({ input: matrix, mode: z.enum(['max', 'avg']), size: z.number().int().min(1).max(1024), stride }),
  'vw:lab.image': z.object({ image: z.instanceof(Uint8Array), filter, padding, stride, pool: poolSpec.optional() }),
  'vw:lab.networks': z.object({}).strict(),
  'vw:lab.network': z.object({ id: z.enum(NETWORK_IDS) }),
  'vw:lab.oneByOne': z.object({ height: side, width: side, channels: dim, f: window, filters: dim, bottleneck: dim }),
  'vw:lab.largeImage': z.object({ height: side, width: side, channels: dim, units: dim, f: window, filters: dim }),
  'vw:lab.yolo': z.object({
    image: z.instanceof(Uint8Array),
    conf: z.number().min(0).max(1).optional(),
    iou: z.number().gt(0).max(1).optional(),
    grid: z.number().int().min(1).max(64).optional(),
    anchors: z
      .array(z.tuple([z.number().gt(0).max(1), z.number().gt(0).max(1)]))
      .min(1)
      .max(9)
      .optional(),
    classes: z.array(z.string().max(64)).min(1).max(80).optional(),
    targetConf: z.number().min(0).max(1).optional(),
  }),
  'vw:lab.iou': z.object({ a: box, b: box }),
  'vw:lab.verify': z.object({
    images: z
      .array(z.object({ name: z.string().min(1).max(256), data: z.instanceof(Uint8Array) }))
      .min(2)
      .max(MAX_VERIFY_IMAGES),
    tau: z.number().min(-1).max(1).optional(),
  }),
  'vw:lab.triplet': z.object({
    images: z
      .array(
        z.object({
          name: z.string().min(1).max(256),
          person: z.string().min(1).max(256),
          heldOut: z.boolean().optional(),
          data: z.instanceof(Uint8Array),
        }),
      )
      .min(3)
      .max(MAX_TRIPLET_IMAGES),
    alpha: z.number().min(0).max(4).optional(),
    steps: z.number().int().min(0).max(5000).optional(),
  }),
  'vw:lab.styleCosts': z.object({
    content: z.instanceof(Uint8Array),
    style: z.instanceof(Uint8Array),
    generated: z.instanceof(Uint8Array).optional(),
    size: z.number().int().min(32).max(512).optional(),
  }),
  'vw:lab.localize': z.object({
    image: z.instanceof(Uint8Array),
    classes: z.array(z.string().min(1).max(64)).min(1).max(80).optional(),
  }),
  'vw:lab.sliding': z.object({
    image: z.instanceof(Uint8Array),
    side: z.number().int().min(14).max(48).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
  }),
};

export function labHandlers(env: HostEnv): AreaHandlers {
  const yolo = onFirstUse(() => new YoloLesson({ resolve: env.models, threads: env.threads, executionProviders: env.executionProviders }));
  const engine = { models: env.models, threads: env.threads, executionProviders: env.executionProviders };
  const faces = onFirstUse(() => new FacePipeline({ models: env.models }));
  const detection = onFirstUse(() => new DetectionService(engine));
  const styleCosts = onFirstUse(() => new StyleCostsLesson(engine));
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
      // The seed's lessons (issue #17).
      'vw:lab.networks': async () => listNetworks(),
      'vw:lab.network': async (req) => describeNetwork(req.id),
      'vw:lab.oneByOne': async (req) => oneByOne(req),
      'vw:lab.largeImage': async (req) => largeImage(req),
      'vw:lab.iou': async (req) => iouReport(req.a, req.b),
      'vw:lab.sliding': async (req) => slidingWindows(req),
      'vw:lab.verify': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return new VerificationLesson(faces()).run(req);
      },
      'vw:lab.triplet': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return tripletLesson(req, faces());
      },
      'vw:lab.styleCosts': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return styleCosts().run(req);
      },
      'vw:lab.localize': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return localize(req, detection(), faces());
      },
      'vw:lab.yolo': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return yolo().run(req);
      },
    },
    dispose: async () => {
      await yolo.dispose((l) => l.dispose());
      await faces.dispose((p) => p.dispose());
      await detection.dispose((d) => d.dispose());
      await styleCosts.dispose((l) => l.dispose());
    },
  };
}
