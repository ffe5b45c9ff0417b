/**
 * The engine host in a child process, killed while it works: SIGKILL (and
 * SIGABRT, what a native abort sends) 10–50 ms into a real detection, many
 * times. The serving process — this one — must live through every round;
 * the request in flight fails with E_HOST_CRASHED, and after the last round
 * a detection still finds the reference boxes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectResult } from '../../../preload/contract';
import { resolvePaths } from '../../../main/config';
import { EngineHost } from '../../../main/host/engine-host';
import { nodeChildTransport } from '../../../main/host/node-transport';
import { EXPECTED, FIXTURES, matchedCounts } from '../detection/expected';
import { rng } from './fuzz-cases';

/** 50 in the acceptance run (VWS_KILL_ROUNDS=50); fewer by default to keep the suite fast. */
const ROUNDS = Number(process.env.VWS_KILL_ROUNDS ?? 8);
const image = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'dog.jpg')));
let host: EngineHost;

beforeAll(async () => {
  host = new EngineHost(() => nodeChildTransport(), { kind: 'child_process', init: { paths: resolvePaths() } });
  await host.whenReady();
});
afterAll(() => host?.dispose());

describe('engine host in a child process', () => {
  it(`survives ${ROUNDS} kills mid-detection; in-flight requests get E_HOST_CRASHED; the next works`, async () => {
    const r = rng(7);
    const outcomes: Record<string, number> = {};
    const pids = new Set<number>();
    for (let i = 0; i < ROUNDS; i++) {
      await host.whenReady();
      const pid = host.enginePid()!;
      pids.add(pid);
      const call = host.call('vw:detection.detect', { image }).then(
        () => 'finished first',
        (e: { code?: string }) => e.code ?? 'other',
      );
      await new Promise((res) => setTimeout(res, 10 + Math.floor(r() * 40)));
      process.kill(pid, i % 5 === 4 ? 'SIGABRT' : 'SIGKILL');
      const got = await call;
      outcomes[got] = (outcomes[got] ?? 0) + 1;
      expect(['E_HOST_CRASHED', 'finished first']).toContain(got);
    }
    console.log(`kill test: ${ROUNDS} rounds, ${pids.size} engine processes, outcomes ${JSON.stringify(outcomes)}`);
    expect(outcomes.E_HOST_CRASHED ?? 0).toBeGreaterThan(ROUNDS / 2);
    expect(pids.size).toBe(ROUNDS);
    const res = (await host.call('vw:detection.detect', { image })) as DetectResult;
    const exp = EXPECTED['dog.jpg']!;
    expect(matchedCounts(exp, res.detections)).toEqual(exp.min_counts);
    expect(host.state().restarts).toBe(ROUNDS);
  }, 300_000);
});
