import type { StyleOptions } from '../../../../preload/contract';

/** Speed/quality presets; the user can still change every option after picking one. */
export const STYLE_PRESETS: Record<'fast' | 'balanced' | 'quality', StyleOptions> = {
  fast: { size: 256, iterations: 50, optimizer: 'adam', coarseToFine: false, previewEvery: 5 },
  balanced: { size: 384, iterations: 150, optimizer: 'lbfgs', coarseToFine: false, previewEvery: 10 },
  quality: { size: 512, iterations: 300, optimizer: 'lbfgs', coarseToFine: true, previewEvery: 20 },
};

export const DEFAULT_OPTIONS: StyleOptions = {
  contentWeight: 5,
  styleWeight: 100,
  tvWeight: 0.001,
  styleScale: 1,
  originalColors: false,
  init: 'content',
  seed: 0,
  ...STYLE_PRESETS.fast,
};
