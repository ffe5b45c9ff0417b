/**
 * `npm run bench [-- area…]`: runs each area's benchmark (bench/<area>.ts,
 * exporting `bench<Area>()` → rows), prints one table per area and writes all
 * rows to bench/results/bench-<timestamp>.json. Not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Row = Record<string, unknown>;
const AREAS = ['models', 'detection', 'zoo', 'faces', 'faces-scale', 'style', 'lab', 'video', 'ui'] as const; // zoo: issue 15; video: issue 14; faces-scale: issue 16; ui: issue 13
const here = path.dirname(fileURLToPath(import.meta.url));

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3);
  if (v === undefined || v === null) return '';
  return String(v);
}

export function printTable(title: string, rows: Row[]): void {
  if (!rows.length) return;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => cols.map((c) => fmt(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (xs: string[]): string => xs.map((x, i) => x.padEnd(widths[i]!)).join('  ');
  console.log(`\n## ${title}`);
  console.log(line(cols));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells) console.log(line(row));
}

/** Run one area's benchmark in this process and return its rows (or the error). */
async function runArea(area: string): Promise<Row[] | { error: string }> {
  const file = path.join(here, `${area}.ts`);
  const fnName = `bench${area[0]!.toUpperCase()}${area.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`; // faces-scale → benchFacesScale
  try {
    const mod = (await import(file)) as Record<string, () => Promise<Row[]>>;
    const fn = mod[fnName];
    if (typeof fn !== 'function') throw new Error(`${file} does not export ${fnName}()`);
    const rows = await fn();
    printTable(area, rows);
    return rows;
  } catch (err) {
    console.log(`\n## ${area}\nfailed: ${(err as Error).stack ?? String(err)}`);
    return { error: (err as Error).message };
  }
}

async function main(): Promise<void> {
  // `--child AREA OUT.json`: one area in a fresh process (TF.js peers keep global
  // engine state, and each area's memory figures should be its own).
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) {
    const [area, out] = process.argv.slice(childAt + 1);
    fs.writeFileSync(out!, JSON.stringify(await runArea(area!)));
    return;
  }
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const areas = (wanted.length ? AREAS.filter((a) => wanted.includes(a)) : [...AREAS]).filter((a) =>
    fs.existsSync(path.join(here, `${a}.ts`)),
  );
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  console.log(`# Vision Workstation benchmark — ${new Date().toISOString()}`);
  console.log(
    `machine: ${os.availableParallelism()} cores, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.versions.node}`,
  );
  const all: Record<string, Row[] | { error: string }> = {};
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-bench-'));
  for (const area of areas) {
    const out = path.join(tmp, `${area}.json`);
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', area, out], {
      stdio: 'inherit',
    });
    all[area] = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as Row[]) : { error: `exited with ${r.status ?? r.signal}` };
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(
    out,
    JSON.stringify({ machine: { cores: os.availableParallelism(), cpu, node: process.versions.node }, results: all }, null, 2),
  );
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
}

await main();
