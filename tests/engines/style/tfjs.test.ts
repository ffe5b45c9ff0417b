/** The generated gradient agrees with TF.js automatic differentiation (cpu backend) on the same converted network and loss. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tf, tfjsLoss } from '../../../bench/style.tfjs';
import { StyleEngine } from '../../../main/style/engine';
import { IMAGE_INPUT } from '../../../main/style/network';
import { mulberry32 } from '../../../main/style/rng';

const fixture = (f: string) => new Uint8Array(fs.readFileSync(path.join(__dirname, '../../fixtures/style', f)));
const engine = new StyleEngine();
afterAll(() => engine.dispose());

describe('style gradient vs TF.js autodiff', () => {
  it('same loss and ∂J/∂pixels as tf.valueAndGrad on the CenterNet prefix (rel err ≤ 1e-3)', async () => {
    await tf.setBackend('cpu');
    const [w, h] = [64, 48];
    const { objective, content, feeds, network } = await engine.objectiveAt(
      { content: fixture('tubingen.jpg'), styles: [fixture('starry_night.jpg')] },
      w,
      h,
    );
    const graph = await network.lossGraph(h, w);
    const rand = mulberry32(3);
    const x = Float32Array.from(content.data, (v) => Math.min(250, Math.max(5, v + (rand() - 0.5) * 60)));
    const ours = await objective(x);
    const peer = tfjsLoss(graph, feeds, IMAGE_INPUT, graph.names.total);
    const theirs = peer.evaluate(x, [1, h, w, 3]);
    peer.dispose();
    expect(Math.abs(ours.f - theirs.f) / theirs.f).toBeLessThan(1e-4);
    let num = 0;
    let den = 0;
    for (let i = 0; i < x.length; i++) {
      num += (ours.g[i]! - theirs.g[i]!) ** 2;
      den += theirs.g[i]! ** 2;
    }
    expect(den).toBeGreaterThan(0);
    expect(Math.sqrt(num / den)).toBeLessThan(1e-3);
  });
});
