/**
 * Architecture descriptions without weights: a network is written as calls on
 * a builder that tracks the activation shape and records one row per layer —
 * the course's table (activation shape, activation size, #parameters) plus
 * multiply-accumulates. Nothing is allocated but the rows, so VGG-16's 138 M
 * parameters cost a few hundred bytes.
 *
 * Conventions (the same as the ONNX inspector in main/models/inspect.ts):
 * shapes are channels last without the batch dim, [n_H, n_W, n_C] or [n];
 * MACs of a convolution = n_H·n_W·n_C(out) · f·f·n_C(in), of a dense layer
 * = inputs · units; pooling, ReLU, additions and concatenations count 0.
 * A batch norm folded into a conv row adds its 2·n_C learned parameters
 * (γ, β; the running mean and variance are statistics, not parameters).
 */
import type { InspectReport, LayerRow } from '../../preload/contract';
import { VwError } from '../errors';

/** An activation flowing through the builder. */
export interface Act {
  shape: number[];
}

export type Padding = 'valid' | 'same' | number;

export interface ConvOptions {
  f: number;
  s?: number;
  p?: Padding;
  /** Default true; false when a batch norm follows (its β replaces the bias). */
  bias?: boolean;
  /** Fold a batch norm into this row (adds 2·filters parameters). */
  bn?: boolean;
  name?: string;
}

const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** ⌊(n + 2p − f)/s⌋ + 1, with "same" meaning ⌈n/s⌉ (TensorFlow's convention, the one the course uses). */
function outLen(n: number, f: number, s: number, p: Padding): number {
  if (p === 'same') return Math.ceil(n / s);
  const pad = p === 'valid' ? 0 : p;
  return Math.floor((n + 2 * pad - f) / s) + 1;
}

function padText(p: Padding): string {
  return p === 'same' ? 'same' : `p${p === 'valid' ? 0 : p}`;
}

/**
 * Records layers as they are applied.
 *
 * @example
 *   const b = new ArchBuilder('tiny');
 *   let x = b.input([32, 32, 3]);
 *   x = b.conv(x, 8, { f: 5 });          // (28, 28, 8), 608 parameters
 *   b.report().totals.params;            // 608
 */
export class ArchBuilder {
  readonly rows: LayerRow[] = [];
  private counter = 0;
  private inputShape: number[] = [];

  constructor(readonly model: string) {}

  private push(name: string | undefined, prefix: string, kind: string, op: string, shape: number[], params: number, macs: number): Act {
    if (shape.some((d) => !(Number.isInteger(d) && d >= 1)))
      throw new VwError('E_BAD_ARGUMENT', `${this.model}: layer ${kind} gives an impossible shape (${shape.join(', ')}).`, {
        hint: 'Use a larger input or a smaller window.',
      });
    this.rows.push({ name: name ?? `${prefix}${++this.counter}`, kind, op, shape, activationSize: size(shape), params, macs });
    return { shape };
  }

  input(shape: number[], name = 'input'): Act {
    this.inputShape = [1, ...shape];
    return this.push(name, '', 'INPUT', 'Input', shape, 0, 0);
  }

  conv(x: Act, filters: number, o: ConvOptions): Act {
    const [h, w, c] = x.shape as [number, number, number];
    const s = o.s ?? 1;
    const p = o.p ?? 'valid';
    const shape = [outLen(h, o.f, s, p), outLen(w, o.f, s, p), filters];
    const weights = o.f * o.f * c * filters;
    const params = weights + (o.bias === false ? 0 : filters) + (o.bn ? 2 * filters : 0);
    const macs = shape[0]! * shape[1]! * filters * o.f * o.f * c;
    const kind = `CONV ${o.f}x${o.f} s${s} ${padText(p)}${o.bn ? ' +BN' : ''}`;
    return this.push(o.name, 'conv', kind, 'Conv', shape, params, macs);
  }

  pool(x: Act, mode: 'max' | 'avg', f: number, s: number, p: Padding = 'valid', name?: string): Act {
    const [h, w, c] = x.shape as [number, number, number];
    const shape = [outLen(h, f, s, p), outLen(w, f, s, p), c];
    const kind = `POOL ${mode} ${f}x${f} s${s}${p === 'valid' || p === 0 ? '' : ' ' + padText(p)}`;
    return this.push(name, 'pool', kind, mode === 'max' ? 'MaxPool' : 'AveragePool', shape, 0, 0);
  }

  /** Global average pooling: [h, w, c] → [c]... kept as [1, 1, c] so a following conv still works. */
  globalAvgPool(x: Act, name?: string): Act {
    return this.push(name, 'pool', 'POOL global-avg', 'GlobalAveragePool', [1, 1, x.shape[2]!], 0, 0);
  }

  /** Dense layer on the flattened activation; `softmax` names the output layer as the notes do. */
  fc(x: Act, units: number, o: { name?: string; softmax?: boolean; bias?: boolean } = {}): Act {
    const n = size(x.shape);
    const params = n * units + (o.bias === false ? 0 : units);
    return this.push(o.name, 'fc', o.softmax ? 'FC softmax' : 'FC', 'Gemm', [units], params, n * units);
  }

  /** Element-wise sum of a residual block's two paths. */
  add(a: Act, b: Act, name?: string): Act {
    if (a.shape.join() !== b.shape.join())
      throw new VwError('E_INTERNAL', `${this.model}: cannot add (${a.shape.join(', ')}) and (${b.shape.join(', ')}).`);
    return this.push(name, 'add', 'ADD (skip)', 'Add', [...a.shape], 0, 0);
  }

  /** Channel concatenation of an Inception module's branches. */
  concat(xs: Act[], name?: string): Act {
    const [h, w] = xs[0]!.shape;
    if (xs.some((x) => x.shape[0] !== h || x.shape[1] !== w))
      throw new VwError('E_INTERNAL', `${this.model}: concatenated branches must share n_H, n_W.`);
    const c = xs.reduce((t, x) => t + x.shape[2]!, 0);
    return this.push(name, 'concat', 'CONCAT', 'Concat', [h!, w!, c], 0, 0);
  }

  report(): InspectReport {
    const totals = this.rows.reduce(
      (t, l) => ({ params: t.params + l.params, macs: t.macs + l.macs, activationSize: t.activationSize + l.activationSize }),
      { params: 0, macs: 0, activationSize: 0 },
    );
    return { model: this.model, inputShape: this.inputShape, layers: this.rows, totals };
  }
}
