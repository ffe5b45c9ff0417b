/**
 * Style jobs: `start` returns a job id at once and the work runs in the
 * background, one job at a time (each saturates the CPU anyway). Progress
 * goes out as `vw:style.onDidProgress` every `previewEvery` iterations with a
 * small preview and an ETA; `cancel` stops after the current iteration and
 * still yields the best image so far.
 */
import { randomUUID } from 'node:crypto';
import type { Events, StyleLosses, StyleResult } from '../../preload/contract';
import { toErrorPayload, VwError } from '../errors';
import type { StyleEngine, StyleOutcome, StyleRequest } from './engine';
import type { FloatImage } from './images';

type Emit = <E extends keyof Events>(event: E, body: Events[E]) => void;

interface Job {
  id: string;
  requestId: string;
  controller: AbortController;
  result: StyleResult;
  done: Promise<StyleResult>;
  /** For cost read-outs while it runs (issue #17 item 9): the request's images and the latest iterate. */
  req: StyleRequest;
  iterate?: FloatImage;
  total?: number;
}

/** What a cost read-out of a job needs: content, first style, and the generated image now. */
export interface JobImages {
  status: StyleResult['status'];
  iteration: number;
  iterations: number;
  content: Uint8Array;
  style: Uint8Array;
  /** A copy of the current iterate (running), else undefined. */
  image?: FloatImage;
  /** The result PNG (finished). */
  png?: Uint8Array;
}

/** Finished jobs kept for `result` calls. */
const KEEP_FINISHED = 16;

export class StyleJobs {
  private readonly jobs = new Map<string, Job>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly engine: StyleEngine,
    private readonly emit: Emit,
  ) {}

  start(req: StyleRequest, requestId: string = randomUUID()): string {
    const id = randomUUID();
    const controller = new AbortController();
    const job: Job = {
      id,
      requestId,
      controller,
      result: { jobId: id, status: 'running', width: 0, height: 0, iterations: 0 },
      done: Promise.resolve(undefined as never),
      req,
    };
    job.done = (this.queue = this.queue.then(() => this.run(job, req))) as Promise<StyleResult>;
    this.jobs.set(id, job);
    this.prune();
    return id;
  }

  private async run(job: Job, req: StyleRequest): Promise<StyleResult> {
    const every = req.options?.previewEvery;
    try {
      if (job.controller.signal.aborted) throw new VwError('E_CANCELLED', 'Cancelled before it started.');
      const out: StyleOutcome = await this.engine.stylize(req, {
        signal: job.controller.signal,
        onIteration: (r) => {
          job.result = { ...job.result, iterations: r.iteration, losses: r.losses };
          job.iterate = r.image;
          job.total = r.iterations;
          const n = every ?? 10;
          if (n === 0 || (r.iteration % n !== 0 && r.iteration !== r.iterations && r.iteration !== 1)) return;
          this.emit('vw:style.onDidProgress', {
            requestId: job.requestId,
            stage: 'iterate',
            fraction: r.iteration / r.iterations,
            jobId: job.id,
            iteration: r.iteration,
            iterations: r.iterations,
            losses: r.losses,
            etaMs: Math.round(r.msPerIteration * (r.iterations - r.iteration)),
            preview: r.preview,
          });
        },
      });
      job.result = {
        jobId: job.id,
        status: out.status,
        width: out.width,
        height: out.height,
        png: out.png,
        losses: out.losses,
        initialLosses: out.initialLosses,
        iterations: out.iterations,
        msPerIteration: out.msPerIteration,
        totalMs: out.totalMs,
      };
    } catch (err) {
      const cancelled = err instanceof VwError && err.code === 'E_CANCELLED';
      job.result = { ...job.result, status: cancelled ? 'cancelled' : 'failed', error: toErrorPayload(err) };
    }
    job.iterate = undefined; // a finished job answers with its result PNG
    this.emit('vw:style.onDidFinish', job.result);
    return job.result;
  }

  private get(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new VwError('E_NOT_FOUND', `No style job ${jobId}.`);
    return job;
  }

  /** Stop a job after its current iteration; resolves with the best image so far. */
  async cancel(jobId: string): Promise<StyleResult> {
    const job = this.get(jobId);
    job.controller.abort();
    return job.done;
  }

  async result(jobId: string, wait = false): Promise<StyleResult> {
    const job = this.get(jobId);
    return wait ? job.done : job.result;
  }

  /**
   * The images of a job for a cost read-out (issue #17 item 9): the current
   * iterate, copied now (the optimizer keeps writing its own buffer), or the
   * finished result.
   */
  images(jobId: string): JobImages {
    const job = this.get(jobId);
    const it = job.result.status === 'running' ? job.iterate : undefined;
    return {
      status: job.result.status,
      iteration: job.result.iterations,
      iterations: job.total ?? job.result.iterations,
      content: job.req.content,
      style: job.req.styles[0]!,
      image: it ? { data: Float32Array.from(it.data), width: it.width, height: it.height } : undefined,
      png: job.result.png,
    };
  }

  /** Latest losses of a running job (for status lines). */
  losses(jobId: string): StyleLosses | undefined {
    return this.get(jobId).result.losses;
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.result.status !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.id);
  }

  async dispose(): Promise<void> {
    for (const j of this.jobs.values()) j.controller.abort();
    await Promise.allSettled([...this.jobs.values()].map((j) => j.done));
  }
}
