/**
 * Converter parity on the real models: the cached ONNX (our converter + exact
 * rewrites) against the original TF.js graph model (wasm backend), on a seeded
 * random input and a real photo. Per output: max |ONNX − TF.js| ≤ 5e-5 × the
 * output's range; centernet: the same top-20 detections.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ensureModel } from '../../../main/models';
import { createSession, type ModelSession } from '../../../main/runtime';
import { compare, loadTfjsModel, photo, seededUniform } from './oracle';

interface Case {
  id: string;
  shape: [number, number, number, number];
  lo: number;
  hi: number;
  image: string;
  map: (v: number) => number;
}

const CASES: Case[] = [
  { id: 'centernet', shape: [1, 512, 512, 3], lo: 0, hi: 255, image: 'detection/dog.jpg', map: (v) => v },
  { id: 'blazeface', shape: [1, 256, 256, 3], lo: -1, hi: 1, image: 'faces/gallery/obama/obama.jpg', map: (v) => v / 127.5 - 1 },
  { id: 'facemesh', shape: [1, 192, 192, 3], lo: 0, hi: 1, image: 'faces/gallery/obama/obama.jpg', map: (v) => v / 255 },
  { id: 'faceres', shape: [1, 224, 224, 3], lo: 0, hi: 1, image: 'faces/gallery/biden/biden.jpg', map: (v) => v / 255 },
];

/** Printed at the end so the numbers can be quoted (report and commit messages). */
const report: string[] = [];
afterAll(() => console.log(['parity (max |ONNX − TF.js| / range):', ...report].join('\n')));

async function both(c: Case, session: ModelSession, model: tf.GraphModel, input: Float32Array) {
  const names = session.outputs.map((o) => o.name);
  const ours = await session.run({ [session.inputs[0]!.name]: { data: input, dims: c.shape } });
  const x = tf.tensor(input, c.shape);
  const res = model.execute(x, names) as tf.Tensor | tf.Tensor[];
  const list = Array.isArray(res) ? res : [res];
  const ref = Object.fromEntries(names.map((n, k) => [n, { data: list[k]!.dataSync() as Float32Array, shape: list[k]!.shape }]));
  tf.dispose([x, ...list]);
  return { names, ours, ref };
}

describe('converted models match TF.js', () => {
  for (const c of CASES) {
    it(`${c.id}: every output within 5e-5 of its range, on random and real input`, async () => {
      const [file, model] = await Promise.all([ensureModel(c.id), loadTfjsModel(c.id)]);
      const session = await createSession(file, { label: c.id, executionProviders: ['cpu'] });
      try {
        const n = c.shape.reduce((a, b) => a * b, 1);
        const inputs = {
          random: seededUniform(n, 42, c.lo, c.hi),
          [c.image]: await photo(c.image, c.shape[2], c.shape[1], c.map),
        };
        for (const [what, input] of Object.entries(inputs)) {
          const { names, ours, ref } = await both(c, session, model, input);
          for (const name of names) {
            expect(ours[name]!.dims, `${c.id} ${name}`).toEqual(ref[name]!.shape);
            const d = compare(ours[name]!.data as Float32Array, ref[name]!.data);
            report.push(
              `  ${c.id.padEnd(10)} ${what.padEnd(30)} ${name.padEnd(22)} ${d.maxAbsDiff.toExponential(2)} / ${d.range.toPrecision(4)} = ${d.rel.toExponential(2)}`,
            );
            expect(d.rel, `${c.id} ${name} on ${what}`).toBeLessThanOrEqual(5e-5);
          }
          if (c.id === 'centernet') {
            // Same top-20 detections: class, score and box of each row (rows are TopK-sorted).
            const a = ours['tower_0/detections']!.data as Float32Array;
            const b = ref['tower_0/detections']!.data;
            for (let r = 0; r < 20; r++) {
              const row = (arr: ArrayLike<number>) => Array.from({ length: 6 }, (_, k) => arr[r * 6 + k]!);
              const [ox1, oy1, ox2, oy2, os, oc] = row(a);
              const [rx1, ry1, rx2, ry2, rs, rc] = row(b);
              expect(oc, `class of detection ${r} on ${what}`).toBe(rc);
              expect(Math.abs(os! - rs!)).toBeLessThan(1e-4);
              for (const [p, q] of [
                [ox1, rx1],
                [oy1, ry1],
                [ox2, rx2],
                [oy2, ry2],
              ] as const)
                expect(Math.abs(p! - q!)).toBeLessThan(0.05);
            }
          }
        }
      } finally {
        await session.release();
        model.dispose();
      }
    });
  }
});
