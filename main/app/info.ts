/** What `vw:app.info` and `vws doctor` report about the application itself. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppInfo } from '../../preload/contract';
import { sourceRoot } from '../config';

let cached: { name: string; version: string } | undefined;

function packageJson(): { name: string; version: string } {
  if (cached) return cached;
  const root = sourceRoot();
  try {
    const file = root ? path.join(root, 'package.json') : path.join(process.resourcesPath ?? '', 'app', 'package.json');
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; version: string };
    cached = { name: pkg.name, version: pkg.version };
  } catch {
    cached = { name: 'vision-workstation', version: process.env.VWS_VERSION ?? '0.0.0' };
  }
  return cached;
}

export function appInfo(): AppInfo {
  const pkg = packageJson();
  const info: AppInfo = {
    name: pkg.name,
    version: pkg.version,
    node: process.versions.node,
    platform: `${os.type()} ${os.release()}`,
    arch: process.arch,
  };
  if (process.versions.electron) info.electron = process.versions.electron;
  return info;
}
