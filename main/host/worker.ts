/** Engine host entry for Node: a worker_threads worker (CLI, vws serve, tests). */
import { parentPort } from 'node:worker_threads';
import { serveEngine } from './worker-loop';
import type { ToWorker } from './protocol';

if (!parentPort) throw new Error('main/host/worker.ts must run as a worker thread');
const port = parentPort;
serveEngine({
  post: (msg) => port.postMessage(msg),
  onMessage: (cb) => port.on('message', (m: ToWorker) => cb(m)),
});
