/** Channel handlers of the style area (`vw:style.*`). */
import { lazy, type AreaHandlers, type HostEnv } from '../host/types';
import { StyleEngine } from './engine';
import { StyleJobs } from './job';

export function styleHandlers(env: HostEnv): AreaHandlers {
  // Nothing loads until the first job: the backbone and sessions are lazy.
  let made = false;
  const jobs = lazy(() => {
    made = true;
    const engine = new StyleEngine({ paths: env.paths, session: { executionProviders: env.executionProviders, threads: env.threads } });
    return { engine, jobs: new StyleJobs(engine, env.emit) };
  });
  return {
    handlers: {
      'vw:style.start': async (req, ctx) => ({ jobId: jobs().jobs.start(req, ctx.requestId) }),
      'vw:style.cancel': async (req) => jobs().jobs.cancel(req.jobId),
      'vw:style.result': async (req, ctx) => {
        const r = jobs().jobs.result(req.jobId, req.wait);
        // A caller that gives up waiting does not cancel the job itself.
        return req.wait
          ? await Promise.race([
              r,
              new Promise<never>((_, rej) => ctx.signal.addEventListener('abort', () => rej(ctx.signal.reason), { once: true })),
            ])
          : r;
      },
    },
    dispose: async () => {
      if (!made) return;
      await jobs().jobs.dispose();
      await jobs().engine.dispose();
    },
  };
}
