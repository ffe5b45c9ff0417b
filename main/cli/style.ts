/** `vws` subcommands of the style area. */
import type { Command } from 'commander';
import type { CliContext } from './context';

export function registerStyleCommands(_program: Command, _ctx: CliContext): void {}
