/**
 * The neural-style costs of the notes (Gatys, Ecker & Bethge 2015), read off
 * the style engine's own feature network (the MobileNetV3 backbone of the
 * bundled CenterNet and its content/style layers):
 *
 *   J_content(C, G) = ½‖a^[l](C) − a^[l](G)‖²
 *   J_style^[l](S, G) = ‖Ĝ^[l](S) − Ĝ^[l](G)‖²_F / (2 n_C)², Ĝ = Gram / (n_H n_W)
 *   J_style = Σ_l λ^[l] J_style^[l] / Σ λ
 *
 * and J(G) as the style engine's optimizer weighs it (each term divided by
 * its target's squared norm, α and β the engine's defaults, no TV term).
 *
 * With S and G of the same size this is the notes' 1/(2 n_H n_W n_C)² form;
 * averaging the Gram over positions (as the engine does) keeps it meaningful
 * when the style image has another size.
 */
import type { LabStyleCostsRequest, LabStyleCostsResult } from '../../preload/contract';
import { VwError } from '../errors';
import { encodePng, probeImage } from '../imaging/decode';
import { createSession, type ModelSession } from '../runtime';
import { STYLE_DEFAULTS, StyleEngine } from '../style/engine';
import { loadFloatImage, resizeBilinear, scaledSize, type FloatImage } from '../style/images';
import { IMAGE_INPUT, type FeatureNetwork } from '../style/network';
import type { ModelResolver } from '../models/resolver';

export const STYLE_COSTS_SIZE = 128;

interface Features {
  content: Float32Array;
  contentDims: number[];
  grams: Float32Array[];
}

/** ‖a − b‖². */
function sq(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

/** Two C×C matrices as heatmaps on one scale (0 black → max white, warm tint), one pixel per entry. */
async function heatmaps(a: Float32Array, b: Float32Array, c: number): Promise<[Uint8Array, Uint8Array]> {
  let max = 0;
  for (const m of [a, b]) for (let i = 0; i < m.length; i++) max = Math.max(max, Math.abs(m[i]!));
  const png = (m: Float32Array) => {
    const rgb = new Uint8Array(c * c * 3);
    for (let i = 0; i < c * c; i++) {
      const v = max > 0 ? Math.sqrt(Math.abs(m[i]!) / max) : 0;
      rgb[3 * i] = Math.round(255 * v);
      rgb[3 * i + 1] = Math.round(200 * v * v);
      rgb[3 * i + 2] = Math.round(80 * v * v * v);
    }
    return encodePng({ data: rgb, width: c, height: c, channels: 3 });
  };
  return Promise.all([png(a), png(b)]);
}

export class StyleCostsLesson {
  private readonly engine: StyleEngine;
  private readonly sessions = new Map<
    string,
    Promise<{ session: ModelSession; content: string; grams: string[]; contentDims: number[] }>
  >();

  /** `engine`: share a style engine's loaded backbone (the style area does, for running jobs). */
  constructor(opts: { models: ModelResolver; threads?: number; executionProviders?: string[]; engine?: StyleEngine }) {
    this.ownsEngine = !opts.engine;
    this.engine =
      opts.engine ??
      new StyleEngine({ models: opts.models, session: { threads: opts.threads, executionProviders: opts.executionProviders } });
  }
  private readonly ownsEngine: boolean;

  private targets(net: FeatureNetwork, w: number, h: number) {
    const key = `${w}x${h}`;
    let p = this.sessions.get(key);
    if (!p) {
      p = (async () => {
        const t = await net.targetsModel(h, w);
        return {
          session: await createSession(t.bytes, { label: `lab style costs ${w}×${h}` }),
          content: t.content,
          grams: t.grams,
          contentDims: t.contentDims,
        };
      })();
      p.catch(() => this.sessions.delete(key));
      this.sessions.set(key, p);
    }
    return p;
  }

  private async features(net: FeatureNetwork, img: FloatImage): Promise<Features> {
    const t = await this.targets(net, img.width, img.height);
    const out = await t.session.run({ [IMAGE_INPUT]: { data: img.data, dims: [1, img.height, img.width, 3] } });
    return {
      content: out[t.content]!.data as Float32Array,
      contentDims: t.contentDims,
      grams: t.grams.map((g) => out[g]!.data as Float32Array),
    };
  }

  /**
   * J_content, the Grams and J_style per layer for content C, style S and generated G.
   *
   * `generatedImage` (float pixels, e.g. a running job's current iterate) stands for `req.generated`.
   *
   * @example const r = await lesson.run({ content, style, generated: resultPng }); r.jContent; r.layers[0].cost;
   */
  async run(req: LabStyleCostsRequest, generatedImage?: FloatImage): Promise<LabStyleCostsResult> {
    const size = req.size ?? STYLE_COSTS_SIZE;
    if (!(Number.isInteger(size) && size >= 32 && size <= 512))
      throw new VwError('E_BAD_ARGUMENT', `size must be a whole number in 32–512; got ${size}.`);
    const net = await this.engine.load();
    const info = await probeImage(req.content);
    const cs = scaledSize(info.width, info.height, size);
    const { width, height } = net.fit(cs.width, cs.height);
    const styleInfo = await probeImage(req.style);
    const ss = scaledSize(styleInfo.width, styleInfo.height, size);
    const sFit = net.fit(ss.width, ss.height);
    const [c, g, s] = await Promise.all([
      loadFloatImage(req.content, width, height),
      generatedImage ? resizeBilinear(generatedImage, width, height) : loadFloatImage(req.generated ?? req.content, width, height),
      loadFloatImage(req.style, sFit.width, sFit.height),
    ]);
    const fc = await this.features(net, c);
    const fg = await this.features(net, g);
    const fs = await this.features(net, s);
    const shapeOf = (dims: number[]): [number, number, number] =>
      net.layout === 'nhwc' ? [dims[1]!, dims[2]!, dims[3]!] : [dims[2]!, dims[3]!, dims[1]!];
    const jContent = 0.5 * sq(fc.content, fg.content);
    const t = await this.targets(net, width, height);
    const lambdas = net.spec.styleLayers.map((l) => l.weight);
    const layers = await Promise.all(
      net.spec.styleLayers.map(async (l, k) => {
        const gs = fs.grams[k]!;
        const gg = fg.grams[k]!;
        const nC = Math.round(Math.sqrt(gg.length));
        const [gramStyle, gramGenerated] = await heatmaps(gs, gg, nC);
        const d = sq(gs, gg);
        return {
          cost: { layer: l.name, lambda: l.weight, channels: nC, cost: d / (2 * nC) ** 2, gramStyle, gramGenerated },
          relative: d / Math.max(sq(gs, new Float32Array(gs.length)), 1e-12),
        };
      }),
    );
    const sumL = lambdas.reduce((a, b) => a + b, 0);
    const jStyle = layers.reduce((acc, l) => acc + l.cost.lambda * l.cost.cost, 0) / sumL;
    const relContent = jContent / Math.max(sq(fc.content, new Float32Array(fc.content.length)), 1e-12);
    const relStyle = layers.reduce((acc, l) => acc + l.cost.lambda * l.relative, 0) / sumL;
    const alpha = STYLE_DEFAULTS.contentWeight;
    const beta = STYLE_DEFAULTS.styleWeight;
    return {
      width,
      height,
      contentLayer: net.spec.contentLayer,
      contentShape: shapeOf(t.contentDims),
      jContent,
      layers: layers.map((l) => l.cost),
      jStyle,
      alpha,
      beta,
      j: alpha * relContent + beta * relStyle,
    };
  }

  async dispose(): Promise<void> {
    const all = [...this.sessions.values()].map(async (p) => (await p).session.release());
    this.sessions.clear();
    await Promise.all([...all, this.ownsEngine ? this.engine.dispose() : undefined]);
  }
}
