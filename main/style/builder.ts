/**
 * Appends nodes to a graph under construction, with fresh tensor names and a
 * record of every forward tensor's static shape (the backward rules need
 * shapes to undo broadcasting and to size transposed convolutions).
 */
import { attr, constantOf, floatTensor, int64Tensor, type AttrValue, type GNode, type Graph } from './graph';

export class Builder {
  readonly nodes: GNode[];
  readonly initializers: Graph['initializers'];
  readonly shapes: Map<string, number[]>;
  private counter = 0;

  /** `prefix` keeps names unique when a second builder extends a graph made by a first. */
  constructor(
    base: { nodes: GNode[]; initializers: Graph['initializers'] },
    shapes = new Map<string, number[]>(),
    private readonly prefix = 'vws/',
  ) {
    this.nodes = [...base.nodes];
    this.initializers = new Map(base.initializers);
    this.shapes = shapes;
  }

  fresh(hint: string): string {
    return `${this.prefix}${hint}_${this.counter++}`;
  }

  /** Emit a node; returns its output names. `shape` records output 0's shape when known. */
  node(
    op: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    opts: { outputs?: number; shape?: number[]; hint?: string } = {},
  ): string[] {
    const hint = opts.hint ?? op.toLowerCase();
    const outputs = Array.from({ length: opts.outputs ?? 1 }, () => this.fresh(hint));
    this.nodes.push({
      op,
      name: this.fresh(`${hint}_node`),
      inputs,
      outputs,
      attrs: Object.entries(attrs).map(([k, v]) => attr(k, v)),
    });
    if (opts.shape) this.shapes.set(outputs[0]!, opts.shape);
    return outputs;
  }

  /** Emit a node with attribute protos copied from another node. */
  raw(op: string, inputs: string[], attrs: GNode['attrs'], outputs = 1): string[] {
    const names = Array.from({ length: outputs }, () => this.fresh(op.toLowerCase()));
    this.nodes.push({ op, name: this.fresh(`${op.toLowerCase()}_node`), inputs, outputs: names, attrs: [...attrs] });
    return names;
  }

  one(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, shape?: number[]): string {
    return this.node(op, inputs, attrs, { shape })[0]!;
  }

  constF(values: ArrayLike<number>, dims: number[]): string {
    const name = this.fresh('cf');
    this.initializers.set(name, floatTensor(name, dims, values));
    this.shapes.set(name, dims);
    return name;
  }

  constI(values: number[], dims: number[] = [values.length]): string {
    const name = this.fresh('ci');
    this.initializers.set(name, int64Tensor(name, dims, values));
    return name;
  }

  /** A build-time constant's values (initializer or Constant node), else undefined. */
  constValue(name: string): number[] | undefined {
    return name ? constantOf(this, name) : undefined;
  }

  shape(name: string): number[] {
    const s = this.shapes.get(name);
    if (!s) throw new Error(`style graph: no static shape for tensor "${name}"`);
    return s;
  }

  /** Undo numpy-style broadcasting: sum `grad` (of shape `from`) down to shape `to`. */
  unbroadcast(grad: string, from: number[], to: number[]): string {
    if (from.length === to.length && from.every((d, i) => d === to[i])) return grad;
    const lead = from.length - to.length;
    const axes: number[] = [];
    from.forEach((d, i) => {
      const t = i < lead ? 1 : to[i - lead]!;
      if (i < lead || (t === 1 && d !== 1)) axes.push(i);
    });
    const summed = axes.length ? this.one('ReduceSum', [grad, this.constI(axes)], { keepdims: { i: 1 } }) : grad;
    return this.one('Reshape', [summed, this.constI(to)]);
  }
}

export function numel(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
