import { describe, expect, it } from 'vitest';
import { describeNetwork, listNetworks } from '../../../main/lab/networks';
import { largeImage, oneByOne } from '../../../main/lab/costs';

const within = (value: number, target: number, rel: number) => Math.abs(value - target) / target <= rel;

describe('classic networks (architecture descriptions)', () => {
  it("reproduces the notes' CNN table exactly", () => {
    const r = describeNetwork('notes-cnn');
    const rows = r.layers.map((l) => [l.name, l.shape, l.activationSize, l.params]);
    expect(rows).toEqual([
      ['input', [32, 32, 3], 3072, 0],
      ['CONV1', [28, 28, 8], 6272, 608],
      ['POOL1', [14, 14, 8], 1568, 0],
      ['CONV2', [10, 10, 16], 1600, 3216],
      ['POOL2', [5, 5, 16], 400, 0],
      ['FC3', [120], 120, 48120],
      ['FC4', [84], 84, 10164],
      ['Softmax', [10], 10, 850],
    ]);
    expect(r.totals.params).toBe(62958);
    // CONV1: 28·28·8 outputs × 5·5·3 each.
    expect(r.layers[1]!.macs).toBe(28 * 28 * 8 * 75);
  });

  it('gives the exact totals of VGG-16 and ResNet-50', () => {
    expect(describeNetwork('vgg16').totals.params).toBe(138_357_544);
    expect(describeNetwork('resnet50').totals.params).toBe(25_557_032);
  });

  it('gives LeNet-5 ≈ 60 k, AlexNet ≈ 60 M and GoogLeNet within 6.6–7.0 M', () => {
    expect(within(describeNetwork('lenet5').totals.params, 60_000, 0.05)).toBe(true);
    expect(within(describeNetwork('alexnet').totals.params, 60_000_000, 0.05)).toBe(true);
    const g = describeNetwork('googlenet').totals.params;
    expect(g).toBeGreaterThanOrEqual(6_600_000);
    expect(g).toBeLessThanOrEqual(7_000_000);
  });

  it('shrinks n_H, n_W and grows n_C along VGG-16', () => {
    const convs = describeNetwork('vgg16').layers.filter((l) => l.shape.length === 3);
    expect(convs[0]!.shape).toEqual([224, 224, 3]);
    expect(convs.at(-1)!.shape).toEqual([7, 7, 512]);
    for (let i = 1; i < convs.length; i++) {
      expect(convs[i]!.shape[0]).toBeLessThanOrEqual(convs[i - 1]!.shape[0]!);
      expect(convs[i]!.shape[2]).toBeGreaterThanOrEqual(convs[i - 1]!.shape[2]!);
    }
  });

  it('keeps the shape through a residual block and concatenates an Inception module to 28×28×256', () => {
    const res = describeNetwork('residual-block');
    expect(res.layers.at(-1)).toMatchObject({ op: 'Add', shape: [56, 56, 64], params: 0 });
    expect(res.totals.params).toBe(2 * (3 * 3 * 64 * 64 + 2 * 64));
    const inc = describeNetwork('inception-module');
    expect(inc.layers.at(-1)).toMatchObject({ op: 'Concat', shape: [28, 28, 256] });
    expect(inc.totals.params).toBe(163_696);
  });

  it('lists every network and refuses an unknown one', () => {
    expect(listNetworks().map((n) => n.id)).toContain('googlenet');
    expect(() => describeNetwork('nope' as never)).toThrow(/Unknown network/);
  });
});

describe('1×1 convolutions and large images', () => {
  it("computes the notes' 1×1 bottleneck example and reads the same counts off Inception (3a)", () => {
    const r = oneByOne({ height: 28, width: 28, channels: 192, f: 5, filters: 32, bottleneck: 16 });
    expect(r.direct).toBe(120_422_400);
    expect(r.reduce).toBe(2_408_448);
    expect(r.expand).toBe(10_035_200);
    expect(r.bottlenecked).toBe(12_443_648);
    expect(r.inception3a).toEqual({ reduce: 2_408_448, expand: 10_035_200, total: 12_443_648 });
    expect(r.ratio).toBeCloseTo(9.677, 3);
  });

  it('follows changed sizes and refuses a zero size', () => {
    const r = oneByOne({ height: 14, width: 14, channels: 480, f: 3, filters: 64, bottleneck: 32 });
    expect(r.direct).toBe(14 * 14 * 64 * 9 * 480);
    expect(r.bottlenecked).toBe(14 * 14 * 32 * 480 + 14 * 14 * 64 * 9 * 32);
    expect(() => oneByOne({ height: 0, width: 28, channels: 192, f: 5, filters: 32, bottleneck: 16 })).toThrow(/n_H/);
  });

  it("gives the notes' 3 billion weights for a 1000×1000×3 image into 1000 units", () => {
    const r = largeImage({ height: 1000, width: 1000, channels: 3, units: 1000, f: 3, filters: 1000 });
    expect(r.inputs).toBe(3_000_000);
    expect(r.denseWeights).toBe(3_000_000_000);
    expect(r.denseParams).toBe(3_000_001_000);
    expect(r.convParams).toBe(3 * 3 * 3 * 1000 + 1000);
    // The conv layer's parameters do not depend on the image size.
    expect(largeImage({ height: 64, width: 64, channels: 3, units: 1000, f: 3, filters: 1000 }).convParams).toBe(r.convParams);
  });
});
