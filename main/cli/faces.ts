/** `vws` subcommands of the faces area. */
import type { Command } from 'commander';
import type { CliContext } from './context';

export function registerFacesCommands(_program: Command, _ctx: CliContext): void {}
