/**
 * A bounded fuzz of a real `vws serve` (the CLI, its engine in a child
 * process): thousands of malformed HTTP requests, WebSocket upgrades, raw
 * frames that break the protocol and well-framed messages with hostile content,
 * from a seeded generator. Counted: process exits (the server is restarted if
 * it dies, and the test fails), hangs (no answer or close in time) and
 * E_INTERNAL answers — all must be 0. Afterwards a real detection on the
 * fixture photo still finds the reference boxes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DetectResult } from '../../../preload/contract';
import { decodeMessage, encodeMessage, type HostMessage } from '../../../preload/wire';
import { EXPECTED, FIXTURES, matchedCounts } from '../detection/expected';
import { upgradeHeaders } from '../../unit/host/raw';
import { httpCase, messageCase, rawFrameCase, rng, upgradeCase, type Rng } from './fuzz-cases';
import { rawExchange, serve, type Served } from './serve-process';

const SEED = Number(process.env.VWS_FUZZ_SEED ?? 12);
const COUNTS = { http: 1500, upgrade: 700, raw: 500, messages: 2400 };
const ANSWER_MS = 15_000;

interface Tally {
  sent: number;
  exits: number;
  hangs: string[];
  internal: string[];
  /** Answers by code ('ok' for a success), to see that the fuzz reaches past the parser. */
  codes: Record<string, number>;
  /** Milliseconds per phase: http, upgrade, raw frames, messages. */
  phaseMs?: number[];
}

let served: Served | undefined;
afterAll(() => served?.stop());

/** The server, restarted (and the exit counted) if it died. */
async function alive(t: Tally, args: string[]): Promise<Served> {
  if (served && !served.exited) return served;
  if (served?.exited) t.exits++;
  served = await serve(args);
  return served;
}

function openSocket(s: Served): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Send one message on `ws` and wait for one answer (any id: one message is in flight at a time on this socket). */
function exchange(ws: WebSocket, data: Buffer | string, expectsAnswer: boolean): Promise<HostMessage | 'closed' | 'hang' | 'none'> {
  return new Promise((resolve) => {
    const done = (v: HostMessage | 'closed' | 'hang' | 'none'): void => {
      clearTimeout(timer);
      ws.off('message', onMsg);
      ws.off('close', onClose);
      resolve(v);
    };
    const onMsg = (raw: Buffer): void => {
      const m = decodeMessage(new Uint8Array(raw)) as HostMessage;
      if (m.t === 'res') done(m);
    };
    const onClose = (): void => done('closed');
    const timer = setTimeout(() => done(expectsAnswer ? 'hang' : 'none'), expectsAnswer ? ANSWER_MS : 20);
    ws.on('message', onMsg);
    ws.on('close', onClose);
    ws.send(data);
  });
}

async function fuzzMessages(r: Rng, n: number, t: Tally, args: string[], lanes = 3): Promise<void> {
  let next = 0;
  const lane = async (laneNo: number): Promise<void> => {
    let ws: WebSocket | undefined;
    while (next < n) {
      const i = next++;
      const s = await alive(t, args);
      if (!ws || ws.readyState !== ws.OPEN) ws = await openSocket(s);
      const c = messageCase(r, `f${laneNo}-${i}`);
      const got = await exchange(ws, c.data, c.expectsAnswer);
      t.sent++;
      if (got === 'hang') t.hangs.push(`message ${i}: ${String(c.data).slice(0, 120)}`);
      if (typeof got === 'object' && got.t === 'res') {
        const code = got.ok ? 'ok' : got.error.code;
        t.codes[code] = (t.codes[code] ?? 0) + 1;
      }
      if (typeof got === 'object' && got.t === 'res' && !got.ok && got.error.code === 'E_INTERNAL')
        t.internal.push(`message ${i}: ${got.error.message} ← ${String(c.data).slice(0, 160)}`);
    }
    ws?.terminate();
  };
  await Promise.all(Array.from({ length: lanes }, (_, k) => lane(k)));
}

async function fuzzRaw(n: number, t: Tally, args: string[], make: (s: Served) => Buffer, halfClose: boolean, what: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    const s = await alive(t, args);
    const bytes = make(s);
    const got = await rawExchange(s.port, bytes, ANSWER_MS, halfClose);
    t.sent++;
    if (got === 'hang') t.hangs.push(`${what} ${i}: ${JSON.stringify(bytes.subarray(0, 120).toString('latin1'))}`);
  }
}

function upgradeThen(s: Served, frame: Buffer): Buffer {
  const h = upgradeHeaders(s.port);
  const head = `GET /ws?token=${s.token} HTTP/1.1\r\n${Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), frame]);
}

async function detectDog(s: Served): Promise<DetectResult> {
  const ws = await openSocket(s);
  try {
    const image = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'dog.jpg')));
    const got = await exchange(ws, Buffer.from(encodeMessage({ t: 'req', id: 'final', ch: 'vw:detection.detect', body: { image } })), true);
    if (typeof got !== 'object' || got.t !== 'res' || !got.ok) throw new Error(`detect failed: ${JSON.stringify(got)}`);
    return got.body as DetectResult;
  } finally {
    ws.close();
  }
}

async function run(args: string[], scale: number, seed: number): Promise<Tally> {
  const t: Tally = { sent: 0, exits: 0, hangs: [], internal: [], codes: {} };
  const r = rng(seed);
  const n = (k: keyof typeof COUNTS): number => Math.round(COUNTS[k] * scale);
  const ms: number[] = [Date.now()];
  await fuzzRaw(n('http'), t, args, (s) => httpCase(r, s.port, s.token), true, 'http');
  ms.push(Date.now());
  await fuzzRaw(n('upgrade'), t, args, (s) => upgradeCase(r, s.port, s.token), true, 'upgrade');
  ms.push(Date.now());
  await fuzzRaw(n('raw'), t, args, (s) => upgradeThen(s, rawFrameCase(r)), false, 'frame');
  ms.push(Date.now());
  await fuzzMessages(r, n('messages'), t, args);
  ms.push(Date.now());
  t.phaseMs = ms.slice(1).map((x, i) => x - ms[i]!);
  if (served?.exited) t.exits++;
  return t;
}

describe('vws serve under a fuzz of malformed input', () => {
  it(`loopback: ${Object.values(COUNTS).reduce((a, b) => a + b)} malformed requests and frames: 0 exits, 0 hangs, 0 E_INTERNAL; detection still right`, async () => {
    const t = await run([], 1, SEED);
    console.log(
      `fuzz (loopback, seed ${SEED}): ${t.sent} sent, ${t.exits} exits, ${t.hangs.length} hangs, ${t.internal.length} E_INTERNAL; ms per phase ${t.phaseMs?.join('/')}; answers ${JSON.stringify(t.codes)}`,
    );
    expect(t.sent).toBeGreaterThanOrEqual(5000);
    expect(t.hangs).toEqual([]);
    expect(t.internal).toEqual([]);
    expect(t.exits).toBe(0);
    const res = await detectDog(served!);
    const exp = EXPECTED['dog.jpg']!;
    expect(res.width).toBe(exp.width);
    expect(matchedCounts(exp, res.detections)).toEqual(exp.min_counts);
  }, 240_000);

  it('all interfaces (0.0.0.0, token): a smaller fuzz, same counts', async () => {
    await served?.stop();
    served = undefined;
    const t = await run(['--host', '0.0.0.0'], 0.12, SEED + 1);
    console.log(
      `fuzz (0.0.0.0, seed ${SEED + 1}): ${t.sent} sent, ${t.exits} exits, ${t.hangs.length} hangs, ${t.internal.length} E_INTERNAL`,
    );
    expect(t.hangs).toEqual([]);
    expect(t.internal).toEqual([]);
    expect(t.exits).toBe(0);
  }, 120_000);
});
