import { FROST_ACTIONS as A } from '../../../src-shared/ceremonies/frost.ts';
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
    [A.signRequest]: SignRequestForm,
    [A.signApprove]: ApproveForm,
    [A.verify]: VerifyForm,
    [A.refreshStart]: RefreshForm,
    [A.repairStart]: RepairForm,
    [A.contactImport]: ContactImportForm,
    [A.contactRemove]: ContactRemoveForm,
    [A.onlineSignRequest]: OnlineSignRequestForm,
    [A.onlineSignJoin]: OnlineSignJoinForm,
    [A.onlineApprove]: OnlineApproveForm,
  },
  // Online runs: the screen asks main to step them about every 2 s while they wait.
  Live: OnlineLive,
};
