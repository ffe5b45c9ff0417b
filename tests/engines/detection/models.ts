/** Small user ONNX models built inside the tests (no files to ship). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeModel, node, saveModel, tensor, valueInfo } from '../../../main/onnx/proto';

function write(name: string, bytes: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-det-model-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/**
 * A "YOLOv8" whose head is a constant [1, 4+nc, n] (the input only feeds a
 * ×0 term so the graph stays connected), with Ultralytics-style metadata.
 */
export function constantYoloV8(head: Float32Array, nc: number, n: number, names: string[]): string {
  const model = makeModel({
    inputs: [valueInfo('images', 'float32', [1, 3, 640, 640])],
    outputs: [valueInfo('output0', 'float32', [1, 4 + nc, n])],
    initializers: [tensor('head', [1, 4 + nc, n], head), tensor('zero', [], new Float32Array([0]))],
    nodes: [
      node('ReduceMax', ['images'], ['m'], { keepdims: 0 }),
      node('Mul', ['m', 'zero'], ['z']),
      node('Add', ['head', 'z'], ['output0']),
    ],
    metadata: { names: `{${names.map((s, i) => `${i}: '${s}'`).join(', ')}}`, imgsz: '[640, 640]', task: 'detect' },
  });
  return write('tiny-yolov8.onnx', saveModel(model));
}

/** A model with a constant output of any shape (for grid heads) and a square input. */
export function constantHead(name: string, inputSide: number, dims: number[], head: Float32Array): string {
  const model = makeModel({
    inputs: [valueInfo('images', 'float32', [1, 3, inputSide, inputSide])],
    outputs: [valueInfo('grid', 'float32', dims)],
    initializers: [tensor('head', dims, head), tensor('zero', [], new Float32Array([0]))],
    nodes: [node('ReduceMax', ['images'], ['m'], { keepdims: 0 }), node('Mul', ['m', 'zero'], ['z']), node('Add', ['head', 'z'], ['grid'])],
  });
  return write(name, saveModel(model));
}

/** A classifier-shaped model: [1,3,64,64] → [1,3]. Its outputs fit no detector family. */
export function classifierModel(): string {
  const model = makeModel({
    inputs: [valueInfo('x', 'float32', [1, 3, 64, 64])],
    outputs: [valueInfo('logits', 'float32', [1, 3])],
    nodes: [node('GlobalAveragePool', ['x'], ['p']), node('Flatten', ['p'], ['logits'])],
  });
  return write('classifier.onnx', saveModel(model));
}
