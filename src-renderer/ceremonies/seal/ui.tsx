import type { ProtocolUi } from '../types.ts';
import { sealView } from './view.ts';
import { SealCreateForm } from './CreateForm.tsx';
import { SealJoinForm } from './JoinForm.tsx';
import { ExportMessagesFolderForm, GenerateKeysForm, ImportOldShareForm, SendCredentialsForm } from './forms.tsx';
import { SealDetails } from './Details.tsx';
import { sealFrame } from './frame.ts';
import { SealTask } from './Task.tsx';

/**
 * Seal committee screens: the coordinator's committee form, joining as member / air-gapped
 * member / relay, forms for the actions that take input, and the member-first screen: one task
 * card per step (Task.tsx, CoordinatorTask.tsx), the frame (frame.ts) and what sits under
 * Technical details (Details.tsx). Steps without input run with the confirmation sentence the
 * protocol gives.
 */
export const sealUi: ProtocolUi = {
  CreateForm: SealCreateForm,
  JoinForm: SealJoinForm,
  actionForms: {
    'generate-keys': GenerateKeysForm,
    'send-api-credentials': SendCredentialsForm,
    'export-messages-folder': ExportMessagesFolderForm,
    'import-old-share': ImportOldShareForm,
  },
  Task: SealTask,
  frame: sealFrame,
  Details: SealDetails,
  // Presented by the task card: polling, the transaction panel, the share hand-off.
  panelActions: [
    'refresh',
    'submit-signature',
    'cancel-transaction',
    'export-share-file',
    'export-key-server-package',
    'copy-share',
    'note-share-backup',
    'export-aggregator-config',
  ],
  // After finalization the coordinator still collects the members' API credentials.
  acceptsImports: (view) => {
    if (view.status === 'active') return true;
    const sv = sealView(view);
    return sv.role === 'coordinator' && sv.keyServer !== null && sv.members.some((m) => !m.credentials);
  },
};
