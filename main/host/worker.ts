/**
 * Engine host entry for Node: a worker_threads worker (CLI, tests) or a child
 * process forked with an IPC channel (`vws serve`).
 */
import { parentPort } from 'node:worker_threads';
import { serveEngine } from './worker-loop';
import { withWatchdog, type FromWorker, type ToWorker, type WorkerPort } from './protocol';

function threadPort(): WorkerPort | undefined {
  const p = parentPort;
  if (!p) return undefined;
  return { post: (msg) => p.postMessage(msg), onMessage: (cb) => p.on('message', (m: ToWorker) => cb(m)) };
}

function processPort(): WorkerPort | undefined {
  const send = process.send?.bind(process);
  if (!send) return undefined;
  // The serving process is gone (even by SIGKILL): the IPC channel closes, and so do we.
  process.on('disconnect', () => process.exit(0));
  return {
    post: (msg: FromWorker) => {
      if (process.connected) send(msg, undefined, {}, () => undefined);
    },
    onMessage: (cb) => process.on('message', (m) => cb(m as ToWorker)),
  };
}

const port = threadPort() ?? processPort();
if (!port) throw new Error('main/host/worker.ts must run as a worker thread or a forked child process');
serveEngine(withWatchdog(port));
