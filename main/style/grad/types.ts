/**
 * The shape of a backward rule: given a forward node and the gradients of its
 * outputs, emit nodes that compute the gradients of the inputs that need one.
 */
import type { Builder } from '../builder';
import type { GNode } from '../graph';

export interface RuleCtx {
  b: Builder;
  /** Whether input i of the node depends on the image (so needs a gradient). */
  needs(i: number): boolean;
  /** The forward node that produces a tensor (for rules that recognise patterns). */
  producer(tensor: string): GNode | undefined;
}

/** Returns one entry per node input: a gradient tensor name, or undefined. */
export type BackwardRule = (node: GNode, dOut: (string | undefined)[], ctx: RuleCtx) => (string | undefined)[];
