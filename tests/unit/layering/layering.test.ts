/** The layering rules hold in the tree and the linter refuses a file that breaks them. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });
const lint = async (file: string, code: string) =>
  (await eslint.lintText(code, { filePath: path.join(ROOT, file) }))[0]!.messages.filter((m) => m.ruleId === 'no-restricted-imports');

describe('layering', () => {
  it('no engine file imports the host, the shell or the CLI', () => {
    const r = spawnSync('grep', ['-rnE', "from '(\\.\\./)+(host|shell|cli)(/|')", 'main', '--include=*.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const upward = r.stdout
      .split('\n')
      .filter(Boolean)
      .filter((l) => !/^main\/(host|cli|shell)\/|^main\/index\.ts:/.test(l));
    expect(r.status === 0 || r.status === 1).toBe(true);
    expect(upward).toEqual([]);
  });

  it.each([
    ['main/detection/x.ts', "import { LIVE_LANE } from '../host/live';\nexport const x = LIVE_LANE;\n"],
    ['main/faces/x.ts', "import type { HostEnv } from '../host/types';\nexport type X = HostEnv;\n"],
    ['main/style/grad/x.ts', "import { createCliContext } from '../../cli/context';\nexport const x = createCliContext;\n"],
    ['main/models/x.ts', "import { registerIpc } from '../shell/ipc';\nexport const x = registerIpc;\n"],
    ['main/imaging/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['main/lab/x.ts', "import * as ort from 'onnxruntime-node';\nexport const x = ort;\n"],
  ])('lint refuses %s importing upwards', async (file, code) => {
    expect(await lint(file, code)).toHaveLength(1);
  });

  it('the host and the CLI may import engines', async () => {
    expect(
      await lint(
        'main/host/areas/x.ts',
        "import { DetectionService } from '../../detection/service';\nexport const x = DetectionService;\n",
      ),
    ).toEqual([]);
    expect(await lint('main/cli/x.ts', "import { FacesService } from '../faces/service';\nexport const x = FacesService;\n")).toEqual([]);
  });
});
