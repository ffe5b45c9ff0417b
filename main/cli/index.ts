/**
 * `vws` — the command line. Every subcommand prints JSON with `--json`
 * (exactly what the UI receives) and exits 0 ok, 1 usage, 2 runtime error.
 */
import { Command, CommanderError, Option } from 'commander';
import { appInfo } from '../app/info';
import { VwError } from '../errors';
import { createCliContext, EXIT_USAGE, reportError, type GlobalOptions } from './context';
import { registerAppCommands } from './app';
import { registerDetectionCommands } from './detection';
import { registerFacesCommands } from './faces';
import { registerLabCommands } from './lab';
import { registerModelsCommands } from './models';
import { registerStyleCommands } from './style';
import { registerUserModelCommands } from './user-models';
// model zoo / val (issue 15)
import { registerValCommands } from './val';
import { saveMisuseIn } from './sources'; // issue 13

export function buildProgram(argv?: string[]): Command {
  const program = new Command('vws');
  program
    .description('Vision Workstation: offline detection, faces and style transfer')
    .version(appInfo().version)
    .option('--json', 'machine-readable JSON output')
    .option('--quiet', 'no progress output')
    .addOption(new Option('--data-dir <dir>', 'data directory').env('VWS_DATA_DIR'))
    .addOption(new Option('--models-dir <dir>', 'model cache directory').env('VWS_MODELS_DIR'))
    .addOption(new Option('--db <file>', 'faces database file').env('VWS_DB'))
    .showHelpAfterError()
    // issue 13: each command's help lists --json, --quiet, --db … too (they were only in `vws --help`).
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();
  const ctx = createCliContext(() => program.opts<GlobalOptions>());
  registerAppCommands(program, ctx);
  registerModelsCommands(program, ctx);
  registerDetectionCommands(program, ctx);
  registerFacesCommands(program, ctx);
  registerStyleCommands(program, ctx);
  registerLabCommands(program, ctx);
  registerValCommands(program, ctx); // issue 15
  registerUserModelCommands(program, ctx); // issue 12
  // Sub-commands see the global flags too (e.g. `vws faces list --json`).
  for (const cmd of program.commands) cmd.exitOverride();
  // With --json, commander's usage text stays off the terminal: main() prints the error as JSON (issue 12).
  if (argv?.includes('--json')) {
    const quiet = { writeErr: () => undefined, outputError: () => undefined };
    const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
    for (const c of all(program)) c.configureOutput(quiet).showHelpAfterError(false);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      // issue 13: `--save clip.mp4` took the only input; say that rather than "missing argument".
      const saveMisuse = err.code === 'commander.missingArgument' ? saveMisuseIn(argv) : undefined;
      if (saveMisuse) return reportError(saveMisuse, argv.includes('--json'));
      // Under --json a usage error is JSON too (commander's own text went nowhere, see buildProgram).
      if (argv.includes('--json')) {
        const e = new VwError('E_BAD_ARGUMENT', err.message.replace(/^error: /, ''), {
          hint: 'Run `vws --help` (or `vws <command> --help`) for the commands and options.',
        });
        reportError(e, true);
      }
      return EXIT_USAGE;
    }
    return reportError(err, Boolean(program.opts<GlobalOptions>().json) || argv.includes('--json'));
  }
}
