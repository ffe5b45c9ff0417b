/**
 * Starting `vws serve` as a user would (the real CLI, a temporary data
 * directory and database) and talking to it from Node over the same
 * WebSocket wire the page uses, to learn what the host really reports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import WebSocket from 'ws';
import type { Channel, ErrorPayload, Req, Res } from '../../preload/contract';
import { decodeMessage, encodeMessage, type HostMessage } from '../../preload/wire';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServeHandle {
  url: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `vws serve` on a fresh data directory; `args` are extra serve flags (e.g. --allow-gallery-change). */
export async function startServe(args: string[] = []): Promise<ServeHandle> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-e2e-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/vws.mjs'), 'serve', '--port', '0', '--json', ...args], {
    cwd: ROOT,
    env: { ...process.env, VWS_DATA_DIR: dataDir, VWS_DB: path.join(dataDir, 'faces.db') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vws serve printed no URL within 60 s; stderr:\n${stderr}`)), 60_000);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: string };
        if (parsed.url) {
          clearTimeout(timer);
          resolve(parsed.url);
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
  return {
    url,
    dataDir,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Answer<C extends Channel> = { ok: true; body: Res<C> } | { ok: false; error: ErrorPayload };

/** One request over a fresh socket, answered as the page would be answered. */
export async function hostCall<C extends Channel>(pageUrl: string, channel: C, body: Req<C>, timeoutMs = 60_000): Promise<Answer<C>> {
  const u = new URL(pageUrl);
  const token = u.searchParams.get('token');
  const ws = new WebSocket(`ws://${u.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`, { origin: u.origin });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const id = `probe-${Math.random().toString(36).slice(2)}`;
    return await new Promise<Answer<C>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${channel}: no answer in ${timeoutMs} ms`)), timeoutMs);
      ws.on('message', (data: Buffer) => {
        const msg = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.length)) as HostMessage;
        if (msg.t !== 'res' || msg.id !== id) return;
        clearTimeout(timer);
        resolve(msg.ok ? { ok: true, body: msg.body as Res<C> } : { ok: false, error: msg.error });
      });
      ws.send(encodeMessage({ t: 'req', id, ch: channel, body }));
    });
  } finally {
    ws.close();
  }
}
