/** `vws` subcommands of the detection area. */
import type { Command } from 'commander';
import type { CliContext } from './context';

export function registerDetectionCommands(_program: Command, _ctx: CliContext): void {}
