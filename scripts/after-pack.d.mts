/** Types of scripts/after-pack.mjs (electron-builder's afterPack hook), for the test that runs it. */
export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName: string };
}
export function executableOf(context: AfterPackContext): string;
export const FUSES: Record<string | number, unknown>;
export default function afterPack(context: AfterPackContext): Promise<void>;
