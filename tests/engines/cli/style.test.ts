/** `vws stylize` as a user runs it: a real process, real images, a PNG on disk, JSON losses and timings. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../main/imaging/decode';

const run = promisify(execFile);
const bin = path.resolve('bin/vws.mjs');
const fix = (f: string) => path.resolve('tests/fixtures/style', f);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-stylize-'));

async function vws(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return { code: 0, ...(await run(process.execPath, [bin, ...args])) };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('vws stylize', () => {
  it('writes the result and prints final losses and timings with --json', async () => {
    const out = path.join(dir, 'out.png');
    const r = await vws([
      '--json',
      'stylize',
      fix('tubingen.jpg'),
      fix('starry_night.jpg'),
      fix('the_scream.jpg'),
      '-o',
      out,
      '--size',
      '64',
      '--iterations',
      '4',
      '--style-blend-weights',
      '2,1',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      status: string;
      width: number;
      height: number;
      iterations: number;
      losses: { total: number };
      initialLosses: { total: number };
      msPerIteration: number;
    };
    expect(j.status).toBe('done');
    expect([j.width, j.height]).toEqual([64, 48]);
    expect(j.iterations).toBe(4);
    expect(j.losses.total).toBeLessThan(j.initialLosses.total);
    expect(j.msPerIteration).toBeGreaterThan(0);
    const png = await decodeImage(new Uint8Array(fs.readFileSync(out)));
    expect([png.width, png.height]).toEqual([64, 48]);
  });

  it('bad input exits non-zero with a typed error', async () => {
    const notImage = path.join(dir, 'x.png');
    fs.writeFileSync(notImage, 'not an image');
    const r = await vws(['--json', 'stylize', notImage, fix('starry_night.jpg'), '-o', path.join(dir, 'y.png')]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('E_BAD_IMAGE');
    const s = await vws([
      '--json',
      'stylize',
      fix('tubingen.jpg'),
      fix('starry_night.jpg'),
      '-o',
      path.join(dir, 'z.png'),
      '--size',
      'big',
    ]);
    expect(s.code).toBe(1);
    expect(JSON.parse(s.stdout).error.code).toBe('E_BAD_ARGUMENT');
  });
});
