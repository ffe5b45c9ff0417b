/**
 * A throwaway PostgreSQL cluster for tests: `initdb` into a temp dir, `pg_ctl
 * start` listening on a Unix socket in that dir (no TCP), trust auth for one
 * superuser, stopped and removed by `stop()`. Binaries come from
 * $VWS_PG_BIN or the newest /usr/lib/postgresql/<n>/bin (Debian's postgresql
 * package). initdb refuses to run as root, so as root the cluster runs as the
 * `postgres` system user the package creates (via runuser).
 *
 * Outside CI, missing binaries skip the PostgreSQL tests with a loud message;
 * with CI=true they fail.
 *
 * @example
 *   const cluster = await startCluster();
 *   const url = await cluster.createDatabase('t1'); // postgresql://vws@/t1?host=/tmp/…
 *   await cluster.stop();
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export function pgBinDir(): string | null {
  const env = process.env.VWS_PG_BIN;
  if (env) return fs.existsSync(path.join(env, 'initdb')) ? env : null;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/**
 * Whether PostgreSQL tests can run here. Prints a loud notice when they cannot;
 * throws under CI=true, where a missing server is a broken setup, not a skip.
 */
export function postgresAvailable(): boolean {
  if (pgBinDir()) return true;
  const msg =
    'PostgreSQL binaries not found (/usr/lib/postgresql/*/bin or $VWS_PG_BIN): SKIPPING the PostgreSQL gallery tests. Install them with `apt-get install postgresql`.';
  if (process.env.CI === 'true') throw new Error(`${msg} CI=true: failing instead of skipping.`);
  console.warn(`\n${'!'.repeat(100)}\n!! ${msg}\n${'!'.repeat(100)}\n`);
  return false;
}

export interface PgCluster {
  /** Directory holding the data dir and the socket. */
  dir: string;
  socketDir: string;
  port: number;
  /** Connection URL for a database (created by createDatabase). */
  url(db: string): string;
  createDatabase(name: string): Promise<string>;
  /** Stop the server (fast), keeping the data: `start()` brings it back on the same socket. */
  pause(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'vws';

export async function startCluster(): Promise<PgCluster> {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL binaries not found');
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-pg-'));
  const data = path.join(dir, 'data');
  const socketDir = dir;
  // A port number only names the socket file (.s.PGSQL.<port>); nothing listens on TCP.
  const port = 20000 + Math.floor(Math.random() * 20000);
  if (asRoot) {
    // The postgres user must be able to reach the directory.
    fs.chmodSync(dir, 0o755);
    await run('chown', ['postgres:postgres', dir]);
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);

  await pgRun('initdb', ['-D', data, '-U', USER, '--auth=trust', '--encoding=UTF8', '--no-sync', '-A', 'trust']);
  const opts = `-k ${socketDir} -p ${port} -c listen_addresses='' -c fsync=off -c max_connections=50`;
  const start = async () => {
    await pgRun('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  };
  const pause = async () => {
    await pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
  };
  await start();
  const url = (db: string) => `postgresql://${USER}@/${db}?host=${encodeURIComponent(socketDir)}&port=${port}`;
  return {
    dir,
    socketDir,
    port,
    url,
    async createDatabase(name: string) {
      const c = new pg.Client({ connectionString: url('postgres') });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    pause,
    start,
    async stop() {
      await pause();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
