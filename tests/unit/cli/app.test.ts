import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../preload/contract';

const run = promisify(execFile);
const bin = path.resolve('bin/vws.mjs');
const env = { ...process.env, VWS_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vws-cli-')) };

async function vws(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { env });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('vws CLI', () => {
  it('doctor --json prints real values from the engine host', async () => {
    const r = await vws(['doctor', '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as DoctorReport;
    expect(d.app.version).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
    expect(d.app.node).toBe(process.versions.node);
    expect(d.executionProviders.available).toContain('cpu');
    expect(d.executionProviders.selected).toBe(d.executionProviders.available[0]);
    expect(d.dirs.data).toBe(env.VWS_DATA_DIR);
    expect(d.dirs.db).toBe(path.join(env.VWS_DATA_DIR, 'faces.db'));
    expect(d.host.status).toMatch(/ready|busy/);
    expect(d.cpus).toBe(os.availableParallelism());
  });

  it('exits 1 on usage errors, with a typed error in JSON', async () => {
    expect((await vws(['no-such-command'])).code).toBe(1);
    const bad = await vws(['serve', '--port', 'x', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error.code).toBe('E_BAD_ARGUMENT');
  });
});
