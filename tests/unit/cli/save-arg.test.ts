/** `--save` before the inputs must not swallow one of them as the output folder (issue 13). */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { saveDirOf, saveMisuseIn } from '../../../main/cli/sources';

const run = promisify(execFile);
const bin = path.resolve('bin/vws.mjs');

async function vws(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, VWS_DATA_DIR: cwd };
  try {
    return { code: 0, ...(await run(process.execPath, [bin, ...args], { env, cwd })) };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('--save', () => {
  it('takes folders; a value that names an image or a video is refused with what to do', () => {
    expect(saveDirOf('out/annotated', 'runs/detect')).toBe('out/annotated');
    expect(saveDirOf(undefined, 'runs/detect')).toBeUndefined();
    expect(() => saveDirOf('clip.mp4', 'runs/detect')).toThrow(/--save takes a folder, but "clip\.mp4" looks like a video/);
    expect(() => saveDirOf('shots/dog.JPG', 'runs/detect')).toThrow(/looks like an image/);
    expect(saveMisuseIn(['detect', '--save', 'clip.mp4'])?.hint).toMatch(/after the inputs/);
    expect(saveMisuseIn(['detect', '--save=clip.mov'])?.code).toBe('E_BAD_ARGUMENT');
    expect(saveMisuseIn(['detect', 'clip.mp4', '--save'])).toBeUndefined();
    expect(saveMisuseIn(['detect', '--save', '--json', 'clip.mp4'])).toBeUndefined();
  });

  it('`vws detect --save clip.mp4` (the only input taken as --save): a readable usage error, no folder made', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-save-'));
    try {
      const r = await vws(['--json', 'detect', '--save', 'clip.mp4'], cwd);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({
        error: {
          code: 'E_BAD_ARGUMENT',
          message: expect.stringContaining('"clip.mp4" looks like a video'),
          hint: expect.stringMatching(/after the inputs/),
        },
      });
      const human = await vws(['faces', 'recognize', '--save', 'probe.jpg', 'other.jpg'], cwd);
      expect(human.code).toBe(1);
      expect(human.stderr).toMatch(/--save takes a folder, but "probe\.jpg" looks like an image/);
      expect(fs.existsSync(path.join(cwd, 'clip.mp4'))).toBe(false);
      expect(fs.existsSync(path.join(cwd, 'probe.jpg'))).toBe(false);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
