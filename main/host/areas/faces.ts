/** The faces area's channels (`vw:faces.*`): schemas and handlers, contract → FacesService. */
import { z } from 'zod';
import type { FaceDetectorName, RawFrame, RecognizeResult } from '../../../preload/contract';
import { FACE_DETECTORS } from '../../../preload/enums';
import { throwIfCancelled } from '../../errors';
import { FacePipeline } from '../../faces/pipeline';
import { FacesService } from '../../faces/service';
import { checkRawFrame, type Pixels } from '../../imaging/decode';
import { LiveStreams } from '../live';
import { onFirstUse, type AreaHandlers, type HostEnv, type SchemaMap } from '../types';
import { rawFrame } from './detection';
import { galleryStores, galleryStoreSchemas } from './faces.gallery';

const id = z.number().int().min(1);
const tau = z.number().min(-1).max(1);
const name = z.string().trim().min(1).max(200);
const image = z.instanceof(Uint8Array);
const detector = z.enum(FACE_DETECTORS);

export const facesSchemas: SchemaMap = {
  'vw:faces.enroll': z.object({
    name,
    images: z
      .array(z.object({ name: z.string().min(1).max(1024), data: image }))
      .min(1)
      .max(100),
  }),
  'vw:faces.recognize': z.object({ image, tau: tau.optional(), detector: detector.optional() }),
  'vw:faces.frame': z.object({
    frame: rawFrame,
    tau: tau.optional(),
    streamId: z.string().min(1).max(128).optional(),
    detector: detector.optional(),
  }),
  'vw:faces.verify': z.object({ a: image, b: image, tau: tau.optional(), detector: detector.optional() }),
  'vw:faces.list': z.object({}),
  'vw:faces.faces': z.object({ personId: id }),
  'vw:faces.thumbnail': z.object({ faceId: id }),
  'vw:faces.rename': z.object({ personId: id, name }),
  'vw:faces.merge': z.object({ from: id, into: id }),
  'vw:faces.removePerson': z.object({ personId: id }),
  'vw:faces.removeFace': z.object({ faceId: id }),
  'vw:faces.moveFace': z.object({ faceId: id, toPersonId: id }),
  'vw:faces.reject': z.object({ faceId: id, notPersonId: id }),
  // issue 13: "not this person" on a recognize result (the probe's face, found again by its box)
  'vw:faces.rejectProbe': z.object({
    image,
    box: z
      .tuple([z.number().finite(), z.number().finite(), z.number().finite(), z.number().finite()])
      .refine(([x1, y1, x2, y2]) => x2 > x1 && y2 > y1, 'box must be [x1, y1, x2, y2] with x2 > x1 and y2 > y1'),
    notPersonId: id,
    source: z.string().trim().min(1).max(1024).optional(),
    detector: detector.optional(),
  }),
  'vw:faces.calibrate': z.object({}),
  'vw:faces.setTau': z.object({ tau }),
  'vw:faces.reembed': z.object({}),
  'vw:faces.export': z.object({}),
  'vw:faces.import': z.object({ json: z.instanceof(Uint8Array) }),
  ...galleryStoreSchemas,
  // personalization (issue #17 item 8)
  'vw:faces.personalization': z.object({}).strict(),
  'vw:faces.personalize': z.object({ steps: z.number().int().min(1).max(2000).optional() }).strict(),
  'vw:faces.removePersonalization': z.object({}).strict(),
};

type FrameJob = { frame: RawFrame; tau?: number; detector?: FaceDetectorName };

/** A raw RGBA frame as pixels: every stage reads RGB through the channel stride, so alpha is never copied out. */
function rgbaPixels(frame: RawFrame): Pixels {
  return { data: frame.data, width: frame.width, height: frame.height, channels: 4 };
}

/** Live faces: stateless per stream; frames through the host's live adapter. */
export function facesLive(service: () => FacesService) {
  return new LiveStreams<undefined, FrameJob, RecognizeResult>({
    open: () => undefined,
    run: (_s, j) => service().recognizePixels(rgbaPixels(j.frame), j.tau, j.detector),
  });
}

export function facesHandlers(env: HostEnv): AreaHandlers {
  // Created on first use; models load lazily inside, the database opens on first query.
  // One pipeline (the face models) for whichever gallery is in use; models load lazily inside.
  const session = { threads: env.threads, executionProviders: env.executionProviders };
  const pipeline = onFirstUse(() => new FacePipeline({ models: env.models, session }));
  // The gallery (SQLite or PostgreSQL) opens on first query; the app may switch it (faces.gallery.ts).
  const stores = galleryStores(
    env,
    (gallery) =>
      new FacesService({
        dbPath: env.paths.db,
        ...(gallery ? { gallery } : {}),
        models: env.models,
        session,
        pipeline: pipeline(),
        onChange: (counts) => env.emit('vw:faces.onDidChangeGallery', counts),
      }),
  );
  const service = stores.current;
  const live = facesLive(service);
  return {
    handlers: {
      'vw:faces.enroll': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return service().enroll(req.name, req.images);
      },
      'vw:faces.recognize': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return service().recognize(req.image, req.tau, req.detector);
      },
      'vw:faces.frame': async (req) => {
        checkRawFrame(req.frame);
        return live.submit(req.streamId ?? 'default', { frame: req.frame, tau: req.tau, detector: req.detector });
      },
      'vw:faces.verify': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return service().verify(req.a, req.b, req.tau, req.detector);
      },
      'vw:faces.list': async () => service().list(),
      'vw:faces.faces': async (req) => service().faces(req.personId),
      'vw:faces.thumbnail': async (req) => service().thumbnail(req.faceId),
      'vw:faces.rename': async (req) => service().rename(req.personId, req.name),
      'vw:faces.merge': async (req) => service().merge(req.from, req.into),
      'vw:faces.removePerson': async (req) => service().removePerson(req.personId),
      'vw:faces.removeFace': async (req) => service().removeFace(req.faceId),
      'vw:faces.moveFace': async (req) => service().moveFace(req.faceId, req.toPersonId),
      'vw:faces.reject': async (req) => service().reject(req.faceId, req.notPersonId),
      'vw:faces.rejectProbe': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return service().rejectProbe(req.image, req.box, req.notPersonId, req.source, req.detector);
      },
      'vw:faces.calibrate': async () => service().calibrate(),
      'vw:faces.setTau': async (req) => service().setTau(req.tau),
      'vw:faces.reembed': async () => service().reembed(),
      'vw:faces.export': async () => ({ json: new TextEncoder().encode(JSON.stringify(await service().exportGallery())) }),
      'vw:faces.import': async (req) => service().importGallery(req.json),
      'vw:faces.store': async () => stores.info(),
      'vw:faces.useStore': async (req) => stores.use(req.url),
      // personalization (issue #17 item 8)
      'vw:faces.personalization': async () => service().personalization(),
      'vw:faces.personalize': async (req, ctx) => {
        throwIfCancelled(ctx.signal);
        return service().personalize({ steps: req.steps, signal: ctx.signal });
      },
      'vw:faces.removePersonalization': async () => service().removePersonalization(),
    },
    dispose: async () => {
      live.closeAll();
      await stores.dispose();
      await pipeline.dispose((p) => p.dispose());
    },
  };
}
