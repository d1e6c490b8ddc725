import { useId, useState } from 'react';
import { FROST_FACT } from '../../../src-shared/ceremonies/frost.ts';
import type { ActionFormProps } from '../types.ts';
import { MessageText } from './MessagePreview.tsx';
import { factValue } from './view.ts';
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
  const from = factValue(view, FROST_FACT.pendingMessageFrom);
  const text = factValue(view, FROST_FACT.pendingMessageText);
  const hex = factValue(view, FROST_FACT.pendingMessageHex) ?? '';
  const size = factValue(view, FROST_FACT.pendingMessageBytes);
  const isText = text !== null && !text.startsWith('(this message is not text');
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (read) submit({});
      }}
    >
      <p>
        Requested by <strong>{from}</strong>. {size}.
      </p>
      <MessageText id={`${id}-text`} text={isText ? text : null} />
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
