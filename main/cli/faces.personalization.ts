/**
 * `vws faces personalization [show|train|remove]` (issue #17 item 8): the
 * gallery's learned projection — what is stored for the current embedding
 * tag, train one (kept only if held-out accuracy at τ rises), or remove it.
 * With `--json` each prints exactly what the UI receives.
 */
import type { Command } from 'commander';
import type { PersonalizationInfo } from '../../preload/contract';
import { VwError } from '../errors';
import type { FacesService } from '../faces/service';
import type { CliContext } from './context';

const out = (s: string) => process.stdout.write(s + '\n');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const ACTIONS = ['show', 'train', 'remove'] as const;

function describe(p: PersonalizationInfo): string {
  return (
    `learned ${p.trained} for ${p.model}@${p.version}: held-out verification at τ ${p.tau} ` +
    `${pct(p.accuracyBefore)} → ${pct(p.accuracyAfter)} (${p.heldOutPairs} pairs; ${p.trainFaces} faces trained, ${p.heldOutFaces} held out; α ${p.alpha})`
  );
}

export function registerPersonalizationCommands(
  faces: Command,
  ctx: CliContext,
  withService: <T>(fn: (s: FacesService) => Promise<T>) => Promise<T>,
): void {
  faces
    .command('personalization')
    .description('the gallery’s learned projection (triplet loss): show it, train one (kept only if held-out accuracy rises), remove it')
    .argument('[action]', `one of ${ACTIONS.join(', ')}`, 'show')
    .option('--steps <n>', 'Adam steps when training (1–2000, default 300)')
    .action(async (action: string, o: { steps?: string }) => {
      if (!(ACTIONS as readonly string[]).includes(action))
        throw new VwError('E_BAD_ARGUMENT', `personalization takes ${ACTIONS.join(', ')}; got "${action}".`);
      let steps: number | undefined;
      if (o.steps !== undefined) {
        steps = Number(o.steps);
        if (!Number.isInteger(steps) || steps < 1 || steps > 2000)
          throw new VwError('E_BAD_ARGUMENT', `--steps must be an integer in 1–2000; got "${o.steps}".`);
      }
      if (action === 'train') {
        const r = await withService((s) => s.personalize({ steps }));
        ctx.output(r, () => {
          out(describe(r));
          out(
            r.adopted
              ? 'adopted: verify and recognize now use it (remove with `vws faces personalization remove`)'
              : 'not adopted: it does not raise held-out accuracy; the gallery is unchanged',
          );
        });
      } else if (action === 'remove') {
        const r = await withService((s) => s.removePersonalization());
        ctx.output(r, () => out(r.removed ? 'removed: verify and recognize use the frozen encodings' : 'no personalization to remove'));
      } else {
        const r = await withService((s) => s.personalization());
        ctx.output(r, () => out(r.projection ? `active — ${describe(r.projection)}` : `none for ${r.model}@${r.version}`));
      }
    });
}
