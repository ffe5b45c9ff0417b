/** `vws lab network|one-by-one|large-image|…` — the seed's other lessons (issue #17). */
import type { Command } from 'commander';
import type { LabNetworkId } from '../../preload/contract';
import { VwError } from '../errors';
import { largeImage, oneByOne } from '../lab/costs';
import { describeNetwork, listNetworks, NETWORK_IDS } from '../lab/networks';
import { formatInspectTable } from '../models/inspect';
import type { CliContext } from './context';

function int(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new VwError('E_BAD_ARGUMENT', `${what} must be a whole number ≥ 1; got "${value}".`);
  return n;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export function registerLessonCommands(lab: Command, ctx: CliContext): void {
  lab
    .command('network [id]')
    .description(`layer table of a classic network (${NETWORK_IDS.join(', ')}); without an id, list them`)
    .action((id: string | undefined) => {
      if (!id) {
        const list = listNetworks();
        ctx.output(list, () => list.forEach((n) => process.stdout.write(`${n.id.padEnd(18)} ${n.title} — ${n.source}\n`)));
        return;
      }
      if (!NETWORK_IDS.includes(id as LabNetworkId))
        throw new VwError('E_BAD_ARGUMENT', `Unknown network "${id}".`, { hint: `Use one of: ${NETWORK_IDS.join(', ')}.` });
      const r = describeNetwork(id as LabNetworkId);
      ctx.output(r, () => process.stdout.write(`${r.title} (${r.source})\n${formatInspectTable(r)}\n`));
    });

  lab
    .command('one-by-one')
    .description("multiplications of an f×f conv directly vs after a 1×1 bottleneck (the notes' 28×28×192 → 32 example)")
    .option('--height <n>', 'n_H', '28')
    .option('--width <n>', 'n_W', '28')
    .option('--channels <n>', 'n_C of the input', '192')
    .option('--f <n>', 'filter size', '5')
    .option('--filters <n>', 'filters of the f×f conv', '32')
    .option('--bottleneck <n>', 'filters of the 1×1 conv', '16')
    .action((o: Record<'height' | 'width' | 'channels' | 'f' | 'filters' | 'bottleneck', string>) => {
      const r = oneByOne({
        height: int(o.height, 'n_H'),
        width: int(o.width, 'n_W'),
        channels: int(o.channels, 'n_C'),
        f: int(o.f, 'f'),
        filters: int(o.filters, 'filters'),
        bottleneck: int(o.bottleneck, 'bottleneck'),
      });
      ctx.output(r, () =>
        process.stdout.write(
          `direct ${o.f}×${o.f} conv: ${fmt(r.direct)} multiplications\n` +
            `1×1 to ${o.bottleneck} then ${o.f}×${o.f}: ${fmt(r.reduce)} + ${fmt(r.expand)} = ${fmt(r.bottlenecked)} (${r.ratio.toFixed(2)}× fewer)\n` +
            `Inception (3a) 5×5 branch: ${fmt(r.inception3a.reduce)} + ${fmt(r.inception3a.expand)} = ${fmt(r.inception3a.total)}\n`,
        ),
      );
    });

  lab
    .command('large-image')
    .description("parameters of a dense layer vs a conv layer on a large image (the notes' 1000×1000×3)")
    .option('--height <n>', 'n_H', '1000')
    .option('--width <n>', 'n_W', '1000')
    .option('--channels <n>', 'n_C', '3')
    .option('--units <n>', 'units of the dense layer', '1000')
    .option('--f <n>', 'conv filter size', '3')
    .option('--filters <n>', 'conv filters', '1000')
    .action((o: Record<'height' | 'width' | 'channels' | 'units' | 'f' | 'filters', string>) => {
      const r = largeImage({
        height: int(o.height, 'n_H'),
        width: int(o.width, 'n_W'),
        channels: int(o.channels, 'n_C'),
        units: int(o.units, 'units'),
        f: int(o.f, 'f'),
        filters: int(o.filters, 'filters'),
      });
      ctx.output(r, () =>
        process.stdout.write(
          `${fmt(r.inputs)} inputs → dense ${o.units}: ${fmt(r.denseParams)} parameters; conv ${o.f}×${o.f}×${o.filters}: ${fmt(r.convParams)} (${fmt(Math.round(r.ratio))}× fewer)\n`,
        ),
      );
    });
}
