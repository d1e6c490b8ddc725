import type { ProtocolUi } from '../types.ts';
import { ApproveJoinForm, CheckExchangeForm, ConfirmRosterForm, ExportForm, RefuseJoinForm, RequestJoinForm } from './ActionForms.tsx';
import { GroupCreateForm } from './CreateForm.tsx';
import { GroupJoinForm } from './JoinForm.tsx';

/** Screens of the quorum-run Ed25519 group (genesis, joins, trust-server export). */
export const groupUi: ProtocolUi = {
  CreateForm: GroupCreateForm,
  JoinForm: GroupJoinForm,
  actionForms: {
    'confirm-roster': ConfirmRosterForm,
    'request-join': RequestJoinForm,
    'approve-join': ApproveJoinForm,
    'refuse-join': RefuseJoinForm,
    'export-trust-server': ExportForm,
    'check-exchange': CheckExchangeForm,
  },
};
