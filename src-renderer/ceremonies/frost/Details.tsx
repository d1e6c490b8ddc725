import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { frostView } from './view.ts';

/**
 * What the FROST screens keep under Technical details, above the facts and files: the whole
 * contact strings of the address book (the task card shortens them) and the message waiting for
 * approval as hex.
 */
export function FrostDetails({ view }: { view: CeremonyView }) {
  const fv = frostView(view);
  return (
    <>
      {fv.contacts.length > 0 && (
        <section className="panel" aria-label="Contact strings">
          <h2>Contact strings</h2>
          <ul>
            {fv.contacts.map((c) => (
              <li key={c.name}>
                {c.name}
                {c.you ? ' (you)' : ''}: <span className="mono break">{c.contact}</span>{' '}
                {c.contact && <CopyButton value={c.contact} label={`${c.name}'s contact string`} />}
              </li>
            ))}
          </ul>
        </section>
      )}
      {fv.pendingApproval && (
        <section className="panel" aria-label="The message as hex">
          <h2>The message as hex</h2>
          <p className="mono break small">{fv.pendingApproval.messageHex || '(empty)'}</p>
        </section>
      )}
    </>
  );
}
