/** Live frames on the real model: latest-frame-wins under a burst, and stable track ids. */
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameResult, RawFrame } from '../../../preload/contract';
import { resolvePaths } from '../../../main/config';
import { detectionLive } from '../../../main/host/areas/detection';
import { LatestFrameScheduler } from '../../../main/host/live';
import { EngineHost } from '../../../main/host/engine-host';
import { nodeWorkerTransport } from '../../../main/host/node-transport';
import { DetectionService } from '../../../main/detection/service';
import { FIXTURES } from './expected';

let service: DetectionService;
let live: ReturnType<typeof detectionLive>;
let full: { data: Buffer; width: number; height: number };

/** A 640×480 window of dog.jpg moved `dx` pixels right: a camera panning slowly. */
function frameAt(dx: number): RawFrame {
  const w = 640;
  const h = 480;
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    const src = ((y + 48) * full.width + dx) * 4;
    data.set(full.data.subarray(src, src + w * 4), y * w * 4);
  }
  return { width: w, height: h, data };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  service = new DetectionService();
  live = detectionLive(() => service);
  const r = await sharp(path.join(FIXTURES, 'dog.jpg')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  full = { data: r.data, width: r.info.width, height: r.info.height };
  await service.models.get().load();
});
afterAll(() => service.dispose());

describe('live frames', () => {
  it('30 frames faster than inference: never more than one waiting, the newest runs, drops are counted', async () => {
    // onnxruntime-node blocks its thread while it runs, so in one thread frames
    // can only arrive between inferences: they come here in bursts of five.
    const det = service.models.get();
    const startedWith: { frameId: number; newest: number }[] = [];
    const live: LatestFrameScheduler<RawFrame, FrameResult> = new LatestFrameScheduler(async (f, frameId) => {
      startedWith.push({ frameId, newest: live.newestFrameId });
      const r = await det.predict(f);
      return { ...r, frameId, dropped: live.stats.dropped, processed: live.stats.processed + 1 };
    });
    const pending: Promise<FrameResult | null>[] = [];
    for (let i = 0; i < 30; i++) {
      pending.push(live.submit(frameAt(i * 2)));
      expect(live.stats.waiting).toBeLessThanOrEqual(1);
      if (i % 5 === 4) await sleep(1);
    }
    const results = await Promise.all(pending);
    const s = live.stats;
    expect(s.maxWaiting).toBe(1);
    expect(s.processed + s.dropped).toBe(30);
    // Six bursts: about one inference per burst, the rest replaced while waiting.
    expect(s.processed).toBeLessThanOrEqual(12);
    expect(s.dropped).toBeGreaterThanOrEqual(18);
    for (const st of startedWith) expect(st.frameId).toBe(st.newest);
    const done = results.filter((r): r is FrameResult => r !== null);
    expect(done.length).toBe(s.processed);
    expect(done.at(-1)!.frameId).toBe(30);
    done.forEach((r, i) => i > 0 && expect(r.frameId).toBeGreaterThan(done[i - 1]!.frameId));
    // Each result was computed from its own frame: running that frame again gives the same boxes.
    for (const r of done) expect((await det.predict(frameAt((r.frameId - 1) * 2))).detections).toEqual(r.detections);
  });

  it('through the engine host (a worker thread): frames sent every 3 ms are dropped, not queued', async () => {
    const host = new EngineHost(() => nodeWorkerTransport(), { kind: 'worker_threads', init: { paths: resolvePaths() } });
    try {
      // No result is sent twice: a frame's answer is never echoed as an event.
      const echoes: unknown[] = [];
      host.onEvent((ch, body) => typeof body === 'object' && body !== null && 'frameId' in body && echoes.push([ch, body]));
      // Warm up: the first frame loads the model.
      await host.call('vw:detection.frame', { frame: frameAt(0), options: { streamId: 'warm' } });
      const pending: Promise<FrameResult | null>[] = [];
      for (let i = 0; i < 30; i++) {
        pending.push(host.call('vw:detection.frame', { frame: frameAt(i * 2), options: { streamId: 'host' } }));
        await sleep(3);
      }
      const results = await Promise.all(pending);
      const done = results.filter((r): r is FrameResult => r !== null);
      const last = done.at(-1)!;
      expect(last.frameId).toBe(30);
      expect(last.processed).toBe(done.length);
      expect(last.dropped).toBe(30 - done.length);
      expect(last.dropped).toBeGreaterThan(0);
      done.forEach((r, i) => i > 0 && expect(r.frameId).toBeGreaterThan(done[i - 1]!.frameId));
      expect(echoes).toEqual([]);
      // The host still answers a normal request afterwards.
      const models = await host.call('vw:detection.models', {});
      expect(models[0]!.id).toBe('centernet');
    } finally {
      await host.dispose();
    }
  });

  it("the host's live adapter does the same and reports dropped/processed in each result", async () => {
    const pending: Promise<FrameResult | null>[] = [];
    for (let i = 0; i < 30; i++) {
      pending.push(live.submit('burst', { frame: frameAt(60 - i * 2), options: {} }));
      if (i % 5 === 4) await sleep(1);
    }
    const results = await Promise.all(pending);
    const s = live.stats('burst')!;
    expect(s.maxWaiting).toBe(1);
    expect(s.submitted).toBe(30);
    const done = results.filter((r): r is FrameResult => r !== null);
    expect(done.at(-1)!.frameId).toBe(30);
    expect(done.at(-1)!.processed).toBe(done.length);
    expect(done.at(-1)!.dropped).toBe(30 - done.length);
    expect(results.filter((r) => r === null).length).toBe(30 - done.length);
  });

  it('tracking keeps the ids of the dog and the bicycle while the view pans', async () => {
    const ids: { dog: number[]; bicycle: number[] } = { dog: [], bicycle: [] };
    for (let i = 0; i < 6; i++) {
      const r = await live.submit('track', { frame: frameAt(i * 8), options: { track: true } });
      for (const label of ['dog', 'bicycle'] as const) {
        const d = r!.detections.find((x) => x.label === label);
        expect(d?.trackId, `${label} in frame ${i + 1}`).toBeDefined();
        ids[label].push(d!.trackId!);
      }
      for (const d of r!.detections) expect(d.trackId).toBeGreaterThan(0);
    }
    expect(new Set(ids.dog).size).toBe(1);
    expect(new Set(ids.bicycle).size).toBe(1);
    expect(ids.dog[0]).not.toBe(ids.bicycle[0]);
  });
});
