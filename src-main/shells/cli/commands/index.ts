import type { Command } from '../command.ts';
import { sealInspectMessageCommand } from './seal-inspect-message.ts';
import { sealValidateCommand } from './seal-validate.ts';

/**
 * Every CLI command, one module each. Protocol issues add their commands here.
 */
export const commands: readonly Command[] = [sealValidateCommand, sealInspectMessageCommand];
