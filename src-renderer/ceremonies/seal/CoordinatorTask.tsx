import { CeremonyRecord } from '../../components/CeremonyRecord.tsx';
import type { SealView } from '../../../src-shared/ceremonies/seal.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { shortHex } from '../../components/ShortHex.tsx';
import { TaskCard } from '../../components/TaskCard.tsx';
import { WaitingFor } from '../../components/WaitingFor.tsx';
import type { TaskProps } from '../types.ts';
import { AggregatorExport } from './AggregatorExport.tsx';
import { KeyServerHealthCheck } from './KeyServerHealth.tsx';
import { PendingTransactionPanel } from './PendingTransaction.tsx';
import { nextAction } from '../next-action.ts';
import { CoordinatorEvidenceNote } from './Evidence.tsx';
import { RestartCommittee, restartWords } from './RestartCommittee.tsx';

/**
 * What the coordinator tells members now, with the one code of this moment: the script the
 * coordinator copies into the group chat names the same code the members compare.
 */
function script(sv: SealView): { text: string; full: string; code: string | null; codeLabel: string } | null {
  const ks = sv.keyServer?.objectId ?? '';
  switch (sv.step) {
    case 'register': {
      const text = sv.restart
        ? `I restarted the committee ${restartWords(sv.restart)}. Import the new invitation I sent into your ceremony (seal-invitation.ceremony; the new dkg.yaml if you use seal-committee-cli). Compare the new committee code ${sv.codes.committee ?? ''} with mine, then register your key server again.`
        : `Phase 1: join ${sv.rotation ? 'the rotation' : 'the committee'} from the invitation I sent (seal-invitation.ceremony; dkg.yaml if you use seal-committee-cli). Compare the committee code ${sv.codes.committee ?? ''} with mine, then register your key server.`;
      return { text, full: text, code: sv.codes.committee, codeLabel: 'Committee check code' };
    }
    case 'send-message': {
      const text = sv.rotation
        ? 'Everyone is registered. Continuing members: make your DKG message with your current share and send me the file. Joining members: wait for the message set.'
        : 'Everyone is registered. Make your DKG message in the app and send me the file (message-<party>.ceremony).';
      return { text, full: text, code: null, codeLabel: '' };
    }
    case 'check-result': {
      const text = `Import the message set I sent and let the app check it. Compare the result code ${sv.codes.messagesHash ?? ''} with mine, then propose.`;
      return { text, full: text, code: sv.codes.messagesHash, codeLabel: 'Result check code' };
    }
    case 'hand-over':
    case 'done': {
      const say = (id: string) =>
        `The committee is finalized: key server ${id}${sv.rotation ? ` is at version ${sv.keyServer?.version ?? ''} with the same public key` : ''}. Hand your share to your key server, then send me your API credentials.`;
      return { text: say(shortHex(ks)), full: say(ks), code: null, codeLabel: '' };
    }
    default:
      return null;
  }
}

const WAITING_WHAT: Partial<Record<SealView['step'], string>> = {
  register: 'not registered yet',
  'send-message': 'messages not in yet',
  'check-result': 'not proposed yet',
  'hand-over': 'API credentials not in yet',
};

const YES = (
  <>
    <span aria-hidden="true">✓ </span>Yes
  </>
);
const NOT_YET = <span className="muted">Not yet</span>;

/** The coordinator's roster: one row per member, a column per phase, ticks only (codes and keys are in Technical details). */
function Roster({ sv }: { sv: SealView }) {
  const count = (f: (m: SealView['members'][number]) => boolean | null) => sv.members.filter((m) => f(m) === true).length;
  return (
    <table className="roster dashboard">
      <caption>
        {count((m) => m.registered)} of {sv.n} registered, {count((m) => m.messageReceived)} messages, {count((m) => m.proposed)} proposals
      </caption>
      <thead>
        <tr>
          <th scope="col">Member</th>
          {sv.rotation && <th scope="col">In the rotation</th>}
          <th scope="col">Registered</th>
          <th scope="col">Message</th>
          <th scope="col">Proposed</th>
          <th scope="col">Credentials</th>
        </tr>
      </thead>
      <tbody>
        {sv.members.map((m) => (
          <tr key={m.id} className="roster__row">
            <th scope="row">
              {m.name} <span className="muted">(party {m.partyId})</span>
            </th>
            {sv.rotation && <td>{m.rotationPart === 'joining' ? 'Joining' : 'Continuing'}</td>}
            <td>{m.registered ? YES : NOT_YET}</td>
            <td>{m.rotationPart === 'joining' ? <span className="muted">Deals nothing</span> : m.messageReceived ? YES : NOT_YET}</td>
            <td>{m.proposed ? YES : NOT_YET}</td>
            <td>{m.credentials ? YES : NOT_YET}</td>
          </tr>
        ))}
        {sv.leaving.map((p) => (
          <tr key={p.address} className="roster__row roster__row--inactive">
            <th scope="row">{p.name}</th>
            <td colSpan={5} className="muted">
              Leaving the committee
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** While the committee is created (publish, init_committee or init_rotation), that step's action. */
function createStepAction(props: TaskProps, sv: SealView) {
  if (sv.step !== 'join') return undefined;
  return nextAction(props, 'publish') ?? nextAction(props, 'init-committee') ?? nextAction(props, 'init-rotation');
}

export function CoordinatorTask({ props, sv }: { props: TaskProps; sv: SealView }) {
  if (sv.pendingTx) return <PendingTransactionPanel view={props.view} />;
  if (sv.step === 'join') {
    const a = createStepAction(props, sv);
    if (a)
      return (
        <TaskCard title={a.label} primary={{ label: a.label, onClick: () => props.start(a), disabled: props.busy }}>
          {sv.restart && (
            <p>
              You restarted the committee {restartWords(sv.restart)}: it is created again on chain, with the same package published anew.
            </p>
          )}
          <p>{a.description}</p>
        </TaskCard>
      );
  }
  const exportSet = nextAction(props, 'export-message-set');
  // Once every message is in, the coordinator's task is to make the set: there is nothing to tell
  // members until it exists (the next step's text says to import it).
  const s = exportSet ? null : script(sv);
  const folder = nextAction(props, 'export-messages-folder');
  const title =
    sv.step === 'done'
      ? 'Done: the committee is finalized and every member has sent credentials'
      : exportSet
        ? 'Send the message set'
        : 'Tell members now';
  return (
    <>
      <TaskCard
        title={title}
        tone={sv.step === 'done' ? 'done' : 'task'}
        primary={exportSet ? { label: exportSet.label, onClick: () => props.start(exportSet), disabled: props.busy } : undefined}
        secondary={folder ? [{ label: folder.label, onClick: () => props.start(folder), disabled: props.busy }] : undefined}
      >
        {s && (
          <div className="announce">
            <p>{s.text}</p>
            <CopyButton value={s.full} label="what to tell members" />
          </div>
        )}
        {s?.code && (
          <p className="read-aloud">
            <CheckCode code={s.code} label={s.codeLabel} /> <span className="small">Read this code aloud.</span>
          </p>
        )}
        {exportSet && <p className="small">Every message is in. The message set is final once made: every member processes exactly it.</p>}
        <WaitingFor names={sv.waitingFor} what={WAITING_WHAT[sv.step] ?? 'to act'} />
        {(sv.step === 'hand-over' || sv.step === 'done') && <AggregatorExport view={props.view} />}
        <CeremonyRecord view={props.view} record={sv.record} />
      </TaskCard>
      {sv.evidence && <CoordinatorEvidenceNote props={props} evidence={sv.evidence} />}
    </>
  );
}

/**
 * What the coordinator looks at or rarely needs, under the task and the files to carry (so the
 * screen's one primary button stays in view): the members table, the way out when a member does
 * not register, and the key servers' health check once the committee serves.
 */
export function CoordinatorDetails({ props, sv }: { props: TaskProps; sv: SealView }) {
  if (sv.pendingTx || createStepAction(props, sv)) return null;
  return (
    <>
      <Roster sv={sv} />
      <RestartCommittee props={props} sv={sv} />
      {sv.keyServer && (sv.step === 'hand-over' || sv.step === 'done') && <KeyServerHealthCheck ceremonyId={props.view.id} />}
    </>
  );
}
