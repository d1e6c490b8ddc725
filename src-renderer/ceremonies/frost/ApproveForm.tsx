import { useState } from 'react';
import type { ActionFormProps } from '../types.ts';
import { MessageReview } from './MessageReview.tsx';
import { pendingApproval } from './view.ts';
import { FormButtons } from '../../components/FormButtons.tsx';

/** A chosen signer reads the message to its end, compares its fingerprint, and approves it explicitly. */
export function ApproveForm({ view, busy, submit, cancel, submitLabel = 'Approve and sign' }: ActionFormProps & { submitLabel?: string }) {
  const [read, setRead] = useState(false);
  const pending = pendingApproval(view);
  if (!pending) return <p role="alert">No message is waiting for your approval any more.</p>;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (read) submit({});
      }}
    >
      <MessageReview message={pending} read={read} onRead={setRead} />
      <FormButtons label={submitLabel} busy={busy} disabled={!read} cancel={cancel} cancelLabel="Not now" />
    </form>
  );
}

/** Online: the commitments went out when the session was joined; approving releases the signature share. */
export function OnlineApproveForm(props: ActionFormProps) {
  return <ApproveForm {...props} submitLabel="Approve and send my signature share" />;
}
