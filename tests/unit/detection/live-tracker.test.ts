import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../preload/contract';
import { Lane, LatestFrameScheduler } from '../../../main/host/live';
import { IouTracker } from '../../../main/detection/tracker';

describe('LatestFrameScheduler', () => {
  it('never holds more than one waiting frame and always runs the newest', async () => {
    const started: { frameId: number; newest: number }[] = [];
    // A slow "inference": 5 ms per frame; frames arrive every 1 ms.
    const live: LatestFrameScheduler<number, number> = new LatestFrameScheduler<number, number>(async (frame, frameId) => {
      started.push({ frameId, newest: live.newestFrameId });
      await new Promise((r) => setTimeout(r, 5));
      return frame * 10;
    });
    const results: Promise<number | null>[] = [];
    for (let i = 1; i <= 30; i++) {
      results.push(live.submit(i));
      expect(live.stats.waiting).toBeLessThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 1));
    }
    const got = await Promise.all(results);
    const s = live.stats;
    expect(s.maxWaiting).toBe(1);
    expect(s.submitted).toBe(30);
    expect(s.processed + s.dropped).toBe(30);
    expect(s.dropped).toBeGreaterThan(0);
    // Each processed frame was the newest when its inference started.
    for (const st of started) expect(st.frameId).toBe(st.newest);
    // The last frame always gets a result; dropped ones resolve to null.
    expect(got[29]).toBe(300);
    expect(got.filter((g) => g === null).length).toBe(s.dropped);
    got.forEach((g, i) => g !== null && expect(g).toBe((i + 1) * 10));
  });

  it('of a synchronous burst only the newest frame runs', async () => {
    const ran: number[] = [];
    const live = new LatestFrameScheduler<number, number>(async (f) => {
      ran.push(f);
      return f;
    });
    const all = await Promise.all([1, 2, 3, 4, 5].map((f) => live.submit(f)));
    expect(ran).toEqual([5]);
    expect(all).toEqual([null, null, null, null, 5]);
    expect(live.stats.dropped).toBe(4);
  });

  it('passes an inference error to the frame that caused it and keeps serving', async () => {
    const live = new LatestFrameScheduler<number, number>(async (f) => {
      if (f < 0) throw new Error('bad frame');
      return f;
    });
    await expect(live.submit(-1)).rejects.toThrow('bad frame');
    await expect(live.submit(7)).resolves.toBe(7);
  });
});

const det = (box: [number, number, number, number], score = 0.9, classId = 0): Detection => ({ box, classId, label: 'person', score });

describe('Lane shared by two streams (objects and faces on the Live page)', () => {
  it('never runs two frames at once, takes turns, and still replaces a frame that waits for its turn', async () => {
    const lane = new Lane();
    let running = 0;
    let maxRunning = 0;
    const order: string[] = [];
    const stream = (name: string, ms: number) =>
      new LatestFrameScheduler<number, string>(
        async (f) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          order.push(`${name}${f}`);
          await new Promise((r) => setTimeout(r, ms));
          running--;
          return `${name}${f}`;
        },
        { lane },
      );
    const objects = stream('o', 20);
    const faces = stream('f', 5);
    const o1 = objects.submit(1);
    const f1 = faces.submit(1);
    await new Promise((r) => setTimeout(r, 5));
    // While o1 runs, faces 1 waits for the lane; faces 2 and 3 arrive and replace it in turn.
    const f2 = faces.submit(2);
    const f3 = faces.submit(3);
    const o2 = objects.submit(2);
    expect(await Promise.all([o1, f1, f2, f3, o2])).toEqual(['o1', null, null, 'f3', 'o2']);
    expect(maxRunning).toBe(1);
    // Turns alternate: faces (queued during o1) before the objects frame that came later.
    expect(order).toEqual(['o1', 'f3', 'o2']);
    expect(faces.stats.dropped).toBe(2);
  });

  it('a failing frame does not block the lane', async () => {
    const lane = new Lane();
    const bad = new LatestFrameScheduler<number, number>(async () => Promise.reject(new Error('boom')), { lane });
    const good = new LatestFrameScheduler<number, number>(async (f) => f * 2, { lane });
    await expect(bad.submit(1)).rejects.toThrow('boom');
    expect(await good.submit(4)).toBe(8);
  });
});

describe('IouTracker', () => {
  it('keeps ids stable for moving objects and starts new ids for new ones', () => {
    const tr = new IouTracker();
    const f1 = tr.update([det([0, 0, 10, 10]), det([100, 100, 120, 130])]);
    expect(f1.map((d) => d.trackId)).toEqual([1, 2]);
    const f2 = tr.update([det([102, 101, 122, 131]), det([2, 0, 12, 10]), det([300, 300, 310, 310])]);
    expect(f2.map((d) => d.trackId)).toEqual([2, 1, 3]);
  });

  it('survives a few missed frames, then forgets', () => {
    const tr = new IouTracker({ maxMissed: 2 });
    tr.update([det([0, 0, 10, 10])]);
    tr.update([]);
    tr.update([]);
    expect(tr.update([det([1, 0, 11, 10])])[0]!.trackId).toBe(1);
    tr.update([]);
    tr.update([]);
    tr.update([]);
    expect(tr.size).toBe(0);
    expect(tr.update([det([1, 0, 11, 10])])[0]!.trackId).toBe(2);
  });

  it('continues a track with a low-score box (second association) but never starts one', () => {
    const tr = new IouTracker({ highScore: 0.5, lowScore: 0.1 });
    tr.update([det([0, 0, 10, 10], 0.9)]);
    const f2 = tr.update([det([0, 0, 10, 10], 0.2), det([50, 50, 60, 60], 0.2)]);
    expect(f2).toEqual([{ ...det([0, 0, 10, 10], 0.2), trackId: 1 }]);
  });

  it('follows constant motion and does not match across classes', () => {
    const tr = new IouTracker();
    // Moves 16 px per frame: after a missed frame the box is 32 px further on,
    // where IoU with the last seen box is only 8/72 — the velocity guess finds it.
    tr.update([det([0, 0, 40, 10])]);
    tr.update([det([16, 0, 56, 10])]);
    tr.update([]);
    expect(tr.update([det([48, 0, 88, 10])])[0]!.trackId).toBe(1);
    expect(tr.update([det([64, 0, 104, 10], 0.9, 5)])[0]!.trackId).toBe(2);
  });
});
