/** `vws lab` — the convolution lesson from the command line. */
import fs from 'node:fs/promises';
import type { Command } from 'commander';
import type { Matrix } from '../../preload/contract';
import { VwError } from '../errors';
import { readImageFile } from '../imaging/decode';
import { convolve, outputLength, pool, samePadding } from '../lab/conv';
import { FILTERS, LESSON_6X6, type FilterName } from '../lab/filters';
import { labImage } from '../lab/image';
import type { CliContext } from './context';
import { registerLessonCommands } from './lab.lessons';

function pickFilter(name: string): Matrix {
  const f = FILTERS[name as FilterName];
  if (!f) throw new VwError('E_BAD_ARGUMENT', `Unknown filter "${name}".`, { hint: `Use one of: ${Object.keys(FILTERS).join(', ')}.` });
  return f;
}

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new VwError('E_BAD_ARGUMENT', `"${value}" is not a whole number.`);
  return n;
}

function printMatrix(m: Matrix): void {
  for (let r = 0; r < m.rows; r++) {
    const row = m.data.slice(r * m.cols, (r + 1) * m.cols).map((v) => String(Math.round(v * 100) / 100).padStart(6));
    process.stdout.write(row.join(' ') + '\n');
  }
}

interface ConvOpts {
  filter: string;
  padding?: string;
  stride: string;
  same?: boolean;
  pool?: 'max' | 'avg';
  poolSize: string;
  poolStride: string;
}

export function registerLabCommands(program: Command, ctx: CliContext): void {
  const lab = program.command('lab').description('convolution and pooling, as in the lesson');

  lab
    .command('convolve')
    .description("convolve the lesson's 6×6 matrix (or --matrix rows×cols:v,v,…) with a filter")
    .option('--filter <name>', `one of ${Object.keys(FILTERS).join(', ')}`, 'vertical')
    .option('--matrix <spec>', 'input as "ROWSxCOLS:v1,v2,…" (row-major)')
    .option('--padding <p>', 'zero padding')
    .option('--same', 'padding that keeps the size at stride 1')
    .option('--stride <s>', 'stride', '1')
    .option('--pool <mode>', 'then pool: max or avg')
    .option('--pool-size <f>', 'pool window', '2')
    .option('--pool-stride <s>', 'pool stride', '2')
    .action((opts: ConvOpts & { matrix?: string }) => {
      const input = opts.matrix ? parseMatrix(opts.matrix) : LESSON_6X6;
      const filter = pickFilter(opts.filter);
      const padding = opts.same ? samePadding(filter.rows) : int(opts.padding ?? '0');
      const stride = int(opts.stride);
      let output = convolve(input, filter, padding, stride);
      if (opts.pool) output = pool(output, opts.pool, int(opts.poolSize), int(opts.poolStride));
      ctx.output({ output, outputSize: { rows: output.rows, cols: output.cols } }, () => {
        process.stdout.write(
          `output ${output.rows}×${output.cols}  (⌊(${input.rows} + 2·${padding} − ${filter.rows})/${stride}⌋ + 1 = ${outputLength(input.rows, filter.rows, padding, stride)})\n`,
        );
        printMatrix(output);
      });
    });

  lab
    .command('image <file>')
    .description('filter a picture in grayscale and write the response as PNG')
    .requiredOption('-o, --out <file>', 'PNG to write')
    .option('--filter <name>', 'filter name', 'sobel-vertical')
    .option('--padding <p>', 'zero padding', '1')
    .option('--stride <s>', 'stride', '1')
    .option('--pool <mode>', 'then pool: max or avg')
    .option('--pool-size <f>', 'pool window', '2')
    .option('--pool-stride <s>', 'pool stride', '2')
    .action(async (file: string, opts: ConvOpts & { out: string }) => {
      const res = await labImage({
        image: await readImageFile(file),
        filter: pickFilter(opts.filter),
        padding: int(opts.padding ?? '1'),
        stride: int(opts.stride),
        pool: opts.pool ? { mode: opts.pool, size: int(opts.poolSize), stride: int(opts.poolStride) } : undefined,
      });
      await fs.writeFile(opts.out, res.output);
      ctx.output({ ...res, file: opts.out }, () => {
        process.stdout.write(`${file}: ${res.width}×${res.height} → ${res.outputSize.cols}×${res.outputSize.rows}, wrote ${opts.out}\n`);
      });
    });

  registerLessonCommands(lab, ctx);
}

function parseMatrix(spec: string): Matrix {
  const m = /^(\d+)x(\d+):(.*)$/.exec(spec.trim());
  if (!m) throw new VwError('E_BAD_ARGUMENT', `Cannot read matrix "${spec}".`, { hint: 'Write it as 3x3:1,2,3,4,5,6,7,8,9.' });
  const data = m[3]!.split(',').map((v) => Number(v));
  return { rows: Number(m[1]), cols: Number(m[2]), data };
}
