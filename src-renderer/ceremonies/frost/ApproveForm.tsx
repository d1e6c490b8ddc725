import { useId, useState } from 'react';
import type { ActionFormProps } from '../types.ts';
import { MessageText } from './MessagePreview.tsx';
import { pendingApproval } from './view.ts';
import { FormButtons } from '../../components/FormButtons.tsx';

/** A chosen signer reads the message (text and hex) and approves it explicitly. */
export function ApproveForm({
  view,
  busy,
  submit,
  cancel,
  submitLabel = 'Approve and send my commitment',
}: ActionFormProps & { submitLabel?: string }) {
  const id = useId();
  const [read, setRead] = useState(false);
  const pending = pendingApproval(view);
  if (!pending) return <p role="alert">No message is waiting for your approval any more.</p>;
  const { from, session, label, messageHex: hex, messageText: text, bytes, via } = pending;
  const where = via === 'online' ? `online signing${session ? `, session ${session}` : ''}` : `session ${session}`;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (read) submit({});
      }}
    >
      <p>
        Requested by <strong>{from}</strong> ({where}
        {label ? `, "${label}"` : ''}). {bytes} bytes.
      </p>
      <MessageText id={`${id}-text`} text={text} />
      <label htmlFor={`${id}-hex`}>As hex</label>
      <textarea id={`${id}-hex`} className="mono break" readOnly rows={Math.min(10, Math.ceil(hex.length / 44) + 1)} value={hex} />
      <label className="choice">
        <input type="checkbox" checked={read} onChange={(e) => setRead(e.target.checked)} />
        <span>I have read this message and I agree to sign exactly it.</span>
      </label>
      <FormButtons label={submitLabel} busy={busy} disabled={!read} cancel={cancel} cancelLabel="Not now" />
    </form>
  );
}

/** Online: the commitments went out when the session was joined; approving releases the signature share. */
export function OnlineApproveForm(props: ActionFormProps) {
  return <ApproveForm {...props} submitLabel="Approve and send my signature share" />;
}
