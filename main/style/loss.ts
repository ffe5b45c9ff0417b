/**
 * The Gatys et al. (2015) loss, "A Neural Algorithm of Artistic Style"
 * (arXiv:1508.06576), appended to a feature network as ONNX nodes:
 *
 *   J = w_c·½‖F_l(G) − F_l(C)‖² + Σ_l w_l·‖Gram_l(G) − Gram_l(S)‖² + w_tv·TV(G)
 *
 * Targets (content features, style Grams) are model inputs, computed once per
 * job. The per-term weights are inputs too, so one generated model serves any
 * weights; the caller folds "divide by the target's squared norm" into them,
 * which makes each term a relative error and the weights comparable across
 * layers and backbones. Gram matrices are divided by the number of positions
 * so that a style image of another size (style_scale) gives comparable Grams.
 */
import type { Builder } from './builder';

export type Layout = 'nhwc' | 'nchw';

/** Gram matrix [C, C] of a [1, …] feature map, averaged over positions. */
export function appendGram(b: Builder, feature: string, dims: number[], layout: Layout): { gram: string; channels: number } {
  const c = layout === 'nhwc' ? dims[3]! : dims[1]!;
  const positions = dims.slice(1).reduce((a, x) => a * x, 1) / c;
  if (layout === 'nhwc') {
    const f = b.one('Reshape', [feature, b.constI([positions, c])], {}, [positions, c]);
    const ft = b.one('Transpose', [f], { perm: { ints: [1, 0] } }, [c, positions]);
    const g = b.one('MatMul', [ft, f], {}, [c, c]);
    return { gram: b.one('Mul', [g, b.constF([1 / positions], [])], {}, [c, c]), channels: c };
  }
  const f = b.one('Reshape', [feature, b.constI([c, positions])], {}, [c, positions]);
  const ft = b.one('Transpose', [f], { perm: { ints: [1, 0] } }, [positions, c]);
  const g = b.one('MatMul', [f, ft], {}, [c, c]);
  return { gram: b.one('Mul', [g, b.constF([1 / positions], [])], {}, [c, c]), channels: c };
}

function squaredError(b: Builder, a: string, target: string): string {
  const d = b.one('Sub', [a, target]);
  return b.one('ReduceSum', [b.one('Mul', [d, d])], { keepdims: { i: 0 } });
}

export interface LossNames {
  /** Inputs the caller feeds each run. */
  contentTarget: string;
  styleTargets: string[];
  wContent: string;
  wStyle: string[];
  wTv: string;
  /** Outputs. */
  total: string;
  content: string;
  style: string;
  tv: string;
}

export const LOSS_OUTPUTS = { total: 'loss', content: 'loss_content', style: 'loss_style', tv: 'loss_tv' } as const;

/**
 * Append the loss to `b`. `image` is the NHWC [1,H,W,3] pixel tensor;
 * `content` and `styles` are feature tensors with shapes in `b.shapes`.
 */
export function appendGatysLoss(
  b: Builder,
  opts: { image: string; imageDims: number[]; content: string; styles: string[]; layout: Layout },
): LossNames {
  const names: LossNames = {
    contentTarget: 'content_target',
    styleTargets: opts.styles.map((_, i) => `style_target_${i}`),
    wContent: 'w_content',
    wStyle: opts.styles.map((_, i) => `w_style_${i}`),
    wTv: 'w_tv',
    ...LOSS_OUTPUTS,
  };
  const content = b.one('Mul', [squaredError(b, opts.content, names.contentTarget), names.wContent]);
  const styleTerms = opts.styles.map((s, i) => {
    const { gram } = appendGram(b, s, b.shape(s), opts.layout);
    return b.one('Mul', [squaredError(b, gram, names.styleTargets[i]!), names.wStyle[i]!]);
  });
  b.nodes.push({ op: 'Sum', name: 'vws/loss_style', inputs: styleTerms, outputs: [names.style], attrs: [] });
  // Anisotropic total variation on the pixels: squared neighbour differences.
  const [, h, w] = opts.imageDims as [number, number, number, number];
  const diff = (axis: number, len: number) => {
    const lo = b.one('Slice', [opts.image, b.constI([0]), b.constI([len - 1]), b.constI([axis])]);
    const hi = b.one('Slice', [opts.image, b.constI([1]), b.constI([len]), b.constI([axis])]);
    const d = b.one('Sub', [hi, lo]);
    return b.one('ReduceSum', [b.one('Mul', [d, d])], { keepdims: { i: 0 } });
  };
  const tvRaw = b.one('Add', [diff(1, h), diff(2, w)]);
  b.nodes.push({ op: 'Mul', name: 'vws/loss_tv', inputs: [tvRaw, names.wTv], outputs: [names.tv], attrs: [] });
  b.nodes.push({ op: 'Identity', name: 'vws/loss_content', inputs: [content], outputs: [names.content], attrs: [] });
  b.nodes.push({ op: 'Sum', name: 'vws/loss_total', inputs: [names.content, names.style, names.tv], outputs: [names.total], attrs: [] });
  return names;
}
