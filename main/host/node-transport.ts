/**
 * Engine-host transports for plain Node. Both run the TypeScript worker
 * sources through tsx, so the CLI, `vws serve` and the tests need no build step.
 *
 * - `nodeChildTransport`: a child process (what `vws serve` uses, as the
 *   desktop app uses a utilityProcess). Native code that aborts or a SIGKILL
 *   ends only the child; the serving process sees an exit and restarts it.
 * - `nodeWorkerTransport`: a worker thread (the CLI and most tests; cheaper to
 *   start, but a native abort inside it takes the whole process down).
 */
import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { HostTransport } from './engine-host';
import type { FromWorker, ToWorker } from './protocol';

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

/** Calls the exit callback once, whatever happens first. */
function once(): { fire: (reason: string) => void; set: (cb: (reason: string) => void) => void; done: () => boolean; silence: () => void } {
  let cb: ((reason: string) => void) | undefined;
  let fired = false;
  return {
    fire: (reason) => {
      if (fired) return;
      fired = true;
      cb?.(reason);
    },
    set: (c) => {
      cb = c;
    },
    done: () => fired,
    silence: () => {
      fired = true;
    },
  };
}

export function nodeWorkerTransport(entry: URL = BOOTSTRAP): HostTransport {
  const worker = new Worker(entry, {});
  const exit = once();
  worker.on('error', (err) => exit.fire(`error: ${err.message}`));
  worker.on('exit', (code) => exit.fire(`exit code ${code}`));
  return {
    post: (msg) => {
      if (!exit.done()) worker.postMessage(msg);
    },
    onMessage: (cb) => worker.on('message', (m: FromWorker) => cb(m)),
    onExit: exit.set,
    terminate: async () => {
      exit.silence();
      await worker.terminate();
    },
  };
}

/**
 * The engine host in a child process, talking over Node's IPC channel with
 * structured-clone serialization (Uint8Arrays travel as bytes).
 */
export function nodeChildTransport(entry: URL = BOOTSTRAP): HostTransport {
  const child = fork(entry, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Not the parent's flags (a debugger port, a test runner's loader): the bootstrap registers tsx itself.
    execArgv: [],
    env: { ...process.env, VWS_ENGINE_CHILD: '1' },
  });
  const exit = once();
  child.on('error', (err) => exit.fire(`error: ${err.message}`));
  child.on('exit', (code, signal) => exit.fire(signal ? `killed by ${signal}` : `exit code ${code}`));
  return {
    pid: child.pid,
    post: (msg: ToWorker) => {
      if (exit.done() || !child.connected) return;
      try {
        child.send(msg, (err) => {
          if (err) exit.fire(`IPC failed: ${err.message}`);
        });
      } catch (err) {
        exit.fire(`IPC failed: ${(err as Error).message}`);
      }
    },
    onMessage: (cb) => child.on('message', (m) => cb(m as FromWorker)),
    kill: () => {
      exit.silence();
      child.kill('SIGKILL');
    },
    onExit: exit.set,
    terminate: async () => {
      exit.silence();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
