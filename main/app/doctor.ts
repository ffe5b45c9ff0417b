/**
 * `vws doctor` / `vw:app.doctor`: versions, execution providers, directories
 * and the model cache — real values read from this machine.
 */
import os from 'node:os';
import type { DoctorReport, HostState } from '../../preload/contract';
import type { Paths } from '../config';
import { availableProviders, defaultThreads, runtimeVersion } from '../runtime';
import { appInfo } from './info';


export async function doctorReport(paths: Paths, host: HostState): Promise<DoctorReport> {
  const eps = availableProviders();
  const versions: Record<string, string> = {
    node: process.versions.node,
    v8: process.versions.v8,
    'onnxruntime-node': runtimeVersion(),
    sqlite: await sqliteVersion(),
    sharp: await sharpVersion(),
  };
  if (process.versions.electron) versions.electron = process.versions.electron;
  return {
    app: appInfo(),
    versions,
    executionProviders: { available: eps.available, skipped: eps.skipped, selected: eps.available[0] ?? 'cpu' },
    threads: defaultThreads(),
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    dirs: { data: paths.data, models: paths.models, db: paths.db },
    // Lazy: the doctor's other answers do not need the model tooling.
    models: (await import('../models/store')).modelStatus(paths),
    host,
  };
}

async function sqliteVersion(): Promise<string> {
  try {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(':memory:');
    const v = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
    db.close();
    return v;
  } catch (err) {
    return `unavailable (${(err as Error).message.split('\n')[0]})`;
  }
}

async function sharpVersion(): Promise<string> {
  const { default: sharp } = await import('sharp');
  return sharp.versions.sharp ?? 'unknown';
}
