// electron-builder afterPack hook: flip Electron's fuses in the packaged binary
// (issue #12). With these off, the shipped executable cannot be used as a plain
// Node (ELECTRON_RUN_AS_NODE), cannot be steered by NODE_OPTIONS or --inspect,
// and loads the app only from its integrity-checked app.asar; cookies are
// encrypted at rest.
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** The Electron executable electron-builder just wrote, per platform. */
export function executableOf(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

export const FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: false,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // app:// serves the renderer; file: needs no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

export default async function afterPack(context) {
  const exe = executableOf(context);
  // An ad-hoc signature no longer matches after flipping; arm64 macOS refuses to run such a binary unless it is re-signed.
  const resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && context.arch === 3; // builder-util Arch.arm64
  await flipFuses(exe, { ...FUSES, resetAdHocDarwinSignature });
  console.log(`fuses: flipped in ${exe}`);
}
