import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { slidingWindows } from '../../../main/lab/sliding';

const image = new Uint8Array(fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/lab/dog.jpg')));

describe('sliding windows vs their convolutional implementation', () => {
  it('gives the same class probabilities for every 14×14 window of a 16×16 picture, at the notes’ cost', async () => {
    const r = await slidingWindows({ image, side: 16 });
    expect(r.windows).toEqual({ rows: 2, cols: 2 });
    expect(r.windowed.length).toBe(4);
    expect(r.convolutional.length).toBe(4);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(1e-12);
    // Windows see different pixels, so the equality is not that of constants.
    expect(Math.abs(r.windowed[0]![0]! - r.windowed[3]![0]!)).toBeGreaterThan(1e-6);
    // One window: CONV 10·10·16·75 + FC 400·400 + FC 400·400 + FC 400·4.
    expect(r.macs.perWindow).toBe(120_000 + 160_000 + 160_000 + 1_600);
    expect(r.macs.windowed).toBe(4 * 441_600);
    // One pass: CONV 12·12·16·75 + 2·2·400·(5·5·16) + 2·2·400·400 + 2·2·4·400.
    expect(r.macs.convolutional).toBe(172_800 + 640_000 + 640_000 + 6_400);
  });

  it('shares the first layer across the 8×8 windows of a 28×28 picture', async () => {
    const r = await slidingWindows({ image, side: 28 });
    expect(r.windows).toEqual({ rows: 8, cols: 8 });
    expect(r.maxAbsDiff).toBeLessThanOrEqual(1e-12);
    expect(r.macs.windowed).toBe(28_262_400);
    expect(r.macs.convolutional).toBe(21_273_600);
    expect(r.convNet.layers.at(-1)!.shape).toEqual([8, 8, 4]);
    // The first conv: 64 windows × 120 000 vs 24·24·16·75 once.
    expect(r.convNet.layers[1]!.macs).toBe(691_200);
  });

  it('refuses a side the windows cannot tile', async () => {
    await expect(slidingWindows({ image, side: 15 })).rejects.toThrow(/even number/);
  });
});
