import { describe, expect, it } from 'vitest';
import { detectFamily } from '../../../main/detection/family';
import { VwError } from '../../../main/errors';

describe('detectFamily', () => {
  it('recognizes human CenterNet by its heads', () => {
    const c = detectFamily([
      { name: 'tower_0/wh', dims: [1, 128, 128, 4] },
      { name: 'tower_0/keypoints', dims: [1, 128, 128, 80] },
      { name: 'tower_0/detections', dims: [1, 100, 6] },
    ]);
    expect(c).toEqual({ family: 'centernet', output: 'tower_0/detections', numClasses: 80 });
  });
  it('tells v8, v5 and end-to-end heads apart by shape', () => {
    expect(detectFamily([{ name: 'output0', dims: [1, 84, 8400] }])).toMatchObject({ family: 'yolov8', numClasses: 80 });
    expect(detectFamily([{ name: 'output', dims: [1, 25200, 85] }])).toMatchObject({ family: 'yolov5', numClasses: 80 });
    expect(detectFamily([{ name: 'output', dims: [1, 25200, 6] }])).toMatchObject({ family: 'yolov5', numClasses: 1 });
    expect(detectFamily([{ name: 'output0', dims: [1, 300, 6] }])).toMatchObject({ family: 'yolo-e2e', output: 'output0' });
  });
  it('finds a grid head only when anchors are known, in either layout', () => {
    const anchors = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
    expect(detectFamily([{ name: 'grid', dims: [1, 125, 13, 13] }], { anchors })).toMatchObject({
      family: 'yolov2',
      numClasses: 20,
      layout: 'nchw',
    });
    expect(detectFamily([{ name: 'grid', dims: [1, 13, 13, 425] }], { anchors })).toMatchObject({
      family: 'yolov2',
      numClasses: 80,
      layout: 'nhwc',
    });
  });
  it('honours an override', () => {
    expect(detectFamily([{ name: 'o', dims: [1, 300, 6] }], { family: 'yolov5' })).toMatchObject({ family: 'yolov5', numClasses: 1 });
  });
  it('refuses outputs that match no family with a typed error', () => {
    const err = (() => {
      try {
        detectFamily([{ name: 'logits', dims: [1, 1000] }]);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(VwError);
    expect((err as VwError).code).toBe('E_MODEL_INVALID');
    expect(() => detectFamily([{ name: 'grid', dims: [1, 125, 13, 13] }])).toThrow(/anchors|no supported/);
  });
});
