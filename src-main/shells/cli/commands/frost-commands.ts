import type { Command } from '../command.ts';
import { frostContactExportCommand } from './frost-contact-export.ts';
import { frostContactImportCommand } from './frost-contact-import.ts';
import { frostContactInitCommand } from './frost-contact-init.ts';
import { frostExportTomlCommand } from './frost-export-toml.ts';
import { frostImportCommand } from './frost-import.ts';
import { frostVerifyCommand } from './frost-verify.ts';
import { rehearseFrostCommand } from './rehearse-frost.ts';

/** The FROST commands, registered with one entry in index.ts. */
export const frostCommands: readonly Command[] = [
  frostContactInitCommand,
  frostContactExportCommand,
  frostContactImportCommand,
  frostImportCommand,
  frostExportTomlCommand,
  frostVerifyCommand,
  rehearseFrostCommand,
];
