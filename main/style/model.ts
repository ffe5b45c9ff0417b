/**
 * Turns a forward graph that ends in a scalar loss into one ONNX model whose
 * outputs are the loss (and any other forward tensors asked for) plus the
 * gradient of the loss with respect to one input.
 */
import { Builder } from './builder';
import { appendGradient } from './grad/index';
import { saveGraph, type GNode, type Graph } from './graph';
import { probeShapes } from './shapes';

/** ScatterElements(reduction=add) needs 16; 17 is widely supported by runtimes. */
export const MIN_OPSET = 17;

export interface GradientModelSpec {
  forward: { nodes: GNode[]; initializers: Graph['initializers']; opset: number };
  /** The input to differentiate with respect to. */
  wrt: { name: string; dims: number[] };
  /** Other float inputs (targets, weights), fed every run. */
  inputs?: { name: string; dims: number[] }[];
  loss: string;
  /** Extra forward tensors to expose (loss terms). */
  outputs?: string[];
  /** Name of the gradient output. Default "grad". */
  gradName?: string;
}

export interface GradientModel {
  bytes: Uint8Array;
  gradName: string;
  shapes: Map<string, number[]>;
  nodeCount: number;
}

/**
 * Generate forward + ∂loss/∂wrt as one ONNX model.
 *
 * @example
 *   const m = await buildGradientModel({ forward: { nodes, initializers, opset: 17 }, wrt: { name: 'x', dims: [1, 3, 8, 8] }, loss: 'J' });
 *   const s = await createSession(m.bytes);           // no temp file: ORT takes the bytes
 *   const { J, grad } = await s.run({ x: { data, dims: [1, 3, 8, 8] } });
 */
export async function buildGradientModel(spec: GradientModelSpec): Promise<GradientModel> {
  const opset = Math.max(spec.forward.opset, MIN_OPSET);
  const inputs = [spec.wrt, ...(spec.inputs ?? [])];
  const shapes = await probeShapes({ ...spec.forward, opset }, inputs);
  const b = new Builder(spec.forward, shapes, 'vws/grad/');
  const g = appendGradient(b, spec.forward.nodes, spec.wrt.name, spec.loss);
  const gradName = spec.gradName ?? 'grad';
  b.nodes.push({ op: 'Identity', name: 'vws/grad_out', inputs: [g], outputs: [gradName], attrs: [] });
  const outs = [...new Set([spec.loss, ...(spec.outputs ?? [])])];
  const bytes = saveGraph(
    { nodes: b.nodes, initializers: b.initializers, inputs: [], outputs: [], opset },
    { inputs: inputs.map((i) => ({ name: i.name, dims: i.dims })), outputs: [...outs.map((name) => ({ name })), { name: gradName }] },
  );
  return { bytes, gradName, shapes, nodeCount: b.nodes.length };
}
