import { useId, useState } from 'react';
import type { ActionFormProps } from '../types.ts';
import { FormButtons } from '../../components/FormButtons.tsx';

/** Paste another member's zffrost1… contact string. */
export function ContactImportForm({ busy, submit, cancel }: ActionFormProps) {
  const id = useId();
  const [contact, setContact] = useState('');
  const ok = /^zffrost1[02-9ac-hj-np-z]{20,}$/i.test(contact.trim());
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) submit({ contact: contact.trim() });
      }}
    >
      <label htmlFor={`${id}-c`}>Contact string (zffrost1…)</label>
      <textarea
        id={`${id}-c`}
        className="mono break"
        rows={3}
        value={contact}
        onChange={(e) => setContact(e.target.value)}
        aria-describedby={`${id}-help`}
      />
      <p id={`${id}-help`} className="muted small">
        After importing, compare the fingerprint shown next to the name with the person who gave you the string.
      </p>
      <FormButtons label="Import the contact" busy={busy} disabled={!ok} cancel={cancel} />
    </form>
  );
}

export function ContactRemoveForm({ view, busy, submit, cancel }: ActionFormProps) {
  const id = useId();
  const contacts = view.participants.filter((p) => p.tags.includes('contact'));
  const [name, setName] = useState(contacts[0]?.label ?? '');
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name) submit({ name });
      }}
    >
      <label htmlFor={`${id}-n`}>Contact to remove</label>
      <select id={`${id}-n`} value={name} onChange={(e) => setName(e.target.value)}>
        {contacts.map((c) => (
          <option key={c.id} value={c.label}>
            {c.label}
          </option>
        ))}
      </select>
      <FormButtons label="Remove" busy={busy} disabled={!name} cancel={cancel} />
    </form>
  );
}
