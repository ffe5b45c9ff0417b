/**
 * The TF.js graph-model format as the converter reads it (model.json's
 * `modelTopology.node`, attributes base64/stringly typed as TF writes them),
 * what the converter knows about each TF tensor, and the two graph walks:
 * TF nodes in dependency order, and pruning of the ONNX graph to what the
 * outputs need.
 */
import { VwError } from '../../errors';
import type { OnnxTypes } from '../../onnx/proto';
import type { TfWeightGroup } from '../weights';

export interface TfAttr {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  list?: { i?: (string | number)[]; s?: string[]; f?: number[] };
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
}
export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}
export interface TfGraphModel {
  format?: string;
  modelTopology: { node: TfNode[] };
  weightsManifest: TfWeightGroup[];
  signature?: { inputs?: Record<string, { name: string }>; outputs?: Record<string, { name: string }> };
}

export type DType = 'float32' | 'int32' | 'int64' | 'bool';
export type Values = Float32Array | Int32Array | BigInt64Array | Uint8Array;
/** What the converter knows about a TF tensor. */
export interface Info {
  /** ONNX value name carrying it (undefined for a constant not yet materialized). */
  onnx?: string;
  dtype: DType;
  /** Static shape; -1 = unknown dim; undefined = unknown rank. */
  shape?: number[];
  /** Known constant value. */
  value?: Values;
}

/** A string attribute (TF stores them base64). */
export const b64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64').toString('utf8') : '');
/** An int-list attribute as numbers. */
export const ints = (a: TfAttr | undefined) => (a?.list?.i ?? []).map((v) => Number(v));

/** Nodes in dependency order (inputs before consumers), iteratively; a cycle is E_MODEL_INVALID. */
export function topoSort(nodes: TfNode[]): TfNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const done = new Set<string>();
  const out: TfNode[] = [];
  const visiting = new Set<string>();
  const visit = (n: TfNode) => {
    if (done.has(n.name)) return;
    const stack: [TfNode, number][] = [[n, 0]];
    visiting.add(n.name);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [cur, i] = top;
      const deps = cur.input ?? [];
      if (i < deps.length) {
        top[1]++;
        const dep = byName.get(deps[i]!.replace(/^\^/, '').replace(/:\d+$/, ''));
        if (dep && !done.has(dep.name)) {
          if (visiting.has(dep.name)) throw new VwError('E_MODEL_INVALID', `The TF.js graph has a cycle through "${dep.name}".`);
          visiting.add(dep.name);
          stack.push([dep, 0]);
        }
      } else {
        stack.pop();
        visiting.delete(cur.name);
        done.add(cur.name);
        out.push(cur);
      }
    }
  };
  for (const n of nodes) visit(n);
  return out;
}

/** Drop nodes and initializers that no output depends on. */
export function prune(nodes: OnnxTypes.INodeProto[], inits: OnnxTypes.ITensorProto[], outputs: string[]) {
  const need = new Set<string>(outputs);
  const keep = new Set<number>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    if (!n.output?.some((o) => need.has(o))) continue;
    keep.add(i);
    n.input?.forEach((x) => x && need.add(x));
  }
  return { nodes: nodes.filter((_, i) => keep.has(i)), inits: inits.filter((t) => need.has(t.name ?? '')) };
}
