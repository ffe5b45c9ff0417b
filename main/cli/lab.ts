/** `vws` subcommands of the lab area. */
import type { Command } from 'commander';
import type { CliContext } from './context';

export function registerLabCommands(_program: Command, _ctx: CliContext): void {}
