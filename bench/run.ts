/**
 * `npm run bench [-- area…]`: runs each area's benchmark (bench/<area>.ts,
 * exporting `bench<Area>()` → rows), prints one table per area and writes all
 * rows to bench/results/bench-<timestamp>.json. Not part of `npm test`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Row = Record<string, unknown>;
const AREAS = ['models', 'detection', 'faces', 'style', 'lab'] as const;
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

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const areas = wanted.length ? AREAS.filter((a) => wanted.includes(a)) : [...AREAS];
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  console.log(`# Vision Workstation benchmark — ${new Date().toISOString()}`);
  console.log(
    `machine: ${os.availableParallelism()} cores, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.versions.node}`,
  );
  const all: Record<string, Row[] | { error: string }> = {};
  for (const area of areas) {
    const file = path.join(here, `${area}.ts`);
    if (!fs.existsSync(file)) continue;
    const fnName = `bench${area[0]!.toUpperCase()}${area.slice(1)}`;
    try {
      const mod = (await import(file)) as Record<string, () => Promise<Row[]>>;
      const fn = mod[fnName];
      if (typeof fn !== 'function') throw new Error(`${file} does not export ${fnName}()`);
      const rows = await fn();
      all[area] = rows;
      printTable(area, rows);
    } catch (err) {
      all[area] = { error: (err as Error).message };
      console.log(`\n## ${area}\nfailed: ${(err as Error).stack ?? String(err)}`);
    }
  }
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
