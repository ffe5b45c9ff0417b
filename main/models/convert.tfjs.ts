import { VwError } from '../errors';
import type { OnnxTypes } from '../onnx/proto';
export interface ConvertOptions { name?: string; dynamicBatch?: boolean }
export function convertTfjsGraph(_json: unknown, _shard: (p: string) => Uint8Array, _o: ConvertOptions = {}): OnnxTypes.ModelProto {
  throw new VwError('E_UNSUPPORTED_OP', 'converter not written yet');
}
