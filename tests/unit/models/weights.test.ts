import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { halfToFloat } from '../../../main/onnx/proto';
import { decodeWeights, floatToHalf, type TfWeightSpec } from '../../../main/models/weights';

/** Build a shard the way the TF.js converter writes it. */
function pack(parts: ArrayBufferView[]): Uint8Array {
  const total = parts.reduce((a, p) => a + p.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), o);
    o += p.byteLength;
  }
  return out;
}

describe('TF.js weight decoding', () => {
  const f32 = Float32Array.from([1.5, -2.25, 3e-8, 1e6]);
  const i32 = Int32Array.from([7, -3, 2 ** 30]);
  const halves = Uint16Array.from([0x3c00, 0xc000, 0x0001, 0x7bff, 0x8000, 0x3555]); // 1, -2, 2^-24, 65504, -0, 0.333
  const u8 = Uint8Array.from([0, 1, 128, 255]);
  const u16 = Uint16Array.from([0, 1, 40000, 65535]);
  const specs: TfWeightSpec[] = [
    { name: 'f32', shape: [2, 2], dtype: 'float32' },
    { name: 'i32', shape: [3], dtype: 'int32' },
    { name: 'f16', shape: [6], dtype: 'float32', quantization: { dtype: 'float16', original_dtype: 'float32' } },
    { name: 'u8', shape: [4], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.0137, min: -1.2, original_dtype: 'float32' } },
    {
      name: 'u16',
      shape: [2, 2],
      dtype: 'float32',
      quantization: { dtype: 'uint16', scale: 3.1e-5, min: -0.7, original_dtype: 'float32' },
    },
    { name: 'u8i', shape: [4], dtype: 'int32', quantization: { dtype: 'uint8', scale: 0.5, min: -3, original_dtype: 'int32' } },
  ];
  const data = pack([f32, i32, halves, u8, u16, u8]);

  it('matches tfjs-core io.decodeWeights bit for bit, across shards', () => {
    // Split across two shards at an odd byte offset to exercise concatenation.
    const cut = 13;
    const shards: Record<string, Uint8Array> = { a: data.slice(0, cut), b: data.slice(cut) };
    const ours = decodeWeights([{ paths: ['a', 'b'], weights: specs }], (p) => shards[p]!);
    const ref = tf.io.decodeWeights(data.slice().buffer, specs as never);
    for (const s of specs) {
      const mine = ours.get(s.name)!;
      expect(mine.shape).toEqual(s.shape);
      expect(Array.from(mine.data), s.name).toEqual(Array.from(ref[s.name]!.dataSync()));
    }
    expect(ours.get('u8i')!.data).toBeInstanceOf(Int32Array);
    expect(Array.from(ours.get('f16')!.data)).toEqual([1, -2, 2 ** -24, 65504, -0, halfToFloat(0x3555)]);
  });

  it('rejects shards that are too short and dtypes it cannot decode', () => {
    expect(() => decodeWeights([{ paths: ['a'], weights: specs }], () => data.slice(0, 20))).toThrow(/needs bytes/);
    expect(() => decodeWeights([{ paths: ['a'], weights: [{ name: 's', shape: [1], dtype: 'string' }] }], () => data)).toThrow(/string/);
  });

  it('float16 round trip is exact for representable values and rounds to nearest even', () => {
    const bad: number[] = [];
    for (let h = 0; h < 0x7c00; h++) if (floatToHalf(halfToFloat(h)) !== h || floatToHalf(-halfToFloat(h)) !== (h | 0x8000)) bad.push(h);
    expect(bad).toEqual([]);
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
  });
});
