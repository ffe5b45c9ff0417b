/**
 * Style options: the engine's defaults (stated once; the CLI, the host and the
 * renderer read them from here or through `vw:app.defaults`) and the checks
 * that fill them in. The schema checks types at the boundary; this checks meaning.
 */
import type { StyleOptions } from '../../preload/contract';
import { VwError } from '../errors';
import { MAX_ITERATIONS, SIZE_RANGE, WEIGHT_MAX } from './limits';

/** Defaults, tuned on tubingen × starry_night with the CenterNet backbone. */
export const STYLE_DEFAULTS = {
  contentWeight: 1,
  styleWeight: 30,
  tvWeight: 1,
  iterations: 100,
  size: 512,
  styleScale: 1,
  originalColors: false,
  init: 'content' as 'content' | 'noise' | 'image',
  optimizer: 'lbfgs' as 'lbfgs' | 'adam',
  seed: 0,
  coarseToFine: false,
  previewEvery: 10,
};

export type ResolvedStyleOptions = typeof STYLE_DEFAULTS & { styleBlendWeights: number[] };

function num(name: string, v: number | undefined, def: number, lo: number, hi: number): number {
  if (v === undefined) return def;
  if (!Number.isFinite(v) || v < lo || v > hi) throw new VwError('E_BAD_ARGUMENT', `${name} must be between ${lo} and ${hi}; got ${v}.`);
  return v;
}

/** Fill in defaults and check ranges (the schema checks types; this checks meaning). */
export function resolveOptions(o: StyleOptions = {}, styles = 1): ResolvedStyleOptions {
  const blend = o.styleBlendWeights ?? new Array(styles).fill(1);
  if (blend.length !== styles)
    throw new VwError('E_BAD_ARGUMENT', `styleBlendWeights has ${blend.length} weights for ${styles} style images.`);
  if (blend.some((w) => !Number.isFinite(w) || w < 0) || blend.reduce((a, b) => a + b, 0) <= 0) {
    throw new VwError('E_BAD_ARGUMENT', 'styleBlendWeights must be non-negative with a positive sum.');
  }
  return {
    contentWeight: num('contentWeight', o.contentWeight, STYLE_DEFAULTS.contentWeight, 0, WEIGHT_MAX),
    styleWeight: num('styleWeight', o.styleWeight, STYLE_DEFAULTS.styleWeight, 0, WEIGHT_MAX),
    tvWeight: num('tvWeight', o.tvWeight, STYLE_DEFAULTS.tvWeight, 0, WEIGHT_MAX),
    iterations: Math.round(num('iterations', o.iterations, STYLE_DEFAULTS.iterations, 1, MAX_ITERATIONS)),
    size: Math.round(num('size', o.size, STYLE_DEFAULTS.size, SIZE_RANGE.min, SIZE_RANGE.max)),
    styleScale: num('styleScale', o.styleScale, STYLE_DEFAULTS.styleScale, 0.1, 4),
    originalColors: o.originalColors ?? STYLE_DEFAULTS.originalColors,
    init: o.init ?? STYLE_DEFAULTS.init,
    optimizer: o.optimizer ?? STYLE_DEFAULTS.optimizer,
    seed: Math.round(num('seed', o.seed, STYLE_DEFAULTS.seed, 0, 2 ** 32 - 1)),
    coarseToFine: o.coarseToFine ?? STYLE_DEFAULTS.coarseToFine,
    previewEvery: Math.round(num('previewEvery', o.previewEvery, STYLE_DEFAULTS.previewEvery, 0, MAX_ITERATIONS)),
    styleBlendWeights: blend,
  };
}

/**
 * Speed/quality presets. Each changes only the size, the iteration count and
 * the schedule; the loss weights stay the defaults, so a preset never changes
 * what the picture is asked to look like, only how finely it is computed.
 * "balanced" is exactly the defaults.
 */
export const STYLE_PRESETS = {
  fast: { size: 256, iterations: 50, coarseToFine: false, previewEvery: 5 },
  balanced: {
    size: STYLE_DEFAULTS.size,
    iterations: STYLE_DEFAULTS.iterations,
    coarseToFine: STYLE_DEFAULTS.coarseToFine,
    previewEvery: STYLE_DEFAULTS.previewEvery,
  },
  quality: { size: 768, iterations: 300, coarseToFine: true, previewEvery: 20 },
} satisfies Record<'fast' | 'balanced' | 'quality', StyleOptions>;
