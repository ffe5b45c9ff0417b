/** Electron utilityProcess transport for the engine host (desktop app only). */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { HostTransport } from '../host/engine-host';
import type { FromWorker } from '../host/protocol';

export function utilityTransport(entry: string, env: Record<string, string>): HostTransport {
  const child: UtilityProcess = utilityProcess.fork(entry, [], {
    serviceName: 'vision-workstation-engines',
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  let exitCb: ((reason: string) => void) | undefined;
  let exited = false;
  child.on('exit', (code) => {
    if (exited) return;
    exited = true;
    exitCb?.(`exit code ${code}`);
  });
  return {
    post: (msg) => child.postMessage(msg),
    onMessage: (cb) => child.on('message', (m: FromWorker) => cb(m)),
    onExit: (cb) => {
      exitCb = cb;
    },
    terminate: async () => {
      exited = true;
      child.kill();
    },
  };
}
