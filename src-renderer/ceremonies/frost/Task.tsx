import { CeremonyRecord } from '../../components/CeremonyRecord.tsx';
import { useState, type ReactNode } from 'react';
import type { NextAction } from '../../../src-shared/api/ceremonies.ts';
import { FROST_SUITES, type FrostView } from '../../../src-shared/ceremonies/frost.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import { CodeComparison, type Witness } from '../../components/CodeComparison.tsx';
import { listNames } from '../../components/names.ts';
import { TaskCard } from '../../components/TaskCard.tsx';
import { nextAction } from '../next-action.ts';
import type { TaskProps } from '../types.ts';
import { ContactsTask } from './ContactsTask.tsx';
import { OnlineLive } from './OnlineLive.tsx';
import { Carry, MoreActions, Waiting } from './parts.tsx';
import { SigningTask } from './SigningTask.tsx';
import { RefreshAgree, RefreshExchange, RepairCompare, RepairHello, RepairNewcomer, RepairStopped, RepairWait } from './UpkeepTask.tsx';
import { frostView } from './view.ts';

/** A step that runs one next action, with its label on the one primary button. */
function RunAction({ props, action, title, children }: { props: TaskProps; action: NextAction; title: string; children?: ReactNode }) {
  return (
    <TaskCard title={title} primary={{ label: action.label, onClick: () => props.start(action), disabled: props.busy }}>
      {children ?? <p>{action.description}</p>}
    </TaskCard>
  );
}

/** "any 2 of 3 (Alice, Bob, Carol) can sign", the rules everyone agrees on. */
function Rules({ fv }: { fv: FrostView }) {
  return (
    <ul className="task__big">
      <li>
        Any <strong>{fv.threshold}</strong> of {fv.n} can sign: {listNames(fv.members.filter((m) => m.active).map((m) => m.name))}
      </li>
      {fv.description && <li>Described as “{fv.description}”</li>}
      <li>Signature kind: {FROST_SUITES.find((x) => x.id === fv.suite)?.title ?? fv.suite}</li>
    </ul>
  );
}

function Invite({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const go = nextAction(props, 'round1');
  return (
    <TaskCard title="Invite the members" primary={go && { label: go.label, onClick: () => props.start(go), disabled: props.busy }}>
      <p>
        Give each member their own invitation file (a USB stick, or any way you trust). Then make your commitment: it goes to every member.
      </p>
      <Rules fv={fv} />
      {fv.codes.params && (
        <p>
          Read this code to the members when they open their invitation: <CheckCode code={fv.codes.params} label="Rules check code" />
        </p>
      )}
      <Carry props={props} fv={fv} primary={false} />
    </TaskCard>
  );
}

function Agree({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const go = nextAction(props, 'round1') ?? nextAction(props, 'online-accept');
  const decline = nextAction(props, 'online-decline');
  const creator = fv.members.find((m) => m.partyId === fv.creator)?.name ?? 'The creator';
  return (
    <TaskCard
      title="Agree on the rules"
      primary={go && { label: go.label, onClick: () => props.start(go), disabled: props.busy }}
      secondary={decline ? [{ label: decline.label, onClick: () => props.start(decline), disabled: props.busy }] : []}
    >
      {fv.restart ? (
        <p>
          {fv.restart.by} restarted the group without {listNames(fv.restart.without)}: nothing sent before counts. Check the new rules and
          code with {fv.restart.by} before you accept.
        </p>
      ) : (
        <p>{creator} invites you into a signing group. Check the rules before you accept: nothing is sent before.</p>
      )}
      <Rules fv={fv} />
      {/* Online, the relay carries no rules' code (frost-client shows none): the confirmation restates the rules. */}
      {fv.codes.params && fv.origin !== 'frostd-dkg' && (
        <p>
          {creator} reads you a code; it must be this one: <CheckCode code={fv.codes.params} label="Rules check code" />
        </p>
      )}
      <OnlineLive view={props.view} />
    </TaskCard>
  );
}

/**
 * The creator's quiet way out while someone's files do not come (or were refused): "Restart
 * without Carol…" opens the form that says what it means for everyone and asks what it must.
 */
function restartButton(props: TaskProps, fv: FrostView) {
  const restart = nextAction(props, 'restart-dkg');
  const awaited = fv.waitingFor.filter((w) => w.partyId !== null && fv.restartCandidates.includes(w.partyId)).map((w) => w.name);
  if (!restart || awaited.length === 0) return undefined;
  const label = `Restart without ${listNames(awaited)}…`;
  return [{ label, onClick: () => props.start({ ...restart, label }), disabled: props.busy }];
}

/** Exchanging commitments and shares: make yours when it is due, else wait for the others. */
function Exchange({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const act = nextAction(props, 'round2') ?? nextAction(props, 'finalize');
  const online = fv.origin === 'frostd-dkg';
  const title =
    fv.step === 'commitments'
      ? online
        ? 'Exchanging commitments through the relay'
        : 'Exchange commitments'
      : online
        ? 'Exchanging shares through the relay'
        : 'Exchange shares';
  const body = online ? (
    <p>This runs by itself through the relay while this page is open; nothing to carry.</p>
  ) : fv.step === 'commitments' ? (
    <p>Give your commitment file to the others and import theirs (Import files, below) as they arrive.</p>
  ) : act?.action === 'finalize' ? (
    <p>Every share is in and checked. Compute the group key: you then compare its code with the others.</p>
  ) : act ? (
    <p>Every commitment is in and checked. Make your shares: one secret share for each member, each sealed to them.</p>
  ) : (
    <p>Give your shares file to the others and import theirs as they arrive.</p>
  );
  return (
    <TaskCard
      title={title}
      tone={act ? 'task' : 'wait'}
      primary={act && { label: act.label, onClick: () => props.start(act), disabled: props.busy }}
      secondary={restartButton(props, fv)}
    >
      {body}
      <Waiting fv={fv} />
      <RestartHint fv={fv} />
      <Carry props={props} fv={fv} primary={!act} />
      <OnlineLive view={props.view} />
    </TaskCard>
  );
}

/** A member waiting for someone's files over the stick learns who can go on without them, and what would come next. */
function RestartHint({ fv }: { fv: FrostView }) {
  if (fv.origin !== 'dkg' || fv.me === fv.creator) return null;
  const awaited = fv.waitingFor.filter((w) => w.partyId !== fv.creator).map((w) => w.name);
  const creator = fv.members.find((m) => m.partyId === fv.creator)?.name;
  if (!awaited.length || !creator) return null;
  return (
    <p className="small muted">
      If {listNames(awaited)} never {awaited.length === 1 ? 'sends' : 'send'}, {creator} can restart the group without them: you would then
      import a new invitation from {creator} and compare a new code.
    </p>
  );
}

function witnesses(fv: FrostView): Witness[] {
  const imCreator = fv.me === fv.creator;
  return fv.members
    .filter((m) => !m.you && m.active)
    .map((m) => ({ id: m.partyId, name: m.name, required: !imCreator && m.partyId === fv.creator }));
}

/** The group key check code, compared with the others ("Codes match" / "A code differs"), journaled by main. */
function ConfirmKey({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const code = fv.codes.groupKey!;
  const ids = fv.members.map((m) => m.partyId);
  const creator = fv.members.find((m) => m.partyId === fv.creator)?.name ?? 'the creator';
  return (
    <TaskCard title="Confirm the group key">
      <CodeComparison
        code={code}
        label="Group key check code"
        explanation={
          fv.me === fv.creator
            ? 'Every member computed the group key on their own. Read this code to the members (a call, or in person) and hear theirs: all must be the same before the group signs anything.'
            : `Every member computed the group key on their own. ${creator} reads the code on their screen (a call, or in person): it must be exactly this one before the group signs anything.`
        }
        witnesses={witnesses(fv)}
        busy={props.busy}
        atLeastOne
        onVerdict={(verdict, heard) =>
          void props.act(
            'confirm-code',
            { verdict, code, heard: heard.filter((h) => ids.includes(h)) },
            verdict === 'match' ? 'Codes match' : 'A code differs',
          )
        }
      />
      <Waiting fv={fv} />
      <OnlineLive view={props.view} />
    </TaskCard>
  );
}

function CodeDiffers({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const [again, setAgain] = useState(false);
  if (again) return <ConfirmKey props={props} fv={fv} />;
  const creator = fv.me === fv.creator ? 'the other members' : (fv.members.find((m) => m.partyId === fv.creator)?.name ?? 'the creator');
  return (
    <TaskCard
      title="Stop: a code differs"
      tone="stop"
      secondary={[{ label: 'Compare again', onClick: () => setAgain(true), disabled: props.busy }]}
    >
      <p>
        Your group key is not the one {creator} computed: you may hold a share of another group. Do not sign anything with this group. Call{' '}
        {creator} on a channel you trust and read your code to them; if the keys really differ, make a new group. Your choice is recorded in
        the activity log.
      </p>
    </TaskCard>
  );
}

/** The group exists and nothing is asked: request a signature; rare actions under "More". */
function Ready({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const primary = props.view.next.find((a) => a.primary);
  // Someone asks this member something else (join a refresh, help a repair): that is the task.
  if (primary && primary.action !== 'sign-request' && primary.action !== 'online-sign-request')
    return (
      <RunAction props={props} action={primary} title={primary.label}>
        <p>{primary.description}</p>
        <OnlineLive view={props.view} />
      </RunAction>
    );
  if (!fv.groupKey) return <TaskCard title={props.view.headline} tone="wait" />;
  // A file nothing answers (the last refresh's shares, the "restored" notice) is offered until it
  // was saved out once: then it counts as handed over, as the group family's confirmation does.
  const due = { ...fv, carry: fv.carry.filter((c) => !props.view.artifacts.find((a) => a.id === c.artifactId)?.saved) };
  return (
    <TaskCard title="Your group is ready">
      <p>
        Any {fv.threshold} of {fv.n} members can sign together. To sign something, one member asks the others; each reads the message and
        approves it.
      </p>
      {/* Something under way that asks nothing of you now (a repair you started, a signing others run): said in words. */}
      {!props.view.headline.startsWith('Group ready') && <p className="small">{props.view.headline}</p>}
      {/* The one primary button, then the rarer actions folded under "More". */}
      {primary && (
        <div className="task__buttons">
          <button type="button" className="btn btn--primary" disabled={props.busy} onClick={() => props.start(primary)}>
            {primary.label}
          </button>
        </div>
      )}
      {/* After renewing or rebuilding shares, someone may still wait for a file of yours (not the task: offered). */}
      {due.carry.length > 0 && (
        <p className="small">
          {fv.origin === 'repair'
            ? 'Your share is rebuilt and checked against the group. Give the helpers this short file: it tells them their parts arrived.'
            : 'Your shares are renewed. If someone still waits for your new-shares file, give it to them.'}
        </p>
      )}
      <Carry props={props} fv={due} primary={false} />
      <CeremonyRecord view={props.view} record={fv.record} />
      <MoreActions props={props} except={primary} />
      <OnlineLive view={props.view} />
    </TaskCard>
  );
}

/** The one task of this moment on a FROST screen. */
export function FrostTask(props: TaskProps) {
  const fv = frostView(props.view);
  switch (fv.step) {
    case 'contacts':
      return <ContactsTask props={props} fv={fv} />;
    case 'invite':
      return <Invite props={props} fv={fv} />;
    case 'agree':
      return <Agree props={props} fv={fv} />;
    case 'commitments':
    case 'shares':
      return <Exchange props={props} fv={fv} />;
    case 'confirm-key':
      return <ConfirmKey props={props} fv={fv} />;
    case 'code-differs':
      return <CodeDiffers props={props} fv={fv} />;
    case 'refresh-agree':
      return <RefreshAgree props={props} fv={fv} />;
    case 'refresh-exchange':
      return <RefreshExchange props={props} fv={fv} />;
    case 'repair-hello':
      return <RepairHello props={props} fv={fv} />;
    case 'repair-compare':
      return <RepairCompare props={props} fv={fv} />;
    case 'repair-wait':
      return <RepairWait props={props} fv={fv} />;
    case 'repair-newcomer':
      return <RepairNewcomer props={props} fv={fv} />;
    case 'stopped':
      if (fv.repair) return <RepairStopped fv={fv} />;
      if (fv.restart?.youLeftOut)
        return (
          <TaskCard title={`${fv.restart.by} went on without you`} tone="done">
            <p>{props.view.headline}</p>
          </TaskCard>
        );
      return (
        <TaskCard title="The key generation stopped" tone="stop">
          <p>{props.view.headline}</p>
        </TaskCard>
      );
    case 'review-message':
    case 'sign':
    case 'wait-signers':
    case 'signed':
      return <SigningTask props={props} fv={fv} />;
    default:
      return <Ready props={props} fv={fv} />;
  }
}
