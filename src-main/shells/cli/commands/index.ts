import type { Command } from '../command.ts';
import { bundleInspectCommand } from './bundle-inspect.ts';
import { groupCommands } from './group-commands.ts';
import { listCommand } from './list.ts';
import { showCommand } from './show.ts';
import { vaultStatusCommand } from './vault-status.ts';

/**
 * Every CLI command, one module each. Protocol issues add their commands here.
 */
export const commands: readonly Command[] = [vaultStatusCommand, listCommand, showCommand, bundleInspectCommand, ...groupCommands];
