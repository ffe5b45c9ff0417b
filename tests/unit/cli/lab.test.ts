import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const vws = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/vws.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('vws lab', () => {
  it("prints the lesson's 4×4 result as JSON", () => {
    const out = JSON.parse(
      execFileSync(process.execPath, [path.join(ROOT, 'bin/vws.mjs'), 'lab', 'convolve', '--json'], { cwd: ROOT, encoding: 'utf8' }),
    ) as {
      output: { rows: number; cols: number; data: number[] };
    };
    expect(out.output.rows).toBe(4);
    expect(out.output.data.slice(0, 4)).toEqual([-5, -4, 0, 8]);
    expect(out.output.data.slice(12)).toEqual([-3, -2, -3, -16]);
  });

  it('takes a matrix, "same" padding and stride, and exits 1 with a typed error for an unknown filter', () => {
    const same = vws('lab', 'convolve', '--json', '--same', '--matrix', '3x3:1,2,3,4,5,6,7,8,9');
    expect(same.status).toBe(0);
    // Vertical edge filter with zero padding on 1..9: the centre sees (1+4+7) − (3+6+9) = −6.
    expect((JSON.parse(same.stdout) as { output: { data: number[] } }).output.data).toEqual([-7, -4, 7, -15, -6, 15, -13, -4, 13]);
    const bad = vws('lab', 'convolve', '--json', '--filter', 'nope');
    expect(bad.status).toBe(1);
    expect((JSON.parse(bad.stdout) as { error: { code: string } }).error.code).toBe('E_BAD_ARGUMENT');
  });
});

describe("vws lab: the seed's lessons", () => {
  it('prints a network table and the 1×1 example as JSON', () => {
    const net = vws('lab', 'network', 'resnet50', '--json');
    expect(net.status).toBe(0);
    expect((JSON.parse(net.stdout) as { totals: { params: number } }).totals.params).toBe(25_557_032);
    const one = vws('lab', 'one-by-one', '--json');
    expect(JSON.parse(one.stdout)).toMatchObject({ direct: 120_422_400, bottlenecked: 12_443_648 });
    const bad = vws('lab', 'network', 'nope', '--json');
    expect(bad.status).toBe(1);
    expect((JSON.parse(bad.stdout) as { error: { code: string } }).error.code).toBe('E_BAD_ARGUMENT');
  });
});
