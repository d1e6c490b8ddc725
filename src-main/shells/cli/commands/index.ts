import type { Command } from '../command.ts';
import { bundleInspectCommand } from './bundle-inspect.ts';
import { frostCommands } from './frost-commands.ts';
import { frostOnlineDkgCommand } from './frost-online-dkg.ts';
import { frostOnlineSignCommand } from './frost-online-sign.ts';
import { groupCommands } from './group-commands.ts';
import { listCommand } from './list.ts';
import { rehearseSealCommand } from './rehearse-seal.ts';
import { rehearseSealRotationCommand } from './rehearse-seal-rotation.ts';
import { sealCheckCommitteeCommand } from './seal-check-committee.ts';
import { sealCreateMessageCommand } from './seal-create-message.ts';
import { sealGenkeyAndRegisterCommand } from './seal-genkey-and-register.ts';
import { sealInitRotationCommand } from './seal-init-rotation.ts';
import { sealInitStateCommand } from './seal-init-state.ts';
import { sealProcessAllAndProposeCommand } from './seal-process-all-and-propose.ts';
import { sealPublishAndInitCommand } from './seal-publish-and-init.ts';
import { sealSubmitSignatureCommand } from './seal-submit-signature.ts';
import { sealInspectMessageCommand } from './seal-inspect-message.ts';
import { sealValidateCommand } from './seal-validate.ts';
import { showCommand } from './show.ts';
import { vaultInitCommand } from './vault-init.ts';
import { vaultStatusCommand } from './vault-status.ts';
import { walletImportCommand, walletListCommand, walletNewCommand } from './wallet.ts';

/**
 * Every CLI command, one module each. Protocol issues add their commands here
 * (one import line and one array line each, to keep merges trivial).
 */
export const commands: readonly Command[] = [
  vaultStatusCommand,
  vaultInitCommand,
  listCommand,
  showCommand,
  bundleInspectCommand,
  sealValidateCommand,
  sealInspectMessageCommand,
  ...frostCommands,
  frostOnlineDkgCommand,
  frostOnlineSignCommand,
  walletListCommand,
  walletImportCommand,
  walletNewCommand,
  ...groupCommands,
  sealPublishAndInitCommand,
  sealGenkeyAndRegisterCommand,
  sealCreateMessageCommand,
  sealProcessAllAndProposeCommand,
  sealCheckCommitteeCommand,
  sealSubmitSignatureCommand,
  rehearseSealCommand,
  sealInitRotationCommand,
  sealInitStateCommand,
  rehearseSealRotationCommand,
];
