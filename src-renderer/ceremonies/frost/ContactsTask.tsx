import type { FrostView } from '../../../src-shared/ceremonies/frost.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { TaskCard } from '../../components/TaskCard.tsx';
import { nextAction } from '../next-action.ts';
import type { TaskProps } from '../types.ts';
import { shortContact } from './words.ts';

/** The address book: your contact string to hand out, the contacts you imported, and importing one more. */
export function ContactsTask({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const add = nextAction(props, 'contact-import');
  const me = fv.contacts.find((c) => c.you);
  const others = fv.contacts.filter((c) => !c.you);
  return (
    <TaskCard
      title={others.length ? 'Your contacts' : 'Exchange contacts with the other members'}
      primary={add && { label: add.label, onClick: () => props.start(add), disabled: props.busy }}
    >
      {me && me.contact && (
        <p>
          Your contact:{' '}
          <span className="mono" title={me.contact}>
            {shortContact(me.contact)}
          </span>{' '}
          <CopyButton value={me.contact} label="your contact string" />
          <br />
          <span className="small muted">
            Give it to the other members; they compare its fingerprint with you: <span className="mono">{me.fingerprint}</span>
          </span>
        </p>
      )}
      {others.length > 0 ? (
        <ul className="contacts">
          {others.map((c) => (
            <li key={c.name}>
              <strong>{c.name}</strong> <span className="small muted">fingerprint</span> <span className="mono">{c.fingerprint}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>Import the contact string each other member gives you, then compare its fingerprint with them.</p>
      )}
    </TaskCard>
  );
}
