/**
 * Engine host entry for the desktop app: an Electron utilityProcess.
 * It talks through `process.parentPort` and never imports `electron`.
 */
import { serveEngine } from './worker-loop';
import { withWatchdog, type FromWorker, type ToWorker } from './protocol';

interface ParentPort {
  postMessage(msg: FromWorker): void;
  on(ev: 'message', cb: (e: { data: ToWorker }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('main/host/utility.ts must run in an Electron utility process');
const port = parentPort;
serveEngine(
  withWatchdog({
    post: (msg) => port.postMessage(msg),
    onMessage: (cb) => port.on('message', (e) => cb(e.data)),
  }),
);
