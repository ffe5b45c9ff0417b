/** The CLI's edges: usage errors as JSON under --json, and file-system failures typed (E_FS, path, hint) before any work. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve('bin/vws.mjs');
const env = { ...process.env, VWS_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vws-cli-')) };

async function vws(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, timeout: 60_000 });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('vws CLI at its edges', () => {
  it('prints usage errors as JSON under --json: unknown commands and options', async () => {
    const cases = [
      ['no-such-command', '--json'],
      ['detect', '--bogus', 'x', '--json'],
      ['--json', 'faces', 'nope'],
    ];
    // Independent runs, started together: each spends most of its time starting Node and tsx.
    for (const r of await Promise.all(cases.map((args) => vws(args)))) {
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'E_BAD_ARGUMENT', hint: expect.stringMatching(/--help/) });
      expect(r.stderr).not.toMatch(/Usage:/);
    }
  });

  it('fails fast with E_FS naming the path when an output location is special, missing or a file — before any work', async () => {
    const img = 'tests/fixtures/detection/dog.jpg';
    const file = path.join(env.VWS_DATA_DIR, 'a-file');
    fs.writeFileSync(file, 'x');
    const cases: [string[], string][] = [
      [['detect', img, '--save', '/proc/x', '--json'], '/proc/x'],
      [['detect', img, '--save', file, '--json'], file],
      [['detect', img, '--coco-json', '/no/such/dir/x.json', '--json'], '/no/such/dir'],
      [['faces', 'export', '/proc/x.json', '--json'], '/proc/x.json'],
      [['faces', 'import', '/proc', '--json'], '/proc'],
    ];
    const runs = await Promise.all(cases.map(([args]) => vws(args)));
    for (const [k, [args, where]] of cases.entries()) {
      const r = runs[k]!;
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      const e = JSON.parse(r.stdout).error;
      expect(e.code).toBe('E_FS');
      expect(e.message).toContain(where);
      expect(e.hint ?? '').not.toBe('');
    }
  });

  it('import-model reads only regular files and refuses what is not ONNX, storing nothing', async () => {
    const models = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-cli-models-'));
    const notOnnx = path.join(env.VWS_DATA_DIR, 'passwd.onnx');
    fs.writeFileSync(notOnnx, 'root:x:0:0:root:/root:/bin/bash\n');
    const dirArg = await vws(['import-model', '/proc', '--json'], { VWS_MODELS_DIR: models });
    expect(JSON.parse(dirArg.stdout).error.code).toBe('E_FS');
    const bad = await vws(['import-model', notOnnx, '--json'], { VWS_MODELS_DIR: models });
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'E_MODEL_INVALID', message: 'The file is not an ONNX model.' });
    expect(fs.readdirSync(models)).toEqual([]);
  });
});
