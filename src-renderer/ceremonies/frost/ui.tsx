import type { FrostActionName } from '../../../src-shared/ceremonies/frost.ts';
import type { ActionFormProps } from '../types.ts';
import type { FC } from 'react';
import type { ProtocolUi } from '../types.ts';
import { ApproveForm, OnlineApproveForm } from './ApproveForm.tsx';
import { OnlineLive } from './OnlineLive.tsx';
import { OnlineSignJoinForm } from './OnlineSignJoinForm.tsx';
import { ContactImportForm, ContactRemoveForm } from './ContactForms.tsx';
import { FrostCreateForm } from './CreateForm.tsx';
import { FrostDetails } from './Details.tsx';
import { ExportClientForm } from './ExportClientForm.tsx';
import { frostFrame } from './frame.ts';
import { MORE } from './parts.tsx';
import { RefreshForm } from './RefreshForm.tsx';
import { RepairForm } from './RepairForm.tsx';
import { RestartForm } from './RestartForm.tsx';
import { OnlineSignRequestForm, SignRequestForm } from './SignRequestForm.tsx';
import { FrostTask } from './Task.tsx';
import { VerifyForm } from './VerifyForm.tsx';

/**
 * FROST screens: member-first, one task card per step (Task.tsx: invite, agree on the rules,
 * exchange commitments and shares, confirm the group key, review and approve a message, the
 * address book), the frame with the steps in plain words (frame.ts), and Technical details
 * (Details.tsx). Joining needs no form: the invitation names its recipient, and the rules are
 * shown and accepted on the ceremony screen before anything is made. Actions with input have
 * their forms; the others run with their confirmation sentence.
 */
export const frostUi: ProtocolUi = {
  CreateForm: FrostCreateForm,
  actionForms: {
    ['sign-request']: SignRequestForm,
    ['sign-approve']: ApproveForm,
    ['verify']: VerifyForm,
    ['refresh-start']: RefreshForm,
    ['repair-start']: RepairForm,
    ['contact-import']: ContactImportForm,
    ['contact-remove']: ContactRemoveForm,
    ['online-sign-request']: OnlineSignRequestForm,
    ['online-sign-join']: OnlineSignJoinForm,
    ['online-approve']: OnlineApproveForm,
    ['export-frost-client']: ExportClientForm,
    ['restart-dkg']: RestartForm,
  } satisfies Partial<Record<FrostActionName, FC<ActionFormProps>>>,
  Task: FrostTask,
  frame: frostFrame,
  Details: FrostDetails,
  // The task cards present these (the "More" disclosure, the code comparisons, the relay polling).
  panelActions: [...MORE, 'confirm-code', 'online-step', 'repair-help', 'restart-dkg'],
  // Online runs: the screen asks main to step them about every 2 s while they wait (the task card shows it).
  Live: OnlineLive,
};
