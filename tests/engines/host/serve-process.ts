/**
 * A real `vws serve` in its own process (the CLI as a user starts it), for
 * tests that must see whether that process survives what they send.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface Served {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  /** Set once the process has exited. */
  exited: { code: number | null; signal: string | null } | undefined;
  stop(): Promise<void>;
}

/** Start `vws serve` with `args` and a fresh data directory; resolves once it prints its URL. */
export async function serve(args: string[] = [], dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-fuzz-'))): Promise<Served> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/vws.mjs'), 'serve', '--port', '0', '--json', ...args], {
    cwd: ROOT,
    env: { ...process.env, VWS_DATA_DIR: dataDir, VWS_DB: path.join(dataDir, 'faces.db') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-10_000);
  });
  const served: Served = {
    child,
    url: '',
    port: 0,
    token: '',
    exited: undefined,
    async stop() {
      if (served.exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(t);
    },
  };
  child.once('exit', (code, signal) => {
    served.exited = { code, signal };
  });
  const line = await new Promise<{ url: string; port: number; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vws serve printed no URL within 60 s; stderr:\n${stderr}`)), 60_000);
    readline.createInterface({ input: child.stdout! }).on('line', (l) => {
      try {
        const parsed = JSON.parse(l) as { url?: string; port: number; token: string };
        if (parsed.url) {
          clearTimeout(timer);
          resolve(parsed as { url: string; port: number; token: string });
        }
      } catch {
        // not the JSON line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vws serve exited with ${code}; stderr:\n${stderr}`));
    });
  });
  Object.assign(served, line);
  return served;
}

/**
 * Send raw bytes on a fresh connection and wait until the server closes it
 * ('hang' if it does not in time). With `halfClose` we end our side after
 * writing, as a client that has said all it will; without it, the server alone
 * must decide to close (a protocol error must make it do so).
 */
export function rawExchange(port: number, bytes: Buffer, timeoutMs: number, halfClose = true): Promise<'closed' | 'hang'> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      sock.destroy();
      resolve('hang');
    }, timeoutMs);
    sock.on('error', () => undefined);
    sock.on('data', () => undefined);
    sock.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
    sock.write(bytes, () => {
      if (halfClose) sock.end();
    });
  });
}
