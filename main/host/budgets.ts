/**
 * Work and memory budgets, checked before a job starts: a request that fits
 * the schema can still ask for hours of CPU or gigabytes of memory (a 4000×4000
 * image under a 64×64 filter, a 2048-px stylization). Such a request is refused
 * with E_RESOURCE naming the limit and how to raise it, instead of starving
 * every other client of the one engine.
 *
 * Limits come from the environment of the serving process (the engine host
 * inherits it), so an operator can raise them without a rebuild.
 */
import { VwError } from '../errors';

export interface Budgets {
  /** Multiply-adds of one lab convolution or pooling (≈ 1 s per 10⁹ in V8 on one core). */
  labWork: number;
  /** Estimated peak bytes of one style transfer. */
  styleBytes: number;
}

export const DEFAULT_BUDGETS: Budgets = { labWork: 2e9, styleBytes: 3 * 1024 ** 3 };

const ENV = { labWork: 'VWS_BUDGET_LAB_WORK', styleBytes: 'VWS_BUDGET_STYLE_BYTES' } as const;

/**
 * Measured: the style optimizer at 1024 px peaked at ~2.5 GB and at 2048 px
 * passed 5 GiB within 4 s (issue #12), i.e. roughly 2.4 kB per output pixel
 * (activations, gradients and optimizer history of the generated model).
 */
const STYLE_BYTES_PER_PIXEL = 2400;

export function budgets(env: NodeJS.ProcessEnv = process.env): Budgets {
  const read = (k: keyof Budgets): number => {
    const v = Number(env[ENV[k]]);
    return Number.isFinite(v) && v > 0 ? v : DEFAULT_BUDGETS[k];
  };
  return { labWork: read('labWork'), styleBytes: read('styleBytes') };
}

function refuse(what: string, need: number, limit: number, key: keyof Budgets, advice: string): never {
  throw new VwError('E_RESOURCE', `${what} needs about ${fmt(need)}; the limit is ${fmt(limit)}.`, {
    hint: `${advice} An operator can raise the limit with ${ENV[key]}=<number> in the environment of vws serve / the app.`,
    details: { need, limit, budget: ENV[key] },
  });
}

const fmt = (n: number): string =>
  n >= 1e9 ? `${(n / 1e9).toPrecision(3)}·10⁹` : n >= 1e6 ? `${(n / 1e6).toPrecision(3)}·10⁶` : String(Math.round(n));

/** Output side of a sliding window, or 0 when it does not fit. */
const out = (n: number, f: number, p: number, s: number): number => Math.max(0, Math.floor((n + 2 * p - f) / s) + 1);

/** Refuse a convolution (plus optional pooling) whose multiply-adds exceed the budget. */
export function checkLabWork(
  input: { rows: number; cols: number },
  filter: { rows: number; cols: number },
  padding: number,
  stride: number,
  b: Budgets = budgets(),
  pool?: { size: number; stride: number },
): void {
  const r = out(input.rows, filter.rows, padding, stride);
  const c = out(input.cols, filter.cols, padding, stride);
  let work = r * c * filter.rows * filter.cols;
  if (pool) work += out(r, pool.size, 0, pool.stride) * out(c, pool.size, 0, pool.stride) * pool.size * pool.size;
  if (work > b.labWork)
    refuse(
      `This ${input.rows}×${input.cols} input under a ${filter.rows}×${filter.cols} filter`,
      work,
      b.labWork,
      'labWork',
      'Use a smaller image or filter, or a larger stride.',
    );
}

/** Refuse a pooling whose work exceeds the budget. */
export function checkPoolWork(input: { rows: number; cols: number }, size: number, stride: number, b: Budgets = budgets()): void {
  const work = out(input.rows, size, 0, stride) * out(input.cols, size, 0, stride) * size * size;
  if (work > b.labWork)
    refuse(
      `Pooling ${input.rows}×${input.cols} with a ${size}×${size} window`,
      work,
      b.labWork,
      'labWork',
      'Use a smaller window or a larger stride.',
    );
}

/** Refuse a style transfer whose estimated memory exceeds the budget. */
export function checkStyleMemory(size: number, b: Budgets = budgets()): void {
  const bytes = size * size * STYLE_BYTES_PER_PIXEL;
  if (bytes > b.styleBytes)
    refuse(`Style transfer at ${size} px`, bytes, b.styleBytes, 'styleBytes', 'Choose a smaller size (the "balanced" preset is 512 px).');
}
