/**
 * The generated ∂J/∂pixels through the real CenterNet MobileNetV3 prefix and
 * the full Gatys loss, against central finite differences of the same ONNX
 * graph evaluated in float64 (reference64.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StyleEngine } from '../../../main/style/engine';
import { IMAGE_INPUT } from '../../../main/style/network';
import { mulberry32 } from '../../../main/style/rng';
import { run64, type T64 } from './reference64';

const fixture = (f: string) => new Uint8Array(fs.readFileSync(path.join(__dirname, '../../fixtures/style', f)));
const engine = new StyleEngine();
afterAll(() => engine.dispose());

describe('style gradient on the real backbone', () => {
  it('matches float64 central differences at 24 random pixels (rel err ≤ 1e-2)', async () => {
    const [w, h] = [48, 32];
    const { objective, content, feeds, network } = await engine.objectiveAt(
      { content: fixture('tubingen.jpg'), styles: [fixture('starry_night.jpg')], options: { tvWeight: 5 } },
      w,
      h,
    );
    const graph = await network.lossGraph(h, w);
    // Only the backbone prefix up to the deepest used layer (expanded_conv_6/expand) is kept: no detection head, no later stages.
    const names = graph.nodes.map((n) => n.name).join('\n');
    expect(names).not.toMatch(/CenternetHead|expanded_conv_7|expanded_conv_6\/depthwise/);
    expect(names).toMatch(/expanded_conv_6\/expand\/hard_swish\/mul_1/);
    expect(network.nodeCount).toBeLessThan(130);
    // Away from the content image so that content, style and TV terms all pull.
    const rand = mulberry32(11);
    const x = Float32Array.from(content.data, (v) => Math.min(250, Math.max(5, v + (rand() - 0.5) * 60)));
    const ort = await objective(x);

    const feeds64: Record<string, T64> = {};
    for (const [k, v] of Object.entries(feeds)) feeds64[k] = { dims: v.dims, data: Float64Array.from(v.data) };
    const f64 = (img: Float64Array) =>
      run64(graph, { ...feeds64, [IMAGE_INPUT]: { dims: [1, h, w, 3], data: img } }, [graph.names.total])[graph.names.total]!.data[0]!;
    const x64 = Float64Array.from(x);
    const f0 = f64(x64);
    // The float32 runtime and the float64 oracle agree on the loss itself.
    expect(Math.abs(ort.f - f0) / f0).toBeLessThan(1e-4);
    expect(ort.info!.style).toBeGreaterThan(0.05 * ort.f);
    expect(ort.info!.content).toBeGreaterThan(0.01 * ort.f);

    let rms = 0;
    for (const v of ort.g) rms += v * v;
    rms = Math.sqrt(rms / ort.g.length);
    const eps = 1e-3;
    const errs: number[] = [];
    for (let k = 0; k < 24; k++) {
      const i = Math.floor(rand() * x.length);
      const xp = Float64Array.from(x64);
      xp[i]! += eps;
      const xm = Float64Array.from(x64);
      xm[i]! -= eps;
      const fd = (f64(xp) - f64(xm)) / (2 * eps);
      // Relative to the pixel's own derivative, floored at 5% of the typical one
      // (a near-zero derivative has no meaningful relative error).
      errs.push(Math.abs(ort.g[i]! - fd) / Math.max(Math.abs(fd), 0.05 * rms));
    }
    console.log(
      `style FD: max rel err ${Math.max(...errs).toExponential(2)}, median ${errs.sort((a, b) => a - b)[12]!.toExponential(2)} over 24 pixels`,
    );
    expect(Math.max(...errs)).toBeLessThan(1e-2);
  });
});
