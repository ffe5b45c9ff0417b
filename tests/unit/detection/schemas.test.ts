import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../../main/host/registry';

describe('detection schemas', () => {
  it('accept good requests', () => {
    expect(
      validateRequest('vw:detection.detect', { image: new Uint8Array(3), options: { conf: 0.3, classes: ['dog', 1], agnostic: true } })
        .channel,
    ).toBe('vw:detection.detect');
    expect(
      validateRequest('vw:detection.frame', {
        frame: { width: 2, height: 1, data: new Uint8Array(8) },
        options: { track: true, streamId: 'cam' },
      }).channel,
    ).toBe('vw:detection.frame');
    expect(validateRequest('vw:detection.models', {}).channel).toBe('vw:detection.models');
  });
  it('refuse 0×0 frames, out-of-range thresholds and non-binary images', () => {
    expect(() => validateRequest('vw:detection.frame', { frame: { width: 0, height: 0, data: new Uint8Array(0) } })).toThrow(
      /Invalid payload/,
    );
    expect(() => validateRequest('vw:detection.detect', { image: new Uint8Array(3), options: { conf: 2 } })).toThrow(/Invalid payload/);
    expect(() => validateRequest('vw:detection.detect', { image: new Uint8Array(3), options: { iou: 0 } })).toThrow(/Invalid payload/);
    expect(() => validateRequest('vw:detection.detect', { image: 'dog.jpg' })).toThrow(/Invalid payload/);
  });
});
