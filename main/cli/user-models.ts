/** `vws import-model <file>`: bring your own detector — validated, stored in the models dir, named by id from then on. */
import path from 'node:path';
import type { Command } from 'commander';
import { DETECTOR_FAMILIES } from '../../preload/enums';
import type { DetectorFamilyName } from '../../preload/contract';
import { VwError } from '../errors';
import { importUserModel, MAX_USER_MODEL_BYTES } from '../host/user-models';
import type { CliContext } from './context';
import { readLocalFile } from './files';

export function registerUserModelCommands(program: Command, ctx: CliContext): void {
  program
    .command('import-model')
    .description(
      'import a detector (.onnx): validated, stored in the models dir, then used by the id it prints (detect --model ID, the UI)',
    )
    .argument('<file>', 'the .onnx file (weights inside, no external data)')
    .option('--family <family>', `decoder family when it is not detected (${DETECTOR_FAMILIES.join(', ')})`)
    .option('--labels <names>', 'comma-separated class names when the model does not carry them')
    .action(async (file: string, o: { family?: string; labels?: string }) => {
      if (o.family !== undefined && !(DETECTOR_FAMILIES as readonly string[]).includes(o.family))
        throw new VwError('E_BAD_ARGUMENT', `--family must be one of ${DETECTOR_FAMILIES.join(', ')}; got "${o.family}".`);
      const bytes = readLocalFile(file, MAX_USER_MODEL_BYTES, 'model');
      const labels = o.labels
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const info = await importUserModel(ctx.paths(), {
        name: path.basename(file),
        bytes,
        family: o.family as DetectorFamilyName | undefined,
        labels,
      });
      ctx.output(info, () => process.stdout.write(`imported ${file} as ${info.id} (${info.family}, ${info.classes.length} classes)\n`));
    });
}
