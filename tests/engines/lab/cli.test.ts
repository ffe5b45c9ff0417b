/** `vws lab` lessons that need models print with --json exactly what the channels return. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabSlidingResult, LabYoloResult } from '../../../preload/contract';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const vws = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/vws.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
const fixture = (f: string) => path.join(ROOT, 'tests/fixtures', f);

describe('vws lab (models)', () => {
  it('yolo: the NMS sequence of dog.jpg', () => {
    const out = vws('lab', 'yolo', fixture('detection/dog.jpg'), '--json');
    expect(out.status).toBe(0);
    const r = JSON.parse(out.stdout) as LabYoloResult;
    expect(r.steps.slice(0, 3).map((s) => [s.label, s.pick, s.suppressed.map((x) => x.index)])).toEqual([
      ['car', 0, [23]],
      ['bicycle', 1, [19]],
      ['dog', 2, [5]],
    ]);
    expect(r.target.shape).toEqual([3, 3, 2, 8]);
  });

  it('sliding: equal outputs, and a typed error for a side the windows cannot tile', () => {
    const ok = JSON.parse(vws('lab', 'sliding', fixture('lab/dog.jpg'), '--side', '16', '--json').stdout) as LabSlidingResult;
    expect(ok.maxAbsDiff).toBeLessThanOrEqual(1e-12);
    const bad = vws('lab', 'sliding', fixture('lab/dog.jpg'), '--side', '15', '--json');
    expect(bad.status).not.toBe(0);
    expect((JSON.parse(bad.stdout) as { error: { code: string } }).error.code).toBe('E_BAD_ARGUMENT');
  });
});
