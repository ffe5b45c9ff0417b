/** Channel handlers of the faces area (`vw:faces.*`): contract → FacesService. */
import type { FaceDetectorName, RecognizeResult } from '../../preload/contract';
import { throwIfCancelled, VwError } from '../errors';
import { LatestFrameScheduler, LIVE_LANE } from '../host/live';
import { lazy, type AreaHandlers, type HostEnv } from '../host/types';
import { checkRawFrame, type Pixels } from '../imaging/decode';
import { FacesService } from './service';

type FrameJob = { frame: { width: number; height: number; data: Uint8Array }; tau?: number; detector?: FaceDetectorName };

/** A raw RGBA frame as pixels: every stage reads RGB through the channel stride, so alpha is never copied out. */
function rgbaPixels(frame: FrameJob['frame']): Pixels {
  return { data: frame.data, width: frame.width, height: frame.height, channels: 4 };
}

export function facesHandlers(env: HostEnv): AreaHandlers {
  // Created on first use; models load lazily inside, the database opens on first query.
  let made = false;
  const service = lazy(() => {
    made = true;
    return new FacesService({
      dbPath: env.paths.db,
      session: { threads: env.threads, executionProviders: env.executionProviders },
      onChange: (counts) => env.emit('vw:faces.onDidChangeGallery', counts),
    });
  });
  type FrameBody = RecognizeResult & { frameId: number; dropped: number };
  const streams = new Map<string, LatestFrameScheduler<FrameJob, FrameBody>>();
  const stream = (id: string) => {
    let q = streams.get(id);
    if (!q) {
      // Latest frame wins per stream; frames of all engines take turns on the live lane.
      q = new LatestFrameScheduler<FrameJob, FrameBody>(
        async (j, frameId, stats) => ({
          ...(await service().recognizePixels(rgbaPixels(j.frame), j.tau, j.detector)),
          frameId,
          dropped: stats.dropped,
        }),
        { lane: LIVE_LANE },
      );
      streams.set(id, q);
    }
    return q;
  };

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
        const body = await stream(req.streamId ?? 'default').submit({ frame: req.frame, tau: req.tau, detector: req.detector });
        if (body) env.emit('vw:faces.onDidRecognizeFrame', body);
        return body;
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
      'vw:faces.reject': async (req) => service().reject(req.faceId, req.notPersonId),
      'vw:faces.calibrate': async () => service().calibrate(),
      'vw:faces.setTau': async (req) => service().setTau(req.tau),
      'vw:faces.reembed': async () => service().reembed(),
      'vw:faces.export': async () => ({ json: new TextEncoder().encode(JSON.stringify(await service().exportGallery())) }),
      'vw:faces.import': async (req) => {
        let data: unknown;
        try {
          data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(req.json));
        } catch (err) {
          throw new VwError('E_BAD_ARGUMENT', `The gallery file is not JSON: ${(err as Error).message}`);
        }
        return service().importGallery(data);
      },
    },
    dispose: async () => {
      for (const q of streams.values()) q.clear();
      streams.clear();
      if (made) await service().dispose();
    },
  };
}
