import type { ProtocolUi } from '../types.ts';
import { CheckExchangeForm, ExportForm, RefuseJoinForm, RequestJoinForm } from './ActionForms.tsx';
import { GroupCreateForm } from './CreateForm.tsx';
import { GroupDetails } from './Details.tsx';
import { groupFrame } from './frame.ts';
import { GroupJoinForm } from './JoinForm.tsx';
import { GroupTask } from './Task.tsx';

/**
 * Screens of the quorum-run Ed25519 group (genesis, joins, trust-server export): the member-first
 * screen with one task card per role and step (Task.tsx; codes another person reads out are
 * typed, CodeEntry.tsx), its frame (frame.ts), and forms for the actions that take input.
 */
export const groupUi: ProtocolUi = {
  CreateForm: GroupCreateForm,
  JoinForm: GroupJoinForm,
  actionForms: {
    'request-join': RequestJoinForm,
    'refuse-join': RefuseJoinForm,
    'export-trust-server': ExportForm,
    'check-exchange': CheckExchangeForm,
  },
  Task: GroupTask,
  frame: groupFrame,
  Details: GroupDetails,
};
