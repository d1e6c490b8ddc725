import type { Command } from '../command.ts';
import { vaultStatusCommand } from './vault-status.ts';

/**
 * Every CLI command, one module each. Protocol issues add their commands here.
 */
export const commands: readonly Command[] = [vaultStatusCommand];
