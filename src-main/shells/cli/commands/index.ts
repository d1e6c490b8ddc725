import type { Command } from '../command.ts';

/**
 * Every CLI command, one module each. Protocol issues add their commands here.
 */
export const commands: readonly Command[] = [];
