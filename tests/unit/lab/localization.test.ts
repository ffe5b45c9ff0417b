import { describe, expect, it } from 'vitest';
import { landmarkVector, localizationVector } from '../../../main/lab/localization';

describe("the notes' localization and landmark vectors", () => {
  it('writes y = [p_c, b_x, b_y, b_h, b_w, c_1, c_2, c_3] with the image as the unit square', () => {
    // A car on a 768×576 picture: midpoint (577.96, 123.295), 84.05 high, 210.8 wide.
    const y = localizationVector({ box: [472.56, 81.27, 683.36, 165.32], label: 'car' }, 768, 576, ['person', 'car', 'motorcycle']);
    expect(y).toEqual([1, 0.7526, 0.2141, 0.1459, 0.2745, 0, 1, 0]);
  });

  it('gives p_c = 0 and "don\'t care" for a class outside c_1 … c_C', () => {
    expect(localizationVector({ box: [0, 0, 10, 10], label: 'dog' }, 100, 100, ['person', 'car', 'motorcycle'])).toEqual([
      0,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('flattens landmarks as l_1x, l_1y, l_2x, …', () => {
    expect(
      landmarkVector(
        [
          [10, 20],
          [30, 40],
        ],
        100,
        200,
      ),
    ).toEqual([0.1, 0.1, 0.3, 0.2]);
  });
});
