/**
 * Arithmetic: element-wise binaries (folded when both sides are small
 * constants), TF's floor division and modulo, the unary activations, Mean,
 * MatMul (Gemm for 2-D inputs, with a fused bias and activation) and Cast.
 */
import { attrFloat } from '../../../onnx/proto';
import type { Converter, Lowering } from '../converter';
import { broadcast, foldBinary, ONNX_TYPE, TF_DTYPE, typed } from '../fold';
import { b64, type DType, type TfNode } from '../graph';
import { activationNCHW } from './conv';

/** An element-wise ONNX op with numpy broadcasting; folded when both sides are small constants (Equal never is). */
export const binary =
  (op: string): Lowering =>
  (c: Converter, n: TfNode) => {
    const [x, y] = c.ins(n);
    const dtype: DType = op === 'Equal' ? 'bool' : x!.dtype;
    const shape = broadcast(x!.shape, y!.shape);
    if (x!.value && y!.value && op !== 'Equal') {
      const v = foldBinary(op, x!, y!, shape);
      if (v) return c.set(n.name, { dtype, shape, value: v });
    }
    c.emit(op, [c.use(x!, `${n.name}/x`), c.use(y!, `${n.name}/y`)], [n.name]);
    c.set(n.name, { onnx: n.name, dtype, shape });
  };

/**
 * TF floor division / floor modulo. Integers: ONNX Mod(fmod=0) is already the
 * floor modulo, and a − mod(a, b) divides b exactly. Floats: Floor(a / b), and
 * TF's floormod (fmod, shifted by b when the signs differ).
 */
export const floorDivMod =
  (kind: 'div' | 'mod'): Lowering =>
  (c: Converter, n: TfNode) => {
    const [x, y] = c.ins(n);
    const shape = broadcast(x!.shape, y!.shape);
    if (x!.value && y!.value) {
      const v = foldBinary(kind === 'div' ? 'FloorDiv' : 'FloorMod', x!, y!, shape);
      if (v) return c.set(n.name, { dtype: x!.dtype, shape, value: v });
    }
    const a = c.use(x!, `${n.name}/x`);
    const b = c.use(y!, `${n.name}/y`);
    const t = (s: string) => c.unique(`${n.name}/${s}`);
    if (x!.dtype === 'int32' || x!.dtype === 'int64') {
      const mod = kind === 'mod' ? n.name : t('mod');
      c.emit('Mod', [a, b], [mod], { fmod: 0 });
      if (kind === 'div') {
        const diff = t('sub');
        c.emit('Sub', [a, mod], [diff]);
        c.emit('Div', [diff, b], [n.name]);
      }
    } else if (kind === 'div') {
      const q = t('div');
      c.emit('Div', [a, b], [q]);
      c.emit('Floor', [q], [n.name]);
    } else {
      const r = t('fmod');
      c.emit('Mod', [a, b], [r], { fmod: 1 });
      const zero = c.scalarF('zero', 0);
      const [rNeg, bNeg, signsDiffer, rZero, rNonZero, fix, shifted] = ['rneg', 'bneg', 'xor', 'req0', 'rne0', 'fix', 'shift'].map(
        t,
      ) as string[];
      c.emit('Less', [r, zero], [rNeg!]);
      c.emit('Less', [b, zero], [bNeg!]);
      c.emit('Xor', [rNeg!, bNeg!], [signsDiffer!]);
      c.emit('Equal', [r, zero], [rZero!]);
      c.emit('Not', [rZero!], [rNonZero!]);
      c.emit('And', [signsDiffer!, rNonZero!], [fix!]);
      c.emit('Add', [r, b], [shifted!]);
      c.emit('Where', [fix!, shifted!, r], [n.name]);
    }
    c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
  };

/** Relu, Sigmoid, Tanh: the same op in both formats. */
export function unary(c: Converter, n: TfNode): void {
  const [x] = c.ins(n);
  c.emit(n.op, [c.use(x!)], [n.name]);
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape });
}

export function relu6(c: Converter, n: TfNode): void {
  const [x] = c.ins(n);
  c.emit('Clip', [c.use(x!), c.scalarF('zero', 0), c.scalarF('six', 6)], [n.name]);
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape });
}

export function prelu(c: Converter, n: TfNode): void {
  const [x, alpha] = c.ins(n);
  c.emit('PRelu', [c.use(x!), c.use(alpha!, `${n.name}/alpha`)], [n.name]);
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape });
}

/** TF's Softmax is over the last axis. */
export function softmax(c: Converter, n: TfNode): void {
  const [x] = c.ins(n);
  c.emit('Softmax', [c.use(x!)], [n.name], { axis: -1 });
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape });
}

export function mean(c: Converter, n: TfNode): void {
  const [x, ax] = c.ins(n);
  const rank = x!.shape?.length;
  const axes = c.constValue(ax!, 'reduction_indices').map((v) => (v < 0 && rank !== undefined ? v + rank : v));
  const keep = n.attr?.keep_dims?.b ?? false;
  c.emit('ReduceMean', [c.use(x!)], [n.name], { axes, keepdims: keep ? 1 : 0 });
  const shape = x!.shape ? x!.shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d])) : undefined;
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
}

export function matmul(c: Converter, n: TfNode): void {
  const a = n.attr ?? {};
  const [x, wt, ...args] = c.ins(n);
  const ta = a.transpose_a?.b ?? false;
  const tb = a.transpose_b?.b ?? false;
  if (ta) c.fail('transpose_a is not supported');
  const fused = n.op === '_FusedMatMul' ? (a.fused_ops?.list?.s ?? []).map(b64) : [];
  if (fused.length && fused[0] !== 'BiasAdd') c.fail(`fused ops [${fused.join(', ')}] are not supported`);
  const bias = fused.length ? args[0] : undefined;
  const units = wt!.shape ? wt!.shape[tb ? 0 : 1]! : -1;
  let out = fused.length > 1 ? c.unique(`${n.name}/gemm`) : n.name;
  if (x!.shape?.length === 2) {
    const inputs = [c.use(x!), c.use(wt!, `${n.name}/W`)];
    if (bias) inputs.push(c.use(bias, `${n.name}/B`));
    c.emit('Gemm', inputs, [out], tb ? { transB: 1 } : {});
  } else {
    if (tb) c.fail('transpose_b on a rank > 2 input is not supported');
    const mm = bias ? c.unique(`${n.name}/matmul`) : out;
    c.emit('MatMul', [c.use(x!), c.use(wt!, `${n.name}/W`)], [mm]);
    if (bias) c.emit('Add', [mm, c.use(bias, `${n.name}/B`)], [out]);
  }
  if (fused.length > 1) {
    const act = fused.slice(1);
    if (act.length > 1 || !['Relu', 'Relu6', 'Sigmoid', 'Elu', 'LeakyRelu', 'Prelu'].includes(act[0]!))
      c.fail(`fused activation ${act.join(', ')} is not supported`);
    if (act[0] === 'Prelu') {
      c.emit('PRelu', [out, c.use(args[1]!, `${n.name}/alpha`)], [n.name]);
    } else {
      const res = activationNCHW(c, n, act, out, units);
      c.emit('Identity', [res], [n.name]);
    }
    out = n.name;
  }
  const shape = x!.shape ? [...x!.shape.slice(0, -1), units] : undefined;
  c.set(n.name, { onnx: n.name, dtype: 'float32', shape });
}

export function cast(c: Converter, n: TfNode): void {
  const [x] = c.ins(n);
  const to = TF_DTYPE[n.attr?.DstT?.type ?? ''];
  if (!to) c.fail(`cast to ${n.attr?.DstT?.type} is not supported`);
  if (x!.value && x!.dtype !== 'bool' && to !== 'bool')
    return c.set(n.name, { dtype: to, shape: x!.shape, value: typed(to, Array.from(x!.value as ArrayLike<number>)) });
  c.emit('Cast', [c.use(x!)], [n.name], { to: ONNX_TYPE[to] });
  c.set(n.name, { onnx: n.name, dtype: to, shape: x!.shape });
}

/** LeakyRelu with its alpha attribute (TF's default 0.2). */
export function leakyRelu(c: Converter, n: TfNode): void {
  const [x] = c.ins(n);
  c.emit('LeakyRelu', [c.use(x!)], [n.name], { alpha: attrFloat('alpha', n.attr?.alpha?.f ?? 0.2) });
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape: x!.shape });
}
