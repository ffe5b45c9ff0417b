/**
 * The notes' cost arguments as calculators: why a 1×1 "bottleneck" makes an
 * Inception branch ten times cheaper, and why large images need convolutions
 * (a dense layer's weights grow with the image, a conv layer's do not).
 */
import type { LargeImageRequest, LargeImageResult, OneByOneRequest, OneByOneResult } from '../../preload/contract';
import { VwError } from '../errors';
import { describeNetwork } from './networks';

function positive(v: number, what: string): void {
  if (!(Number.isInteger(v) && v >= 1)) throw new VwError('E_BAD_ARGUMENT', `${what} must be a whole number ≥ 1; got ${v}.`);
}

/** MACs of the Inception (3a) description's rows with this name. */
function inceptionMacs(row: string): number {
  const r = describeNetwork('inception-module').layers.find((l) => l.name === row);
  if (!r) throw new VwError('E_INTERNAL', `The Inception module has no row ${row}.`);
  return r.macs;
}

/**
 * Multiplications of an f×f "same" conv directly vs after a 1×1 bottleneck.
 *
 * @example
 *   oneByOne({ height: 28, width: 28, channels: 192, f: 5, filters: 32, bottleneck: 16 });
 *   // { direct: 120422400, reduce: 2408448, expand: 10035200, bottlenecked: 12443648, … }
 */
export function oneByOne(r: OneByOneRequest): OneByOneResult {
  positive(r.height, 'n_H');
  positive(r.width, 'n_W');
  positive(r.channels, 'n_C');
  positive(r.f, 'f');
  positive(r.filters, 'The number of filters');
  positive(r.bottleneck, 'The bottleneck width');
  const hw = r.height * r.width;
  const direct = hw * r.filters * r.f * r.f * r.channels;
  const reduce = hw * r.bottleneck * r.channels;
  const expand = hw * r.filters * r.f * r.f * r.bottleneck;
  const reduceIn = inceptionMacs('inception_3a.5x5_reduce');
  const expandIn = inceptionMacs('inception_3a.5x5');
  return {
    direct,
    reduce,
    expand,
    bottlenecked: reduce + expand,
    ratio: direct / (reduce + expand),
    directParams: r.f * r.f * r.channels * r.filters + r.filters,
    bottleneckedParams: r.channels * r.bottleneck + r.bottleneck + r.f * r.f * r.bottleneck * r.filters + r.filters,
    inception3a: { reduce: reduceIn, expand: expandIn, total: reduceIn + expandIn },
  };
}

/**
 * Parameters of a dense layer vs a conv layer on an n_H×n_W×n_C image.
 *
 * @example
 *   largeImage({ height: 1000, width: 1000, channels: 3, units: 1000, f: 3, filters: 1000 }).denseWeights; // 3e9
 */
export function largeImage(r: LargeImageRequest): LargeImageResult {
  positive(r.height, 'n_H');
  positive(r.width, 'n_W');
  positive(r.channels, 'n_C');
  positive(r.units, 'The number of units');
  positive(r.f, 'f');
  positive(r.filters, 'The number of filters');
  const inputs = r.height * r.width * r.channels;
  const denseWeights = inputs * r.units;
  const denseParams = denseWeights + r.units;
  const convParams = r.f * r.f * r.channels * r.filters + r.filters;
  return { inputs, denseWeights, denseParams, convParams, ratio: denseParams / convParams };
}
