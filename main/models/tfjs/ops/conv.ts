/**
 * Convolution, pooling and padding. TF.js graphs are NHWC and ONNX's Conv and
 * pools are NCHW, so each is wrapped in Transpose NHWC→NCHW … NCHW→NHWC and
 * onnxruntime's transpose optimizer cancels the inner pairs. Activations fused
 * into a TF op are emitted right after the Conv (in NCHW) so ORT can fuse them
 * again. TF's SAME padding becomes explicit pads when the spatial size is
 * known (TF puts the odd pixel at the end, as ONNX's SAME_UPPER does).
 */
import { attrFloat } from '../../../onnx/proto';
import type { Converter } from '../converter';
import { b64, ints, type Info, type TfNode } from '../graph';

export function conv(c: Converter, n: TfNode): void {
  const a = n.attr ?? {};
  const fmt = b64(a.data_format?.s) || 'NHWC';
  if (fmt !== 'NHWC') c.fail(`data_format ${fmt} is not supported`);
  const [x, f, ...args] = c.ins(n);
  const depthwise = n.op.includes('Depthwise');
  if (!f!.value || !f!.shape || f!.shape.length !== 4) c.fail('the filter must be a constant 4-D tensor');
  const [kh, kw, cin, cout] = f!.shape as [number, number, number, number];
  const strides = ints(a.strides);
  const dil = ints(a.dilations);
  const s: [number, number] = [strides[1] ?? 1, strides[2] ?? 1];
  const d: [number, number] = [dil[1] ?? 1, dil[2] ?? 1];
  const inHW = x!.shape && x!.shape.length === 4 ? ([x!.shape[1]!, x!.shape[2]!] as [number, number]) : undefined;
  const pp = pads(c, n, inHW, [kh, kw], s, d);
  // HWIO → OIHW; depthwise HW(C)(M) → (C·M) 1 H W with group = C.
  const src = f!.value as Float32Array;
  const outC = depthwise ? cin * cout : cout;
  const inPerGroup = depthwise ? 1 : cin;
  const w = new Float32Array(outC * inPerGroup * kh * kw);
  for (let y = 0; y < kh; y++)
    for (let xx = 0; xx < kw; xx++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) {
          const v = src[((y * kw + xx) * cin + i) * cout + o]!;
          if (depthwise) w[((i * cout + o) * 1 * kh + y) * kw + xx] = v;
          else w[((o * cin + i) * kh + y) * kw + xx] = v;
        }
  const wName = c.constInit(`${n.name}/W`, [outC, inPerGroup, kh, kw], w, 'float32');
  const inputs = [c.toNCHW(x!, n.name), wName];
  let fused: string[] = [];
  if (n.op === '_FusedConv2D' || n.op === 'FusedDepthwiseConv2dNative') {
    fused = (a.fused_ops?.list?.s ?? []).map(b64);
    if (fused[0] !== 'BiasAdd') c.fail(`fused ops [${fused.join(', ')}] are not supported (only BiasAdd + activation)`);
    const bias = args[0];
    if (!bias?.value) c.fail('the fused bias must be a constant');
    inputs.push(c.constInit(`${n.name}/B`, [outC], Float32Array.from(bias.value as Float32Array), 'float32'));
  }
  const attrs: Record<string, unknown> = { dilations: d, group: depthwise ? cin : 1, kernel_shape: [kh, kw], strides: s };
  if (pp.autoPad) attrs.auto_pad = pp.autoPad;
  else attrs.pads = pp.pads;
  const convOut = c.unique(`${n.name}/conv`);
  c.emit('Conv', inputs, [convOut], attrs as never);
  const act = activationNCHW(c, n, fused.slice(1), convOut, outC, args[1]);
  c.fromNCHW(act, n.name);
  const shape = x!.shape ? [x!.shape[0]!, pp.out?.[0] ?? -1, pp.out?.[1] ?? -1, outC] : undefined;
  c.set(n.name, { onnx: n.name, dtype: 'float32', shape });
}

export function pool(c: Converter, n: TfNode): void {
  const a = n.attr ?? {};
  if ((b64(a.data_format?.s) || 'NHWC') !== 'NHWC') c.fail('only NHWC pooling is supported');
  const [x] = c.ins(n);
  const k = ints(a.ksize);
  const st = ints(a.strides);
  const kk: [number, number] = [k[1] ?? 1, k[2] ?? 1];
  const s: [number, number] = [st[1] ?? 1, st[2] ?? 1];
  const inHW = x!.shape && x!.shape.length === 4 ? ([x!.shape[1]!, x!.shape[2]!] as [number, number]) : undefined;
  const pp = pads(c, n, inHW, kk, s, [1, 1]);
  const attrs: Record<string, unknown> = { kernel_shape: kk, strides: s };
  if (pp.autoPad) attrs.auto_pad = pp.autoPad;
  else attrs.pads = pp.pads;
  // TF's AvgPool averages over the valid (unpadded) cells: count_include_pad = 0, ONNX's default.
  const out = c.unique(`${n.name}/pool`);
  c.emit(n.op === 'MaxPool' ? 'MaxPool' : 'AveragePool', [c.toNCHW(x!, n.name)], [out], attrs as never);
  c.fromNCHW(out, n.name);
  const shape = x!.shape ? [x!.shape[0]!, pp.out?.[0] ?? -1, pp.out?.[1] ?? -1, x!.shape[3]!] : undefined;
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
}

/** Pad, and PadV2 (its third input is the constant fill value, a scalar). */
export function pad(c: Converter, n: TfNode): void {
  const [x, p, fill] = c.ins(n);
  const v = c.constValue(p!, 'paddings');
  const r = v.length / 2;
  const before = Array.from({ length: r }, (_, i) => v[2 * i]!);
  const after = Array.from({ length: r }, (_, i) => v[2 * i + 1]!);
  const inputs = [c.use(x!), c.i64(`${n.name}/pads`, [...before, ...after])];
  if (fill) inputs.push(c.use(fill, `${n.name}/value`));
  c.emit('Pad', inputs, [n.name], { mode: 'constant' });
  const shape = x!.shape?.map((d, i) => (d < 0 ? -1 : d + before[i]! + after[i]!));
  c.set(n.name, { onnx: n.name, dtype: x!.dtype, shape });
}

/** TF padding → ONNX pads [top, left, bottom, right] (or auto_pad when spatial dims are unknown). */
export function pads(
  c: Converter,
  n: TfNode,
  inHW: [number, number] | undefined,
  k: [number, number],
  s: [number, number],
  d: [number, number],
) {
  const padding = b64(n.attr?.padding?.s);
  if (padding === 'VALID')
    return { pads: [0, 0, 0, 0], out: inHW?.map((v, i) => (v < 0 ? -1 : Math.floor((v - (k[i]! - 1) * d[i]! - 1) / s[i]!) + 1)) };
  if (padding === 'EXPLICIT') {
    const e = ints(n.attr?.explicit_paddings); // NHWC pairs
    const p = [e[2] ?? 0, e[4] ?? 0, e[3] ?? 0, e[5] ?? 0];
    return {
      pads: p,
      out: inHW?.map((v, i) => (v < 0 ? -1 : Math.floor((v + p[i]! + p[i + 2]! - (k[i]! - 1) * d[i]! - 1) / s[i]!) + 1)),
    };
  }
  if (padding !== 'SAME') c.fail(`padding "${padding}" is not supported`);
  if (!inHW || inHW.some((v) => v < 0)) return { autoPad: 'SAME_UPPER', out: inHW?.map((v, i) => (v < 0 ? -1 : Math.ceil(v / s[i]!))) };
  const p = [0, 0, 0, 0];
  const out = inHW.map((v, i) => Math.ceil(v / s[i]!));
  for (let i = 0; i < 2; i++) {
    const total = Math.max((out[i]! - 1) * s[i]! + (k[i]! - 1) * d[i]! + 1 - inHW[i]!, 0);
    p[i] = Math.floor(total / 2);
    p[i + 2] = total - p[i]!;
  }
  return { pads: p, out };
}

/** Activation after a fused op, in NCHW (channel axis 1). Returns the output name. */
export function activationNCHW(c: Converter, n: TfNode, ops: string[], src: string, channels: number, alpha?: Info): string {
  if (!ops.length) return src;
  if (ops.length > 1) c.fail(`fused ops [BiasAdd, ${ops.join(', ')}] are not supported`);
  const out = c.unique(`${n.name}/act`);
  switch (ops[0]) {
    case 'Relu':
      c.emit('Relu', [src], [out]);
      break;
    case 'Relu6':
      c.emit('Clip', [src, c.scalarF('zero', 0), c.scalarF('six', 6)], [out]);
      break;
    case 'Elu':
      c.emit('Elu', [src], [out], { alpha: attrFloat('alpha', 1) });
      break;
    case 'Sigmoid':
      c.emit('Sigmoid', [src], [out]);
      break;
    case 'LeakyRelu':
      c.emit('LeakyRelu', [src], [out], { alpha: attrFloat('alpha', n.attr?.leakyrelu_alpha?.f ?? 0.2) });
      break;
    case 'Prelu': {
      if (!alpha?.value) c.fail('the fused PReLU alpha must be a constant');
      const v = Float32Array.from(alpha.value as Float32Array);
      if (v.length !== channels && v.length !== 1) c.fail(`PReLU alpha of ${v.length} values for ${channels} channels`);
      const dims = v.length === 1 ? [1] : [channels, 1, 1];
      c.emit('PRelu', [src, c.constInit(`${n.name}/alpha`, dims, v, 'float32')], [out]);
      break;
    }
    default:
      c.fail(`fused activation ${ops[0]} is not supported`);
  }
  return out;
}
