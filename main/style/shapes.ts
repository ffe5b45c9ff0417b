/**
 * Static shapes of every tensor in a forward graph, found by running it once.
 *
 * The generated gradient model is specialised to one image size anyway (its
 * transposed convolutions need exact output sizes), so instead of writing
 * shape inference for every op we let onnxruntime evaluate the forward graph
 * with every intermediate tensor exposed as an output and record the dims.
 */
import { createSession, type TensorData } from '../runtime/index';
import { saveGraph, type GNode, type Graph } from './graph';
import { numel } from './builder';

export async function probeShapes(
  g: { nodes: GNode[]; initializers: Graph['initializers']; opset: number },
  inputs: { name: string; dims: number[] }[],
): Promise<Map<string, number[]>> {
  const outputs = [...new Set(g.nodes.flatMap((n) => n.outputs).filter((o) => o))];
  const bytes = saveGraph(
    { nodes: g.nodes, initializers: g.initializers, inputs: [], outputs: [], opset: g.opset },
    { inputs: inputs.map((i) => ({ name: i.name, dims: i.dims })), outputs: outputs.map((name) => ({ name, elemType: 0 })) },
  );
  // Unoptimized: fusions could otherwise drop intermediate tensors we ask for.
  const session = await createSession(bytes, { label: 'style shape probe', graphOptimization: 'disabled', executionProviders: ['cpu'] });
  try {
    const feeds: Record<string, TensorData> = {};
    for (const i of inputs) feeds[i.name] = { data: new Float32Array(numel(i.dims)).fill(1), dims: i.dims };
    const out = await session.run(feeds);
    const shapes = new Map<string, number[]>();
    for (const i of inputs) shapes.set(i.name, [...i.dims]);
    for (const [k, v] of Object.entries(out)) shapes.set(k, [...v.dims]);
    for (const [k, t] of g.initializers) shapes.set(k, (t.dims ?? []).map(Number));
    return shapes;
  } finally {
    await session.release();
  }
}
