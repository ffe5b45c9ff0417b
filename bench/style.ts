/**
 * Style benchmark (Gatys et al. 2015 on the CenterNet MobileNetV3 prefix):
 * ms per gradient evaluation and per L-BFGS iteration at 256 and 512 px,
 * total seconds for a 512 px result with the defaults, and the same loss
 * differentiated by TF.js autodiff on the wasm backend as the peer (ratio =
 * peer ms / our ms). Targets on the 2-core CPU: ≥ 10× the TF.js peer per
 * iteration; a 512 px default result in ≤ 60 s. Result images (content |
 * style | result) go to bench/results/ for a look at the quality.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { StyleEngine, STYLE_DEFAULTS } from '../main/style/engine';
import { loadFloatImage, toRgb8 } from '../main/style/images';
import { IMAGE_INPUT } from '../main/style/network';
import { mulberry32 } from '../main/style/rng';
import { tf, tfjsLoss, useWasm } from './style.tfjs';

type Row = Record<string, unknown>;
const FIX = 'tests/fixtures/style';
const OUT = 'bench/results';
const read = (f: string) => new Uint8Array(fs.readFileSync(path.join(FIX, f)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r1 = (v: number) => Math.round(v * 10) / 10;

/** content | style | result, side by side at the result's height. */
async function triptych(content: Uint8Array, style: Uint8Array, result: Uint8Array, file: string): Promise<void> {
  const { height } = await sharp(result).metadata();
  const parts = await Promise.all(
    [content, style, result].map((b) => sharp(b).resize({ height }).png().toBuffer({ resolveWithObject: true })),
  );
  const width = parts.reduce((a, p) => a + p.info.width, 0);
  let left = 0;
  const composite = parts.map((p) => {
    const c = { input: p.data, left, top: 0 };
    left += p.info.width;
    return c;
  });
  await sharp({ create: { width, height: height!, channels: 3, background: '#fff' } })
    .composite(composite)
    .png()
    .toFile(file);
}

async function perEvaluation(
  engine: StyleEngine,
  side: number,
  rounds: number,
): Promise<{ ours: number; peer?: number; w: number; h: number }> {
  const content = read('tubingen.jpg');
  const req = { content, styles: [read('starry_night.jpg')] };
  const h0 = Math.round((side * 768) / 1024);
  const { objective, content: img, feeds, network } = await engine.objectiveAt(req, side, h0);
  const { width: w, height: h } = network.fit(side, h0);
  const rand = mulberry32(1);
  const x = Float32Array.from(img.data, (v) => Math.min(255, Math.max(0, v + (rand() - 0.5) * 20)));
  await objective(x); // warm-up
  const ours: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await objective(x);
    ours.push(performance.now() - t);
  }
  let peer: number | undefined;
  try {
    const graph = await network.lossGraph(h, w);
    const p = tfjsLoss(graph, feeds, IMAGE_INPUT, graph.names.total, { customDepthwiseGrad: true });
    p.evaluate(x, [1, h, w, 3]);
    const ts: number[] = [];
    for (let i = 0; i < Math.min(rounds, 3); i++) {
      const t = performance.now();
      p.evaluate(x, [1, h, w, 3]);
      ts.push(performance.now() - t);
    }
    p.dispose();
    peer = median(ts);
  } catch (err) {
    console.error(`tfjs peer at ${side}: ${(err as Error).message}`);
  }
  return { ours: median(ours), peer, w, h };
}

/** `results: false` skips the two 512 px result runs (speed rows only). */
export async function benchStyle(opts: { results?: boolean } = {}): Promise<Row[]> {
  fs.mkdirSync(OUT, { recursive: true });
  const rows: Row[] = [];
  const wasm = await useWasm();
  const engine = new StyleEngine();
  try {
    for (const side of [256, 512]) {
      const r = await perEvaluation(engine, side, side === 256 ? 10 : 5);
      rows.push({
        bench: 'style',
        case: `gradient evaluation ${r.w}×${r.h}`,
        msOurs: r1(r.ours),
        msTfjsPeer: r.peer === undefined ? null : r1(r.peer),
        peerBackend: wasm ? 'wasm' : tf.getBackend(),
        ratio: r.peer === undefined ? null : r1(r.peer / r.ours),
        target: '≥ 10× the TF.js peer',
      });
    }
    const pairs = [
      ['starry_night.jpg', 'tubingen_starry_night'],
      ['the_scream.jpg', 'tubingen_the_scream'],
    ] as const;
    for (const [style, name] of opts.results === false ? [] : pairs) {
      const content = read('tubingen.jpg');
      const s = read(style);
      const t = performance.now();
      const r = await engine.stylize({ content, styles: [s], options: { size: 512 } });
      const totalS = (performance.now() - t) / 1000;
      const file = path.join(OUT, `style_${name}_512.png`);
      await triptych(content, s, r.png, file);
      rows.push({
        bench: 'style',
        case: `${name} 512 px, defaults (${STYLE_DEFAULTS.iterations} L-BFGS iterations)`,
        size: `${r.width}×${r.height}`,
        totalS: r1(totalS),
        msPerIteration: r1(r.msPerIteration),
        evaluationsPerIteration: r1(r.evaluations / r.iterations),
        setupMs: Math.round(r.timings.setupMs),
        lossInitial: r.initialLosses.total,
        lossFinal: r.losses.total,
        styleDrop: r1(r.initialLosses.style / r.losses.style),
        image: file,
        target: '≤ 60 s',
      });
    }
    // Keep an 8-bit copy of the content at the bench size for reference.
    const c = await loadFloatImage(read('tubingen.jpg'), 512, 384);
    await sharp(toRgb8(c), { raw: { width: 512, height: 384, channels: 3 } })
      .png()
      .toFile(path.join(OUT, 'style_content_512.png'));
  } finally {
    await engine.dispose();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchStyle({ results: !process.argv.includes('--quick') }).then((rows) => console.log(JSON.stringify(rows, null, 2)));
}
