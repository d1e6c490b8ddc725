import type { FrostActionName } from '../../../src-shared/ceremonies/frost.ts';
import type { ActionFormProps } from '../types.ts';
import type { FC } from 'react';
import type { ProtocolUi } from '../types.ts';
import { ApproveForm, OnlineApproveForm } from './ApproveForm.tsx';
import { OnlineLive } from './OnlineLive.tsx';
import { OnlineSignJoinForm } from './OnlineSignJoinForm.tsx';
import { ContactImportForm, ContactRemoveForm } from './ContactForms.tsx';
import { FrostCreateForm } from './CreateForm.tsx';
import { RefreshForm } from './RefreshForm.tsx';
import { RepairForm } from './RepairForm.tsx';
import { OnlineSignRequestForm, SignRequestForm } from './SignRequestForm.tsx';
import { VerifyForm } from './VerifyForm.tsx';

/**
 * FROST screens. Joining needs no form: the invitation names its recipient, and the parameters
 * are shown and accepted on the ceremony screen before anything is made. Every other step
 * without a form runs from the generic ceremony screen (with its confirmation sentence).
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
  } satisfies Partial<Record<FrostActionName, FC<ActionFormProps>>>,
  // Online runs: the screen asks main to step them about every 2 s while they wait.
  Live: OnlineLive,
};
