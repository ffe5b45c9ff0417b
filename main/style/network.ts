/**
 * A feature network for style transfer: any ONNX CNN plus the layer names
 * the loss reads. Only the prefix up to the deepest used layer is kept.
 *
 * The default is the MobileNetV3 backbone of the bundled CenterNet detector
 * (vladmandic/human `centernet`, MIT; converted from TF.js by the models
 * pipeline), with the layers that a feasibility run found to give
 * recognizable stylization. A user's own backbone (e.g. VGG-19 in ONNX) works
 * the same way with its own layer names.
 */
import { VwError } from '../errors';
import { Builder } from './builder';
import { loadGraph, prefixNodes, resolveLayer, saveGraph, type GNode, type Graph } from './graph';
import { appendGatysLoss, appendGram, LOSS_OUTPUTS, type Layout, type LossNames } from './loss';
import { buildGradientModel, MIN_OPSET } from './model';
import { probeShapes } from './shapes';

export interface BackboneSpec {
  /** Content layer (one). */
  contentLayer: string;
  /** Style layers with their relative weights. */
  styleLayers: { name: string; weight: number }[];
  /** Per-channel value subtracted from 0–255 RGB pixels before the network (e.g. ImageNet means for VGG). */
  mean?: [number, number, number];
  /** Multiplied after subtracting the mean. */
  scale?: number;
  /** Image sides are rounded to a multiple of this (the backbone's total stride, so padding stays as converted). */
  multiple?: number;
}

/** Layers of the CenterNet MobileNetV3 backbone (TF names kept by the converter). */
export const CENTERNET_BACKBONE: BackboneSpec = {
  contentLayer: 'expanded_conv_5/add',
  styleLayers: [
    { name: 'Conv/hard_swish/mul_1', weight: 1 },
    { name: 'expanded_conv_1/expand/Relu', weight: 1 },
    { name: 'expanded_conv_3/expand/Relu', weight: 1 },
    { name: 'expanded_conv_4/expand/Relu', weight: 1 },
    { name: 'expanded_conv_6/expand/hard_swish/mul_1', weight: 1 },
  ],
  multiple: 16,
};

export const IMAGE_INPUT = 'image';

export interface StyleGraphs {
  /** Forward-only: content features and style Grams, for computing targets. */
  targets: { bytes: Uint8Array; content: string; grams: string[]; gramDims: number[][]; contentDims: number[] };
}

/**
 * A backbone cut for style transfer.
 *
 * @example
 *   const net = new FeatureNetwork(fs.readFileSync(vggOnnx), { contentLayer: 'relu4_2', styleLayers: [{ name: 'relu1_1', weight: 1 }], mean: [123.7, 116.8, 103.9] });
 *   const { bytes } = await net.gradientModel(384, 512);
 */
export class FeatureNetwork {
  readonly layout: Layout;
  private readonly prefix: GNode[];
  private readonly initializers: Graph['initializers'];
  private readonly opset: number;
  readonly content: string;
  readonly styles: string[];
  private readonly shapeCache = new Map<string, Map<string, number[]>>();

  constructor(
    bytes: Uint8Array,
    readonly spec: BackboneSpec,
  ) {
    const g = loadGraph(bytes);
    const input = g.inputs[0];
    if (!input || g.inputs.length !== 1)
      throw new VwError('E_MODEL_INVALID', `A style backbone needs exactly one image input; this one has ${g.inputs.length}.`);
    if (input.dims.length !== 4) throw new VwError('E_MODEL_INVALID', `The backbone input must be 4-D; got [${input.dims.join(',')}].`);
    this.layout = input.dims[3] === 3 ? 'nhwc' : 'nchw';
    this.content = resolveLayer(g.nodes, spec.contentLayer);
    this.styles = spec.styleLayers.map((l) => resolveLayer(g.nodes, l.name));
    if (this.styles.length === 0) throw new VwError('E_BAD_ARGUMENT', 'At least one style layer is needed.');
    // The image always enters as NHWC 0–255; adapt it to what the backbone wants.
    const head = new Builder({ nodes: [], initializers: new Map() }, new Map(), 'vws/in/');
    let x = IMAGE_INPUT;
    if (spec.mean) x = head.one('Sub', [x, head.constF(spec.mean, [3])]);
    if (spec.scale !== undefined && spec.scale !== 1) x = head.one('Mul', [x, head.constF([spec.scale], [])]);
    if (this.layout === 'nchw') x = head.one('Transpose', [x], { perm: { ints: [0, 3, 1, 2] } });
    head.nodes.push({ op: 'Identity', name: 'vws/in/feed', inputs: [x], outputs: [input.name], attrs: [] });
    this.prefix = [...head.nodes, ...prefixNodes(g.nodes, [this.content, ...this.styles])];
    this.initializers = new Map(head.initializers);
    const used = new Set(this.prefix.flatMap((n) => n.inputs));
    for (const [k, t] of g.initializers) if (used.has(k)) this.initializers.set(k, t);
    this.opset = Math.max(g.opset, MIN_OPSET);
  }

  /** Number of nodes kept (the prefix). */
  get nodeCount(): number {
    return this.prefix.length;
  }

  /** Round a requested size to what the backbone accepts. */
  fit(width: number, height: number): { width: number; height: number } {
    const m = this.spec.multiple ?? 16;
    return { width: Math.max(m, Math.round(width / m) * m), height: Math.max(m, Math.round(height / m) * m) };
  }

  private async shapes(h: number, w: number): Promise<Map<string, number[]>> {
    const key = `${h}x${w}`;
    let s = this.shapeCache.get(key);
    if (!s) {
      s = await probeShapes({ nodes: this.prefix, initializers: this.initializers, opset: this.opset }, [
        { name: IMAGE_INPUT, dims: [1, h, w, 3] },
      ]);
      this.shapeCache.set(key, s);
    }
    return s;
  }

  /** Forward model: image → content features + one Gram per style layer. */
  async targetsModel(h: number, w: number): Promise<StyleGraphs['targets']> {
    const shapes = new Map(await this.shapes(h, w));
    const b = new Builder({ nodes: this.prefix, initializers: this.initializers }, shapes, 'vws/t/');
    const grams = this.styles.map((s, i) => {
      const { gram, channels } = appendGram(b, s, b.shape(s), this.layout);
      b.nodes.push({ op: 'Identity', name: `vws/t/gram_out_${i}`, inputs: [gram], outputs: [`gram_${i}`], attrs: [] });
      return { name: `gram_${i}`, dims: [channels, channels] };
    });
    const bytes = saveGraph(
      { nodes: b.nodes, initializers: b.initializers, inputs: [], outputs: [], opset: this.opset },
      { inputs: [{ name: IMAGE_INPUT, dims: [1, h, w, 3] }], outputs: [{ name: this.content }, ...grams.map((g) => ({ name: g.name }))] },
    );
    return {
      bytes,
      content: this.content,
      grams: grams.map((g) => g.name),
      gramDims: grams.map((g) => g.dims),
      contentDims: b.shape(this.content),
    };
  }

  /** The forward graph the gradient is generated from: backbone prefix + loss, with its feeds' shapes. */
  async lossGraph(
    h: number,
    w: number,
  ): Promise<{
    nodes: GNode[];
    initializers: Graph['initializers'];
    opset: number;
    names: LossNames;
    inputs: { name: string; dims: number[] }[];
    imageDims: number[];
  }> {
    const shapes = new Map(await this.shapes(h, w));
    const b = new Builder({ nodes: this.prefix, initializers: this.initializers }, shapes, 'vws/l/');
    const imageDims = [1, h, w, 3];
    const names = appendGatysLoss(b, { image: IMAGE_INPUT, imageDims, content: this.content, styles: this.styles, layout: this.layout });
    const inputs = [
      { name: names.contentTarget, dims: b.shape(this.content) },
      ...this.styles.map((s, i) => {
        const dims = b.shape(s);
        const c = this.layout === 'nhwc' ? dims[3]! : dims[1]!;
        return { name: names.styleTargets[i]!, dims: [c, c] };
      }),
      { name: names.wContent, dims: [] },
      ...names.wStyle.map((n) => ({ name: n, dims: [] })),
      { name: names.wTv, dims: [] },
    ];
    return { nodes: b.nodes, initializers: b.initializers, opset: this.opset, names, inputs, imageDims };
  }

  /** The generated model: image + targets + weights → loss terms and ∂J/∂image. */
  async gradientModel(
    h: number,
    w: number,
  ): Promise<{ bytes: Uint8Array; names: LossNames; inputs: { name: string; dims: number[] }[]; nodeCount: number }> {
    const g = await this.lossGraph(h, w);
    const model = await buildGradientModel({
      forward: { nodes: g.nodes, initializers: g.initializers, opset: g.opset },
      wrt: { name: IMAGE_INPUT, dims: g.imageDims },
      inputs: g.inputs,
      loss: LOSS_OUTPUTS.total,
      outputs: [LOSS_OUTPUTS.content, LOSS_OUTPUTS.style, LOSS_OUTPUTS.tv],
    });
    return { bytes: model.bytes, names: g.names, inputs: g.inputs, nodeCount: model.nodeCount };
  }
}
