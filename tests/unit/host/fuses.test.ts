/**
 * The packaging hook flips Electron's fuses as issue #12 asks. No Electron
 * binary ships with the dev dependencies, so the hook runs on a file holding a
 * real fuse wire (sentinel, version, length, Electron's default states), and
 * @electron/fuses reads the result back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import afterPack from '../../../scripts/after-pack.mjs';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's shipped defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, ASAR integrity off, only-ASAR off, …
const DEFAULTS = '101100011';

describe('afterPack fuses', () => {
  it('turns RunAsNode, NODE_OPTIONS and inspect off; cookie encryption, ASAR integrity and only-load-from-ASAR on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-fuses-'));
    const exe = path.join(dir, 'vision-workstation');
    fs.writeFileSync(
      exe,
      Buffer.concat([
        Buffer.alloc(4096, 7),
        Buffer.from(SENTINEL),
        Buffer.from([1, DEFAULTS.length]),
        Buffer.from(DEFAULTS),
        Buffer.alloc(4096, 7),
      ]),
    );
    await afterPack({
      appOutDir: dir,
      electronPlatformName: 'linux',
      arch: 1,
      packager: { appInfo: { productFilename: 'Vision Workstation' }, executableName: 'vision-workstation' },
    });
    const wire = await getCurrentFuseWire(exe);
    const state = (o: FuseV1Options) => wire[o];
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
  });
});
