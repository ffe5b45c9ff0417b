/**
 * Neural style transfer after Gatys, Ecker & Bethge (2015), "A Neural
 * Algorithm of Artistic Style" (arXiv:1508.06576), on onnxruntime.
 *
 * Model: the MobileNetV3 backbone of the bundled CenterNet detector
 * (@vladmandic/human `centernet`, MIT, converted by the models pipeline), or
 * any ONNX CNN with chosen layers. onnxruntime has no autodiff, so the engine
 * generates one ONNX model per image size holding forward pass, loss and
 * ∂J/∂pixels (see grad/), and runs L-BFGS or Adam over the pixels in TS.
 *
 * Shape: `load()` (lazy, once) → `stylize(request, hooks)` → `dispose()`.
 */
import fs from 'node:fs/promises';
import type { StyleLosses, StyleOptions } from '../../preload/contract';
import { VwError } from '../errors';
import { modelResolver, type ModelResolver } from '../models/resolver';
import { probeImage } from '../imaging/decode';
import { createSession, type ModelSession, type SessionOptions } from '../runtime/index';
import { Adam } from './adam';
import { originalColors } from './color';
import { loadFloatImage, previewPng, resizeBilinear, scaledSize, toPng, type FloatImage } from './images';
import { Lbfgs } from './lbfgs';
import { MAX_ITERATIONS, MAX_STYLES, SIZE_RANGE } from './limits';
import { resolveOptions, STYLE_DEFAULTS, type ResolvedStyleOptions } from './options';
import { SessionCache } from './session-cache';
import { CENTERNET_BACKBONE, FeatureNetwork, IMAGE_INPUT, type BackboneSpec } from './network';
import type { Evaluation, Objective, Optimizer } from './optimizer';
import { gaussian, mulberry32 } from './rng';

export { MAX_ITERATIONS, MAX_STYLES, SIZE_RANGE, STYLE_DEFAULTS, resolveOptions, type ResolvedStyleOptions };

export interface StyleRequest {
  content: Uint8Array;
  styles: Uint8Array[];
  options?: StyleOptions & { initImage?: Uint8Array };
}

export interface IterationReport {
  iteration: number;
  iterations: number;
  losses: StyleLosses;
  msPerIteration: number;
  preview?: Uint8Array;
  /** The current iterate at this stage's size: the optimizer's own buffer, so copy it before keeping it (issue #17 item 9: costs of a running job). */
  image?: FloatImage;
}

export interface StyleOutcome {
  status: 'done' | 'cancelled';
  width: number;
  height: number;
  png: Uint8Array;
  /** The result as float pixels (HWC, 0–255), for tests and the bench. */
  image: FloatImage;
  losses: StyleLosses;
  initialLosses: StyleLosses;
  iterations: number;
  /** Gradient evaluations (an L-BFGS iteration may need more than one for its line search). */
  evaluations: number;
  msPerIteration: number;
  totalMs: number;
  timings: { setupMs: number; iterateMs: number };
}

export interface StyleEngineOptions {
  /** Where the backbone comes from. Default: the bundled CenterNet via the model cache. */
  backbone?: () => Promise<Uint8Array>;
  spec?: BackboneSpec;
  session?: Pick<SessionOptions, 'executionProviders' | 'threads'>;
  /** Resolves the bundled CenterNet for the default backbone (default: the configured model cache). */
  models?: ModelResolver;
}

function sumSquares(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return s;
}

interface Stage {
  width: number;
  height: number;
  iterations: number;
}

/** Per image size: the generated gradient session and the target session. */
interface SizeSessions {
  grad: ModelSession;
  gradInputs: { name: string; dims: number[] }[];
  names: Awaited<ReturnType<FeatureNetwork['gradientModel']>>['names'];
}

export class StyleEngine {
  private net?: Promise<FeatureNetwork>;
  private readonly gradCache = new SessionCache<SizeSessions>((v) => v.grad.release());
  private readonly targetCache = new SessionCache<{ session: ModelSession; content: string; grams: string[] }>((v) => v.session.release());

  constructor(private readonly opts: StyleEngineOptions = {}) {}

  /** Load (once) the backbone and cut its prefix. */
  load(): Promise<FeatureNetwork> {
    this.net ??= (async () => {
      const bytes = this.opts.backbone ? await this.opts.backbone() : await defaultBackbone(this.opts.models ?? modelResolver());
      return new FeatureNetwork(bytes, this.opts.spec ?? CENTERNET_BACKBONE);
    })();
    this.net.catch(() => (this.net = undefined));
    return this.net;
  }

  private sessionOptions(label: string): SessionOptions {
    return { label, ...this.opts.session };
  }

  private sizeSessions(net: FeatureNetwork, h: number, w: number): Promise<SizeSessions> {
    return this.gradCache.get(`${h}x${w}`, async () => {
      const gm = await net.gradientModel(h, w);
      const grad = await createSession(gm.bytes, this.sessionOptions(`style gradient ${w}×${h}`));
      return { grad, gradInputs: gm.inputs, names: gm.names };
    });
  }

  private targetSession(net: FeatureNetwork, h: number, w: number) {
    return this.targetCache.get(`${h}x${w}`, async () => {
      const t = await net.targetsModel(h, w);
      return {
        session: await createSession(t.bytes, this.sessionOptions(`style targets ${w}×${h}`)),
        content: t.content,
        grams: t.grams,
      };
    });
  }

  private async features(net: FeatureNetwork, img: FloatImage) {
    const t = await this.targetSession(net, img.height, img.width);
    const out = await t.session.run({ [IMAGE_INPUT]: { data: img.data, dims: [1, img.height, img.width, 3] } });
    return { content: out[t.content]!.data as Float32Array, grams: t.grams.map((g) => out[g]!.data as Float32Array) };
  }

  /**
   * Everything one image size needs: the content image, the targets (content
   * features, blended style Grams, computed once) and the weight feeds.
   */
  private async prepareStage(
    net: FeatureNetwork,
    req: StyleRequest,
    o: ResolvedStyleOptions,
    styleInfos: { width: number; height: number }[],
    w: number,
    h: number,
  ) {
    const content = await loadFloatImage(req.content, w, h);
    const cf = (await this.features(net, content)).content;
    const blendSum = o.styleBlendWeights.reduce((a, b) => a + b, 0);
    let grams: Float32Array[] | undefined;
    for (let i = 0; i < req.styles.length; i++) {
      const wgt = o.styleBlendWeights[i]! / blendSum;
      if (wgt === 0) continue;
      // style_scale: the style image is seen at that fraction of the result's size.
      const info = styleInfos[i]!;
      const s = scaledSize(info.width, info.height, Math.round(Math.max(w, h) * o.styleScale));
      const sz = net.fit(s.width, s.height);
      const g = (await this.features(net, await loadFloatImage(req.styles[i]!, sz.width, sz.height))).grams;
      grams ??= g.map((x) => new Float32Array(x.length));
      g.forEach((x, k) => {
        const acc = grams![k]!;
        for (let j = 0; j < x.length; j++) acc[j]! += wgt * x[j]!;
      });
    }
    const sess = await this.sizeSessions(net, h, w);
    const layerWeights = net.spec.styleLayers.map((l) => l.weight);
    const lw = layerWeights.reduce((a, b) => a + b, 0);
    // Each term is a relative error: divided by its target's squared norm.
    const feeds: Record<string, { data: Float32Array; dims: number[] }> = {
      [sess.names.contentTarget]: { data: cf, dims: sess.gradInputs[0]!.dims },
      [sess.names.wContent]: { data: Float32Array.of((o.contentWeight * 0.5) / Math.max(sumSquares(cf), 1e-12)), dims: [] },
      [sess.names.wTv]: { data: Float32Array.of(o.tvWeight / (w * h * 3 * 255 * 255)), dims: [] },
    };
    sess.names.styleTargets.forEach((name, k) => {
      const g = grams![k]!;
      feeds[name] = { data: g, dims: sess.gradInputs[1 + k]!.dims };
      feeds[sess.names.wStyle[k]!] = {
        data: Float32Array.of((o.styleWeight * layerWeights[k]!) / lw / Math.max(sumSquares(g), 1e-12)),
        dims: [],
      };
    });
    return { content, sess, feeds };
  }

  /**
   * The objective the optimizer sees at one size (for gradient checks and the
   * bench): J and ∂J/∂pixels of the generated model.
   *
   * @example
   *   const { objective, content } = await engine.objectiveAt({ content, styles: [s] }, 64, 48);
   *   const { f, g } = await objective(content.data);
   */
  async objectiveAt(
    req: StyleRequest,
    width: number,
    height: number,
  ): Promise<{
    objective: Objective<StyleLosses>;
    content: FloatImage;
    feeds: Record<string, { data: Float32Array; dims: number[] }>;
    network: FeatureNetwork;
  }> {
    const o = resolveOptions(req.options, req.styles.length);
    const styleInfos = await Promise.all(req.styles.map((s) => probeImage(s)));
    const net = await this.load();
    const { width: w, height: h } = net.fit(width, height);
    const { content, sess, feeds } = await this.prepareStage(net, req, o, styleInfos, w, h);
    return { objective: (x) => evaluate(sess, feeds, x, w, h), content, feeds, network: net };
  }

  /**
   * Stylize `content` in the manner of `styles`.
   *
   * @example
   *   const engine = new StyleEngine();
   *   const r = await engine.stylize({ content, styles: [starryNight], options: { size: 256, iterations: 50 } });
   *   fs.writeFileSync('out.png', r.png);
   */
  async stylize(
    req: StyleRequest,
    hooks: { signal?: AbortSignal; onIteration?: (r: IterationReport) => void } = {},
  ): Promise<StyleOutcome> {
    const t0 = performance.now();
    if (!req.styles.length) throw new VwError('E_BAD_ARGUMENT', 'At least one style image is needed.');
    if (req.styles.length > MAX_STYLES)
      throw new VwError('E_BAD_ARGUMENT', `At most ${MAX_STYLES} style images; got ${req.styles.length}.`);
    const o = resolveOptions(req.options, req.styles.length);
    // Check every image's header before any heavy work.
    const contentInfo = await probeImage(req.content);
    const styleInfos = await Promise.all(req.styles.map((s) => probeImage(s)));
    if (o.init === 'image' && !req.options?.initImage) throw new VwError('E_BAD_ARGUMENT', 'init "image" needs initImage.');
    const net = await this.load();

    const full = net.fit(...(Object.values(scaledSize(contentInfo.width, contentInfo.height, o.size)) as [number, number]));
    const stages: Stage[] = [];
    if (o.coarseToFine && Math.max(full.width, full.height) >= 128) {
      const half = net.fit(full.width / 2, full.height / 2);
      const coarse = Math.max(1, Math.round(o.iterations / 2));
      stages.push({ ...half, iterations: coarse });
      if (o.iterations - coarse > 0) stages.push({ ...full, iterations: o.iterations - coarse });
    } else stages.push({ ...full, iterations: o.iterations });

    const total = stages.reduce((a, s) => a + s.iterations, 0);
    let done = 0;
    let iterateMs = 0;
    let best: { x: Float32Array; f: number; losses: StyleLosses; width: number; height: number } | undefined;
    let initialLosses: StyleLosses | undefined;
    let current: FloatImage | undefined;
    let cancelled = false;
    let evaluations = 0;
    let contentImg: FloatImage | undefined;

    for (const stage of stages) {
      const { width: w, height: h } = stage;
      if (hooks.signal?.aborted) {
        cancelled = true;
        break;
      }
      const prepared = await this.prepareStage(net, req, o, styleInfos, w, h);
      contentImg = prepared.content;
      const { sess, feeds } = prepared;

      let x0: Float32Array;
      if (current) x0 = resizeBilinear(current, w, h).data;
      else if (o.init === 'noise') {
        const rand = gaussian(mulberry32(o.seed));
        x0 = Float32Array.from(contentImg.data, () => 127.5 + 40 * rand());
      } else if (o.init === 'image') x0 = (await loadFloatImage(req.options!.initImage!, w, h)).data;
      else x0 = Float32Array.from(contentImg.data);

      const objective = async (x: Float32Array) => {
        const e = await evaluate(sess, feeds, x, w, h);
        evaluations++;
        initialLosses ??= e.info;
        return e;
      };
      const bounds = { lower: 0, upper: 255 };
      const opt: Optimizer<StyleLosses> =
        o.optimizer === 'adam' ? new Adam(x0, objective, { bounds }) : new Lbfgs(x0, objective, { bounds });
      best = undefined;
      for (let it = 0; it < stage.iterations; it++) {
        if (hooks.signal?.aborted) {
          cancelled = true;
          break;
        }
        const ts = performance.now();
        const r = await opt.step();
        iterateMs += performance.now() - ts;
        const losses = r.eval.info!;
        if (!Number.isFinite(r.eval.f))
          throw new VwError('E_NUMERIC', `The loss became ${r.eval.f} at iteration ${done + 1}.`, {
            hint: 'Lower the style or content weight.',
          });
        if (!best || r.eval.f < best.f) best = { x: Float32Array.from(r.x), f: r.eval.f, losses, width: w, height: h };
        done++;
        const msPer = iterateMs / done;
        if (hooks.onIteration) {
          const wantPreview = o.previewEvery > 0 && (done % o.previewEvery === 0 || done === total);
          hooks.onIteration({
            iteration: done,
            iterations: total,
            losses,
            msPerIteration: msPer,
            preview: wantPreview ? await previewPng({ data: r.x, width: w, height: h }) : undefined,
            image: { data: r.x, width: w, height: h },
          });
        }
      }
      if (best) current = { data: best.x, width: w, height: h };
      else current = { data: x0, width: w, height: h };
      if (cancelled) break;
    }

    // Cancelled before the first iteration: the best image so far is the start image.
    let image = current ?? (await loadFloatImage(req.content, stages[0]!.width, stages[0]!.height));
    if (o.originalColors && contentImg) {
      const c = contentImg.width === image.width ? contentImg : await loadFloatImage(req.content, image.width, image.height);
      image = originalColors(image, c);
    }
    const totalMs = performance.now() - t0;
    const zero: StyleLosses = { total: 0, content: 0, style: 0, tv: 0 };
    return {
      status: cancelled ? 'cancelled' : 'done',
      width: image.width,
      height: image.height,
      png: await toPng(image),
      image,
      losses: best?.losses ?? initialLosses ?? zero,
      initialLosses: initialLosses ?? zero,
      iterations: done,
      evaluations,
      msPerIteration: done ? iterateMs / done : 0,
      totalMs,
      timings: { setupMs: totalMs - iterateMs, iterateMs },
    };
  }

  async dispose(): Promise<void> {
    await Promise.all([this.gradCache.clear(), this.targetCache.clear()]);
  }
}

/** One run of the generated model: loss terms and ∂J/∂pixels at `x`. */
async function evaluate(
  sess: SizeSessions,
  feeds: Record<string, { data: Float32Array; dims: number[] }>,
  x: Float32Array,
  w: number,
  h: number,
): Promise<Evaluation<StyleLosses>> {
  const out = await sess.grad.run({ ...feeds, [IMAGE_INPUT]: { data: x, dims: [1, h, w, 3] } });
  const f = out[sess.names.total]!.data[0] as number;
  const info: StyleLosses = {
    total: f,
    content: out[sess.names.content]!.data[0] as number,
    style: out[sess.names.style]!.data[0] as number,
    tv: out[sess.names.tv]!.data[0] as number,
  };
  return { f, g: out.grad!.data as Float32Array, info };
}

/** The bundled CenterNet from the model cache (prepared on first use). */
async function defaultBackbone(models: ModelResolver): Promise<Uint8Array> {
  return new Uint8Array(await fs.readFile(await models('centernet')));
}
