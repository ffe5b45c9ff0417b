/** `vws` subcommands of the models area. */
import type { Command } from 'commander';
import type { CliContext } from './context';

export function registerModelsCommands(_program: Command, _ctx: CliContext): void {}
