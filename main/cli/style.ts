/** `vws stylize` — Gatys neural style transfer from the command line, with a progress bar and ETA. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { StyleOptions } from '../../preload/contract';
import { VwError } from '../errors';
import { readImageFile } from '../imaging/decode';
import { STYLE_OPTIMIZERS } from '../../preload/enums';
import { StyleEngine } from '../style/engine';
import { STYLE_DEFAULTS } from '../style/options';
import type { CliContext } from './context';

interface StylizeCliOptions {
  output: string;
  contentWeight?: string;
  styleWeight?: string;
  tvWeight?: string;
  iterations?: string;
  size?: string;
  styleScale?: string;
  styleBlendWeights?: string;
  originalColors?: boolean;
  init?: string;
  optimizer?: 'lbfgs' | 'adam';
  seed?: string;
  coarseToFine?: boolean;
}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new VwError('E_BAD_ARGUMENT', `--${name} needs a number; got "${v}".`);
  return n;
}

function bar(fraction: number, width = 24): string {
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function registerStyleCommands(program: Command, ctx: CliContext): void {
  program
    .command('stylize')
    .description('render <content> in the style of one or more <style> images (Gatys et al. 2015)')
    .argument('<content>', 'content image')
    .argument('<styles...>', 'style image(s)')
    .requiredOption('-o, --output <file>', 'result PNG (required)')
    .option('--content-weight <w>', `content weight (α; default ${STYLE_DEFAULTS.contentWeight})`)
    .option('--style-weight <w>', `style weight (β; default ${STYLE_DEFAULTS.styleWeight})`)
    .option('--tv-weight <w>', `total-variation weight (default ${STYLE_DEFAULTS.tvWeight})`)
    .option('--iterations <n>', `optimizer iterations (default ${STYLE_DEFAULTS.iterations})`)
    .option('--size <px>', `long side of the result (default ${STYLE_DEFAULTS.size})`)
    .option('--style-scale <s>', `style image size relative to the result (default ${STYLE_DEFAULTS.styleScale})`)
    .option('--style-blend-weights <list>', 'one weight per style image, comma-separated')
    .option('--original-colors', "keep the content's colours (luminance-only transfer)")
    .option('--init <what>', `content, noise, or an image file to start from (default ${STYLE_DEFAULTS.init})`)
    .addOption(new Option('--optimizer <name>', `optimizer (default ${STYLE_DEFAULTS.optimizer})`).choices(STYLE_OPTIMIZERS))
    .option('--seed <n>', `random seed (noise init; default ${STYLE_DEFAULTS.seed})`)
    .option('--coarse-to-fine', 'optimize at half size first, then at full size')
    .action(async (content: string, styles: string[], o: StylizeCliOptions) => {
      const options: StyleOptions = {
        contentWeight: num('content-weight', o.contentWeight),
        styleWeight: num('style-weight', o.styleWeight),
        tvWeight: num('tv-weight', o.tvWeight),
        iterations: num('iterations', o.iterations),
        size: num('size', o.size),
        styleScale: num('style-scale', o.styleScale),
        styleBlendWeights: o.styleBlendWeights?.split(',').map((v) => num('style-blend-weights', v.trim())!),
        originalColors: o.originalColors,
        optimizer: o.optimizer,
        seed: num('seed', o.seed),
        coarseToFine: o.coarseToFine,
        previewEvery: 0,
      };
      if (o.init === 'content' || o.init === 'noise') options.init = o.init;
      else if (o.init) {
        options.init = 'image';
        options.initImage = await readImageFile(o.init);
      }
      for (const k of Object.keys(options) as (keyof StyleOptions)[]) if (options[k] === undefined) delete options[k];
      const engine = new StyleEngine({ models: ctx.models() });
      try {
        const t0 = performance.now();
        const result = await engine.stylize(
          { content: await readImageFile(content), styles: await Promise.all(styles.map((s) => readImageFile(s))), options },
          {
            onIteration: (r) => {
              const eta = r.msPerIteration * (r.iterations - r.iteration);
              ctx.progress(
                `${bar(r.iteration / r.iterations)} ${r.iteration}/${r.iterations}  loss ${r.losses.total.toPrecision(4)}  ETA ${duration(eta)}`,
              );
            },
          },
        );
        await fs.mkdir(path.dirname(path.resolve(o.output)), { recursive: true });
        await fs.writeFile(o.output, result.png);
        const summary = {
          output: o.output,
          status: result.status,
          width: result.width,
          height: result.height,
          iterations: result.iterations,
          evaluations: result.evaluations,
          initialLosses: result.initialLosses,
          losses: result.losses,
          msPerIteration: result.msPerIteration,
          totalMs: result.totalMs,
          timings: result.timings,
        };
        ctx.progress('');
        ctx.output(summary, () => {
          process.stdout.write(
            `${o.output}: ${result.width}×${result.height}, ${result.iterations} iterations, loss ${result.initialLosses.total.toPrecision(4)} → ${result.losses.total.toPrecision(4)} ` +
              `(content ${result.losses.content.toPrecision(3)}, style ${result.losses.style.toPrecision(3)}, tv ${result.losses.tv.toPrecision(3)}), ` +
              `${result.msPerIteration.toFixed(0)} ms/iteration, ${duration(performance.now() - t0)} total\n`,
          );
        });
      } finally {
        await engine.dispose();
      }
    });
}
