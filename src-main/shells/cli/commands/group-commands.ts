import type { Command } from '../command.ts';
import { groupApproveCommand } from './group-approve.ts';
import { groupFinalizeJoinCommand } from './group-finalize-join.ts';
import { groupGenesisCommand } from './group-genesis.ts';
import { groupImportCommand } from './group-import.ts';
import { groupInitCommand } from './group-init.ts';
import { groupJoinRequestCommand } from './group-join-request.ts';
import { groupPublishCommand } from './group-publish.ts';
import { groupImportTrustServerCommand, groupSssToolCommand } from './group-sss-tool.ts';
import { rehearseGroupCommand } from './rehearse-group.ts';

/** The quorum group's commands, registered in index.ts with one line. */
export const groupCommands: readonly Command[] = [
  groupInitCommand,
  groupGenesisCommand,
  groupJoinRequestCommand,
  groupApproveCommand,
  groupFinalizeJoinCommand,
  groupImportCommand,
  groupPublishCommand,
  groupSssToolCommand,
  groupImportTrustServerCommand,
  rehearseGroupCommand,
];
