/**
 * Converter parity on small graphs built here, one per op family of the
 * issue's list, against TF.js itself (cpu backend) as the oracle. The real
 * models are covered in tests/engines/models/parity.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { convertTfjsGraph, SUPPORTED_OPS } from '../../../main/models/tfjs';
import { saveModel } from '../../../main/onnx/proto';
import { type VwError } from '../../../main/errors';
import { b, graph, i, li, ls, maxAbsDiff, placeholder, runBoth, s, seeded, T } from './tfjs-graph';

function expectClose(r: Awaited<ReturnType<typeof runBoth>>, names: string[], tol = 1e-5): void {
  for (const n of names) {
    const t = r.tf[n]!;
    const o = r.ort[n]!;
    expect(o, `output ${n}`).toBeDefined();
    expect(o.shape, n).toEqual(t.shape);
    const range = Math.max(...t.data) - Math.min(...t.data) || Math.max(1e-6, ...t.data.map(Math.abs));
    expect(maxAbsDiff(o.data, t.data) / range, n).toBeLessThanOrEqual(tol);
  }
}

describe('TF.js graph → ONNX converter', () => {
  it('convolutions (fused BiasAdd + Relu / Relu6 / Prelu, depthwise, SAME / VALID / EXPLICIT), pooling, Pad, Mean with quantized weights', async () => {
    const g = graph(
      [
        placeholder('x', [1, 11, 10, 3]),
        {
          name: 'c1',
          op: '_FusedConv2D',
          input: ['x', 'w1', 'b1'],
          attr: {
            T,
            strides: li([1, 2, 2, 1]),
            padding: s('SAME'),
            data_format: s('NHWC'),
            dilations: li([1, 1, 1, 1]),
            fused_ops: ls(['BiasAdd', 'Relu6']),
            num_args: i(1),
            epsilon: { f: 0 },
          },
        },
        {
          name: 'd1',
          op: 'FusedDepthwiseConv2dNative',
          input: ['c1', 'dw', 'db'],
          attr: {
            T,
            strides: li([1, 1, 1, 1]),
            padding: s('SAME'),
            data_format: s('NHWC'),
            dilations: li([1, 1, 1, 1]),
            fused_ops: ls(['BiasAdd', 'Relu']),
            num_args: i(1),
          },
        },
        {
          name: 'c2',
          op: '_FusedConv2D',
          input: ['d1', 'w2', 'b2', 'alpha'],
          attr: {
            T,
            strides: li([1, 1, 1, 1]),
            padding: s('VALID'),
            data_format: s('NHWC'),
            dilations: li([1, 1, 1, 1]),
            fused_ops: ls(['BiasAdd', 'Prelu']),
            num_args: i(2),
            epsilon: { f: 0 },
          },
        },
        {
          name: 'c3',
          op: 'Conv2D',
          input: ['c2', 'w3'],
          attr: {
            T,
            strides: li([1, 1, 2, 1]),
            padding: s('EXPLICIT'),
            explicit_paddings: li([0, 0, 1, 2, 0, 1, 0, 0]),
            data_format: s('NHWC'),
            dilations: li([1, 1, 1, 1]),
          },
        },
        {
          name: 'd2',
          op: 'DepthwiseConv2dNative',
          input: ['c3', 'dw2'],
          attr: { T, strides: li([1, 2, 2, 1]), padding: s('SAME'), data_format: s('NHWC'), dilations: li([1, 1, 1, 1]) },
        },
        {
          name: 'p1',
          op: 'MaxPool',
          input: ['c1'],
          attr: { T, ksize: li([1, 3, 3, 1]), strides: li([1, 2, 2, 1]), padding: s('SAME'), data_format: s('NHWC') },
        },
        { name: 'pad', op: 'Pad', input: ['p1', 'paddings'], attr: { T } },
        { name: 'm', op: 'Mean', input: ['pad', 'axes'], attr: { T, keep_dims: b(false) } },
        { name: 'relu', op: 'Relu', input: ['d2'], attr: { T } },
      ],
      {
        w1: { shape: [3, 3, 3, 4], values: seeded(108, 2), quant: 'uint8' },
        b1: { shape: [4], values: seeded(4, 3), quant: 'uint16' },
        dw: { shape: [3, 3, 4, 2], values: seeded(72, 4), quant: 'float16' },
        db: { shape: [8], values: seeded(8, 5) },
        w2: { shape: [1, 1, 8, 5], values: seeded(40, 6) },
        b2: { shape: [5], values: seeded(5, 7) },
        alpha: { shape: [5], values: [0.1, 0.2, -0.3, 0.5, 2] },
        w3: { shape: [2, 3, 5, 3], values: seeded(90, 8) },
        dw2: { shape: [3, 3, 3, 1], values: seeded(27, 9) },
        paddings: { shape: [4, 2], values: [0, 0, 1, 2, 0, 1, 0, 0], dtype: 'int32' },
        axes: { shape: [2], values: [1, 2], dtype: 'int32' },
      },
      ['relu', 'm', 'pad'],
    );
    const r = await runBoth(g, { name: 'x', shape: [1, 11, 10, 3], values: seeded(330, 1, 0, 1) }, ['relu', 'm', 'pad']);
    expectClose(r, ['relu', 'm', 'pad']);
  });

  it('elementwise ops, Sigmoid, Prelu, Softmax, ConcatV2, ResizeBilinear (3 modes), Reshape, _FusedMatMul', async () => {
    const conv = { T };
    const g = graph(
      [
        placeholder('x', [1, 6, 5, 4]),
        { name: 'add', op: 'Add', input: ['x', 'k4'], attr: conv },
        { name: 'addv2', op: 'AddV2', input: ['add', 'x'], attr: conv },
        { name: 'sub', op: 'Sub', input: ['addv2', 'half'], attr: conv },
        { name: 'mul', op: 'Mul', input: ['sub', 'k4'], attr: conv },
        { name: 'min', op: 'Minimum', input: ['mul', 'half'], attr: conv },
        { name: 'max', op: 'Maximum', input: ['min', 'mhalf'], attr: conv },
        { name: 'sig', op: 'Sigmoid', input: ['max'], attr: conv },
        { name: 'prelu', op: 'Prelu', input: ['x', 'alpha'], attr: {} },
        { name: 'r6', op: 'Relu6', input: ['mul'], attr: conv },
        { name: 'cat', op: 'ConcatV2', input: ['sig', 'prelu', 'r6', 'axis'], attr: { T, N: i(3) } },
        { name: 'rz1', op: 'ResizeBilinear', input: ['cat', 'size1'], attr: { T, align_corners: b(true), half_pixel_centers: b(false) } },
        { name: 'rz2', op: 'ResizeBilinear', input: ['cat', 'size2'], attr: { T, align_corners: b(false), half_pixel_centers: b(true) } },
        { name: 'rz3', op: 'ResizeBilinear', input: ['cat', 'size3'], attr: { T, align_corners: b(false), half_pixel_centers: b(false) } },
        { name: 'flat', op: 'Reshape', input: ['x', 'shape'], attr: { T } },
        {
          name: 'fc',
          op: '_FusedMatMul',
          input: ['flat', 'wfc', 'bfc'],
          attr: { T, transpose_a: b(false), transpose_b: b(false), fused_ops: ls(['BiasAdd', 'Relu']), num_args: i(1), epsilon: { f: 0 } },
        },
        { name: 'sm', op: 'Softmax', input: ['fc'], attr: conv },
        { name: 'out', op: 'Identity', input: ['sm'], attr: conv },
      ],
      {
        k4: { shape: [4], values: [0.5, -1, 2, 0.25] },
        half: { shape: [], values: [0.5] },
        mhalf: { shape: [], values: [-0.5] },
        alpha: { shape: [1, 1, 4], values: [0.1, -0.2, 0.3, 1.5] },
        axis: { shape: [], values: [-1], dtype: 'int32' },
        size1: { shape: [2], values: [11, 7], dtype: 'int32' },
        size2: { shape: [2], values: [4, 9], dtype: 'int32' },
        size3: { shape: [2], values: [12, 12], dtype: 'int32' },
        shape: { shape: [2], values: [1, -1], dtype: 'int32' },
        wfc: { shape: [120, 7], values: seeded(840, 11), quant: 'float16' },
        bfc: { shape: [7], values: seeded(7, 12) },
      },
      ['rz1', 'rz2', 'rz3', 'out', 'cat'],
    );
    const names = ['rz1', 'rz2', 'rz3', 'out', 'cat'];
    const r = await runBoth(g, { name: 'x', shape: [1, 6, 5, 4], values: seeded(120, 3) }, names);
    expectClose(r, names);
  });

  it('StridedSlice masks, ExpandDims, TopKV2, FloorDiv / FloorMod (int and float), GatherV2, Equal, Cast', async () => {
    const g = graph(
      [
        placeholder('x', [1, 4, 6]),
        // x[:, 1:, ::-2] (begin/end masks, negative stride)
        {
          name: 'ss1',
          op: 'StridedSlice',
          input: ['x', 'b1', 'e1', 's1'],
          attr: { T, begin_mask: i(5), end_mask: i(5), ellipsis_mask: i(0), new_axis_mask: i(0), shrink_axis_mask: i(0) },
        },
        // x[..., 2] (ellipsis + shrink), then a new axis: x[..., tf.newaxis, 1:3]
        {
          name: 'ss2',
          op: 'StridedSlice',
          input: ['x', 'b2', 'e2', 's2'],
          attr: { T, begin_mask: i(0), end_mask: i(0), ellipsis_mask: i(1), new_axis_mask: i(0), shrink_axis_mask: i(2) },
        },
        {
          name: 'ss3',
          op: 'StridedSlice',
          input: ['x', 'b3', 'e3', 's3'],
          attr: { T, begin_mask: i(0), end_mask: i(0), ellipsis_mask: i(1), new_axis_mask: i(2), shrink_axis_mask: i(0) },
        },
        { name: 'ed', op: 'ExpandDims', input: ['ss2', 'dimm1'], attr: { T } },
        { name: 'flat', op: 'Reshape', input: ['x', 'shape'], attr: { T } },
        { name: 'topk', op: 'TopKV2', input: ['flat', 'k'], attr: { T, sorted: b(true) } },
        { name: 'idx_minus', op: 'Sub', input: ['topk:1', 'seven'], attr: { T: { type: 'DT_INT32' } } },
        { name: 'fdiv', op: 'FloorDiv', input: ['idx_minus', 'four'], attr: { T: { type: 'DT_INT32' } } },
        { name: 'fmod', op: 'FloorMod', input: ['idx_minus', 'four'], attr: { T: { type: 'DT_INT32' } } },
        {
          name: 'fdivf',
          op: 'Cast',
          input: ['fdiv'],
          attr: { SrcT: { type: 'DT_INT32' }, DstT: { type: 'DT_FLOAT' }, Truncate: b(false) },
        },
        {
          name: 'fmodf',
          op: 'Cast',
          input: ['fmod'],
          attr: { SrcT: { type: 'DT_INT32' }, DstT: { type: 'DT_FLOAT' }, Truncate: b(false) },
        },
        { name: 'scaled', op: 'Mul', input: ['x', 'ten'], attr: { T } },
        { name: 'ffdiv', op: 'FloorDiv', input: ['scaled', 'mthree'], attr: { T } },
        { name: 'ffmod', op: 'FloorMod', input: ['scaled', 'twohalf'], attr: { T } },
        { name: 'col', op: 'Reshape', input: ['x', 'colshape'], attr: { T } },
        {
          name: 'gather',
          op: 'GatherV2',
          input: ['col', 'topk:1', 'zero'],
          attr: { Taxis: { type: 'DT_INT32' }, batch_dims: i(0), Tindices: { type: 'DT_INT32' }, Tparams: T },
        },
        { name: 'eq', op: 'Equal', input: ['x', 'ss1b'], attr: { T } },
        { name: 'eqf', op: 'Cast', input: ['eq'], attr: { SrcT: { type: 'DT_BOOL' }, DstT: { type: 'DT_FLOAT' }, Truncate: b(false) } },
        { name: 'ss1b', op: 'Identity', input: ['x'], attr: { T } },
      ],
      {
        b1: { shape: [3], values: [0, 1, 0], dtype: 'int32' },
        e1: { shape: [3], values: [0, 0, 0], dtype: 'int32' },
        s1: { shape: [3], values: [1, 1, -2], dtype: 'int32' },
        b2: { shape: [2], values: [0, 2], dtype: 'int32' },
        e2: { shape: [2], values: [0, 3], dtype: 'int32' },
        s2: { shape: [2], values: [1, 1], dtype: 'int32' },
        b3: { shape: [3], values: [0, 0, 1], dtype: 'int32' },
        e3: { shape: [3], values: [0, 0, 3], dtype: 'int32' },
        s3: { shape: [3], values: [1, 1, 1], dtype: 'int32' },
        dimm1: { shape: [], values: [-1], dtype: 'int32' },
        shape: { shape: [2], values: [1, -1], dtype: 'int32' },
        colshape: { shape: [1], values: [-1], dtype: 'int32' },
        k: { shape: [], values: [9], dtype: 'int32' },
        seven: { shape: [], values: [7], dtype: 'int32' },
        four: { shape: [], values: [4], dtype: 'int32' },
        zero: { shape: [], values: [0], dtype: 'int32' },
        ten: { shape: [], values: [10] },
        mthree: { shape: [], values: [-3] },
        twohalf: { shape: [], values: [2.5] },
      },
      ['ss1', 'ss2', 'ss3', 'ed', 'topk', 'fdivf', 'fmodf', 'ffdiv', 'ffmod', 'gather', 'eqf'],
    );
    const names = ['ss1', 'ss2', 'ss3', 'ed', 'topk', 'fdivf', 'fmodf', 'ffdiv', 'ffmod', 'gather', 'eqf'];
    const r = await runBoth(g, { name: 'x', shape: [1, 4, 6], values: seeded(24, 5, -1, 1) }, names);
    for (const n of names) {
      expect(r.ort[n]!.shape, n).toEqual(r.tf[n]!.shape);
      expect(maxAbsDiff(r.ort[n]!.data, r.tf[n]!.data), n).toBeLessThanOrEqual(1e-5);
    }
    // The integer path saw negative numerators (indices − 7), where floor and truncation differ.
    expect(r.tf.fdivf!.data.some((v) => v < 0)).toBe(true);
  });

  it('an unsupported op is E_UNSUPPORTED_OP naming the op and the node', () => {
    const g = graph([placeholder('x', [1, 4]), { name: 'my/erf', op: 'Erf', input: ['x'], attr: { T } }], {});
    let err: VwError | undefined;
    try {
      convertTfjsGraph(g.json, () => g.shard);
    } catch (e) {
      err = e as VwError;
    }
    expect(err?.code).toBe('E_UNSUPPORTED_OP');
    expect(err?.message).toContain('Erf');
    expect(err?.message).toContain('my/erf');
    expect(SUPPORTED_OPS).toContain('TopKV2');
  });

  it('refuses an op named like an Object property (the lowering table is looked up by own key)', () => {
    for (const op of ['constructor', 'toString', '__proto__']) {
      const g = graph([placeholder('x', [1, 4]), { name: 'odd', op, input: ['x'], attr: { T } }], {});
      expect(() => convertTfjsGraph(g.json, () => g.shard), op).toThrow(/unsupported op/);
    }
  });

  it('is deterministic and makes the batch dimension dynamic on request', () => {
    const g = graph([placeholder('x', [1, 2, 2, 3]), { name: 'r', op: 'Reshape', input: ['x', 'shape'], attr: { T } }], {
      shape: { shape: [2], values: [1, 12], dtype: 'int32' },
    });
    const a = saveModel(convertTfjsGraph(g.json, () => g.shard, { dynamicBatch: true }));
    const bb = saveModel(convertTfjsGraph(g.json, () => g.shard, { dynamicBatch: true }));
    expect(Buffer.from(a).equals(Buffer.from(bb))).toBe(true);
    const m = convertTfjsGraph(g.json, () => g.shard, { dynamicBatch: true });
    expect(m.graph!.input![0]!.type!.tensorType!.shape!.dim![0]!.dimParam).toBe('batch');
    expect(m.graph!.output![0]!.type!.tensorType!.shape!.dim![0]!.dimParam).toBe('batch');
  });
});
