/** A tiny real npm package for the model-store tests: one ONNX model (y = 2·x) in a .tgz written to `dir`. */
import fs from 'node:fs';
import path from 'node:path';
import { writeTarGz } from '../../../main/models/tar';
import { makeModel, node, saveModel, tensor, valueInfo } from '../../../main/onnx/proto';

export function syntheticPackage(dir: string, name: string, file: string): { onnx: Uint8Array; tgz: Buffer; tgzFile: string } {
  const onnx = saveModel(
    makeModel({
      inputs: [valueInfo('x', 'float32', [1, 4])],
      outputs: [valueInfo('y', 'float32', [1, 4])],
      initializers: [tensor('two', [1], new Float32Array([2]))],
      nodes: [node('Mul', ['x', 'two'], ['y'])],
    }),
  );
  const tgz = writeTarGz([
    { path: 'package/package.json', data: Buffer.from(JSON.stringify({ name, version: '1.0.0' })) },
    { path: 'package/model/tiny.onnx', data: onnx },
  ]);
  const tgzFile = path.join(dir, file);
  fs.writeFileSync(tgzFile, tgz);
  return { onnx, tgz, tgzFile };
}
