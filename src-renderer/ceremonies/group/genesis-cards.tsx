import { CeremonyRecord } from '../../components/CeremonyRecord.tsx';
import type { GroupView } from '../../../src-shared/ceremonies/group.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import { listNames } from '../../components/names.ts';
import { ShortHex } from '../../components/ShortHex.tsx';
import { TaskCard } from '../../components/TaskCard.tsx';
import type { TaskProps } from '../types.ts';
import { CodeEntry } from './CodeEntry.tsx';
import { runCard, waitCard, type GroupCard } from './cards.tsx';
import { stillDue } from './view-data.ts';

/** The coordinator reads the roster code out; the operators type it. */
function rosterCard(props: TaskProps, gv: GroupView): GroupCard {
  const others = gv.members.filter((m) => !m.you).map((m) => m.moniker);
  if (gv.role === 'coordinator') {
    const code = gv.rosterCheckCode!;
    return {
      card: (
        <TaskCard
          title={`Read the roster code to ${listNames(others)}`}
          primary={{
            label: 'I read it to everyone',
            onClick: () => void props.act('confirm-roster', { rosterCheckCode: code }, 'Roster code read out'),
            disabled: props.busy,
          }}
        >
          <p className="task__big">
            <CheckCode code={code} label="Roster check code" />
          </p>
          <p>
            Read it on a call or in person. Each of them types it on their computer, and their app checks it against the list of operators
            and keys it holds. If someone&apos;s app refuses it, stop: someone has a different list or different keys.
          </p>
        </TaskCard>
      ),
      own: true,
    };
  }
  return {
    card: (
      <TaskCard title={`Type the roster code ${gv.coordinator} reads to you`}>
        <CodeEntry
          ceremonyId={props.view.id}
          label="Roster code checked"
          action="confirm-roster"
          input={{}}
          field={{ name: 'rosterCheckCode', label: `Roster code, as ${gv.coordinator} reads it` }}
          button="Check the code"
        >
          <p>
            Everyone has registered. Ask {gv.coordinator} to read you the roster code on a call or in person. Your app checks it against the
            list of operators and keys it holds; nothing is sent until it matches.
          </p>
        </CodeEntry>
      </TaskCard>
    ),
    own: true,
  };
}

export function genesisCard(props: TaskProps, gv: GroupView): GroupCard {
  const others = gv.members.filter((m) => !m.you).map((m) => m.moniker);
  switch (gv.step) {
    case 'register':
      return waitCard(
        props,
        gv,
        gv.role === 'coordinator' ? 'Invite the operators' : 'Give your registration to the others',
        'not registered yet',
        <p>
          {gv.role === 'coordinator'
            ? `Each operator opens the invitation in Ceremony and joins under their moniker, then gives you their registration file: import it below.`
            : `Every operator needs every other operator's registration. Import theirs below as they give them to you.`}
        </p>,
      );
    case 'check-roster':
      if (!gv.codeConfirmed) return rosterCard(props, gv);
      return waitCard(
        props,
        gv,
        'Roster code confirmed: waiting for the others',
        'have not confirmed the roster code yet',
        <p>Each operator sends a file once their code matched. Import the files they give you.</p>,
      );
    case 'exchange-shares':
      return (
        runCard(
          props,
          'send-shares',
          'Send your shares',
          <p>
            Everyone confirmed the same roster. Your app now makes a piece of the group key for each other operator, sealed so only they can
            open theirs.
          </p>,
        ) ?? waitCard(props, gv, "Waiting for the others' shares", 'shares not in yet')
      );
    case 'finalize':
      return (
        runCard(
          props,
          'finalize',
          'Make the group key',
          <p>Every piece is in and checked against its sender. Your app now works out your share (kept in the vault) and the group key.</p>,
        ) ?? waitCard(props, gv, 'Making the group key', 'not finished yet')
      );
    case 'confirm-key':
      return waitCard(
        props,
        gv,
        'Waiting for the others to confirm the same key',
        'have not confirmed the key yet',
        <p>Each operator&apos;s app reports the group key it made; yours checks they are all the same.</p>,
      );
    default: {
      const made = (
        <p>
          {listNames(['You', ...others])} made the same group key
          {gv.groupKey && (
            <>
              {' '}
              <ShortHex value={gv.groupKey} label="Group key" />
            </>
          )}
          . Any {gv.threshold} of the {gv.n} operators can sign with it; your share is in the vault.
        </p>
      );
      // My confirmation is still due: no later file tells this app the others have it, so it is
      // due until the person saved it out (then offered again below, in case someone lacks it).
      const due = [...new Set(stillDue(props.view, gv).flatMap((c) => c.to))];
      if (due.length)
        return {
          card: (
            <TaskCard title="The group key is made: give the others your confirmation">
              {made}
              <p>
                {listNames(due)} {due.length === 1 ? 'needs' : 'each need'} your confirmation file to check that everyone made the same key
                {gv.record ? ', and your signature on the ceremony record with it' : ''}. Give {gv.record ? 'both files' : 'it'} to them if
                you have not yet; then you are done.
              </p>
            </TaskCard>
          ),
          own: false,
        };
      return {
        card: (
          <TaskCard title="Done: the group key is made" tone="done">
            {made}
            {gv.carry.length > 0 && <p className="small">If someone still lacks your confirmation file, give it to them again:</p>}
            <CeremonyRecord view={props.view} record={gv.record} />
          </TaskCard>
        ),
        own: false,
      };
    }
  }
}
