/**
 * worker_threads transport for the engine host in plain Node. The worker runs
 * the TypeScript sources through tsx, so the CLI, `vws serve` and the tests
 * need no build step.
 */
import { Worker } from 'node:worker_threads';
import type { HostTransport } from './engine-host';
import type { FromWorker } from './protocol';

export function nodeWorkerTransport(entry: URL = new URL('./worker-bootstrap.mjs', import.meta.url)): HostTransport {
  const worker = new Worker(entry, {});
  let exitCb: ((reason: string) => void) | undefined;
  let exited = false;
  const fire = (reason: string): void => {
    if (exited) return;
    exited = true;
    exitCb?.(reason);
  };
  worker.on('error', (err) => fire(`error: ${err.message}`));
  worker.on('exit', (code) => fire(`exit code ${code}`));
  return {
    post: (msg) => worker.postMessage(msg),
    onMessage: (cb) => worker.on('message', (m: FromWorker) => cb(m)),
    onExit: (cb) => {
      exitCb = cb;
    },
    terminate: async () => {
      exited = true;
      await worker.terminate();
    },
  };
}
