/**
 * The style loss graph (backbone prefix + Gatys loss, exactly the ONNX nodes
 * the gradient generator differentiates) executed with TF.js ops, so TF.js
 * automatic differentiation can serve as an oracle (tests) and as the speed
 * peer (bench). Dev-only: the product never loads TF.js.
 */
import * as tf from '@tensorflow/tfjs';
import { attrInt, attrInts, constantOf, type GNode, type Graph } from '../main/style/graph';

export { tf };

/** Switch TF.js to the wasm backend (true when it initialised). */
export async function useWasm(): Promise<boolean> {
  await import('@tensorflow/tfjs-backend-wasm');
  return tf.setBackend('wasm');
}

/**
 * Depthwise convolution whose input gradient is written with forward ops
 * (zero-insert for the stride, pad, flipped kernel): the wasm backend of
 * TF.js 4.22 has no DepthwiseConv2dNativeBackpropInput kernel.
 */
function depthwiseWithGrad(stride: [number, number]) {
  const fn = (x: tf.Tensor4D, f: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([f]);
    return {
      value: tf.depthwiseConv2d(x, f, stride, 'valid'),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const filt = saved[0] as tf.Tensor4D;
        const [kh, kw] = filt.shape;
        const [n, ho, wo, c] = dy.shape;
        let up: tf.Tensor = dy;
        if (stride[0] > 1 || stride[1] > 1) {
          // Interleave zeros: [n, ho, 1, wo, 1, c] → [n, ho·s, wo·s, c], then drop the trailing zeros.
          const six = tf.reshape(dy, [n, ho, 1, wo, 1, c]);
          const padded = tf.pad(six, [
            [0, 0],
            [0, 0],
            [0, stride[0] - 1],
            [0, 0],
            [0, stride[1] - 1],
            [0, 0],
          ]);
          up = tf.slice(
            tf.reshape(padded, [n, ho * stride[0], wo * stride[1], c]),
            [0, 0, 0, 0],
            [n, (ho - 1) * stride[0] + 1, (wo - 1) * stride[1] + 1, c],
          );
        }
        const [, hi, wi] = x.shape;
        const extraH = hi - ((ho - 1) * stride[0] + kh);
        const extraW = wi - ((wo - 1) * stride[1] + kw);
        const full = tf.pad(up, [
          [0, 0],
          [kh - 1, kh - 1 + extraH],
          [kw - 1, kw - 1 + extraW],
          [0, 0],
        ]) as tf.Tensor4D;
        return [tf.depthwiseConv2d(full, tf.reverse(filt, [0, 1]) as tf.Tensor4D, 1, 'valid'), tf.zerosLike(filt)];
      },
    };
  };
  return tf.customGrad(fn as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor4D, f: tf.Tensor4D) => tf.Tensor4D;
}

/** Build J(image) as a TF.js function over the graph; constants are created once. */
export function tfjsLoss(
  g: { nodes: GNode[]; initializers: Graph['initializers'] },
  feeds: Record<string, { data: Float32Array; dims: number[] }>,
  image: string,
  loss: string,
  opts: { customDepthwiseGrad?: boolean } = {},
) {
  const consts = new Map<string, tf.Tensor>();
  const constant = (name: string): tf.Tensor => {
    let t = consts.get(name);
    if (!t) {
      const f = feeds[name];
      if (f) t = tf.tensor(f.data, f.dims);
      else {
        const init = g.initializers.get(name);
        if (!init) throw new Error(`tfjs: no value for ${name}`);
        t = tf.tensor(constantOf(g, name)!, (init.dims ?? []).map(Number));
      }
      consts.set(name, tf.keep(t));
    }
    return t;
  };
  // Conv filters in TF layout, prepared once.
  const filters = new Map<string, tf.Tensor4D>();
  const filter = (n: GNode, depthwise: boolean): tf.Tensor4D => {
    let f = filters.get(n.inputs[1]!);
    if (!f) {
      f = tf.keep(tf.transpose(constant(n.inputs[1]!), depthwise ? [2, 3, 0, 1] : [2, 3, 1, 0]) as tf.Tensor4D);
      filters.set(n.inputs[1]!, f);
    }
    return f;
  };
  const run = (x: tf.Tensor): tf.Scalar => {
    const env = new Map<string, tf.Tensor>([[image, x]]);
    const get = (name: string) => env.get(name) ?? constant(name);
    for (const n of g.nodes) {
      const i = (k: number) => get(n.inputs[k]!);
      let y: tf.Tensor;
      switch (n.op) {
        case 'Identity':
          y = i(0);
          break;
        case 'Transpose':
          y = tf.transpose(i(0), attrInts(n, 'perm'));
          break;
        case 'Conv': {
          const group = attrInt(n, 'group', 1);
          const pads = attrInts(n, 'pads') ?? [0, 0, 0, 0];
          const s = (attrInts(n, 'strides') ?? [1, 1]) as [number, number];
          const nhwc = tf.transpose(i(0), [0, 2, 3, 1]) as tf.Tensor4D;
          const padded = tf.pad(nhwc, [
            [0, 0],
            [pads[0]!, pads[2]!],
            [pads[1]!, pads[3]!],
            [0, 0],
          ]);
          const depthwise = group > 1;
          if (depthwise && group !== nhwc.shape[3]) throw new Error('tfjs: only depthwise grouped convs');
          let out = depthwise
            ? opts.customDepthwiseGrad
              ? depthwiseWithGrad(s)(padded, filter(n, true))
              : tf.depthwiseConv2d(padded, filter(n, true), s, 'valid')
            : tf.conv2d(padded, filter(n, false), s, 'valid');
          if (n.inputs[2]) out = tf.add(out, constant(n.inputs[2]));
          y = tf.transpose(out, [0, 3, 1, 2]);
          break;
        }
        case 'Add':
          y = tf.add(i(0), i(1));
          break;
        case 'Sub':
          y = tf.sub(i(0), i(1));
          break;
        case 'Mul':
          y = tf.mul(i(0), i(1));
          break;
        case 'Sum':
          y = tf.addN(n.inputs.map((k) => get(k)));
          break;
        case 'Relu':
          y = tf.relu(i(0));
          break;
        case 'Clip':
          y = tf.clipByValue(i(0), i(1).dataSync()[0]!, i(2).dataSync()[0]!);
          break;
        case 'ReduceMean':
          y = tf.mean(i(0), attrInts(n, 'axes'), attrInt(n, 'keepdims', 1) === 1);
          break;
        case 'ReduceSum':
          y = tf.sum(i(0), n.inputs[1] ? Array.from(i(1).dataSync()) : undefined, attrInt(n, 'keepdims', 1) === 1);
          break;
        case 'Reshape':
          y = tf.reshape(i(0), Array.from(i(1).dataSync()));
          break;
        case 'MatMul':
          y = tf.matMul(i(0) as tf.Tensor2D, i(1) as tf.Tensor2D);
          break;
        case 'Slice': {
          const x0 = i(0);
          const begin = x0.shape.map(() => 0);
          const size = x0.shape.map(() => -1);
          const st = Array.from(i(1).dataSync());
          const en = Array.from(i(2).dataSync());
          Array.from(i(3).dataSync()).forEach((a, k) => {
            begin[a] = st[k]!;
            size[a] = Math.min(en[k]!, x0.shape[a]!) - st[k]!;
          });
          y = tf.slice(x0, begin, size);
          break;
        }
        default:
          throw new Error(`tfjs: op ${n.op} not implemented`);
      }
      env.set(n.outputs[0]!, y);
    }
    return tf.reshape(env.get(loss)!, []) as tf.Scalar;
  };
  const valueAndGrad = tf.valueAndGrad(run);
  return {
    /** J and ∂J/∂image at `x` (NHWC float 0–255). */
    evaluate(x: Float32Array, dims: number[]): { f: number; g: Float32Array } {
      return tf.tidy(() => {
        const { value, grad } = valueAndGrad(tf.tensor(x, dims));
        return { f: value.dataSync()[0]!, g: grad.dataSync() as Float32Array };
      });
    },
    dispose() {
      for (const t of [...consts.values(), ...filters.values()]) t.dispose();
    },
  };
}
