import type { FrostRepairView, FrostView } from '../../../src-shared/ceremonies/frost.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import { CodeComparison } from '../../components/CodeComparison.tsx';
import { listNames } from '../../components/names.ts';
import { TaskCard } from '../../components/TaskCard.tsx';
import { nextAction } from '../next-action.ts';
import type { TaskProps } from '../types.ts';
import { Carry, Waiting } from './parts.tsx';

/**
 * The group's upkeep, one task per moment: renewing the shares (refresh) and rebuilding a
 * member's lost share (repair), for the member who asks, the members who take part, and the
 * member rebuilding on a fresh install. The files due now are in the tray; the rest under
 * Technical details.
 */

/** Someone asks to renew the shares: what changes, who is left out; join or decline. */
export function RefreshAgree({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const r = fv.refresh!;
  const join = nextAction(props, 'refresh-join');
  const decline = nextAction(props, 'refresh-decline');
  return (
    <TaskCard
      title="Renew the group's shares?"
      primary={join && { label: join.label, onClick: () => props.start(join), disabled: props.busy }}
      secondary={decline ? [{ label: decline.label, onClick: () => props.start(decline), disabled: props.busy }] : []}
    >
      <p>
        {r.by} asks to renew everyone's shares. The group key stays the same; each member taking part gets a new share, and the old shares
        stop working together with the new ones.
      </p>
      <ul className="task__big">
        <li>Taking part: {listNames(r.participants)}</li>
        {r.leftOut.length > 0 && <li>Left out: {listNames(r.leftOut)}; their share stops working</li>}
      </ul>
    </TaskCard>
  );
}

/** Renewing the shares: commitments, then new shares, then finishing; each made when it is due. */
export function RefreshExchange({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const r = fv.refresh!;
  const act = nextAction(props, 'refresh-round2') ?? nextAction(props, 'refresh-finalize');
  const title =
    r.phase === 'commitments'
      ? 'Renewing the shares: exchange commitments'
      : r.phase === 'finish'
        ? 'Finish renewing the shares'
        : act
          ? 'Make your new shares'
          : 'Renewing the shares: exchange shares';
  const body =
    r.phase === 'commitments'
      ? 'Give your commitment file to the others taking part and import theirs (Import files, below) as they arrive.'
      : r.phase === 'finish'
        ? 'Every new share is in and checked. Finish: your new share is stored and the old one retired. The group key stays the same.'
        : act
          ? 'Every commitment is in and checked. Make your new shares: one for each member taking part, each sealed to them.'
          : 'Give your shares file to the others taking part and import theirs as they arrive.';
  return (
    <TaskCard
      title={title}
      tone={act ? 'task' : 'wait'}
      primary={act && { label: act.label, onClick: () => props.start(act), disabled: props.busy }}
    >
      <p>{body}</p>
      <Waiting fv={fv} />
      <Carry props={props} fv={fv} primary={!act} />
    </TaskCard>
  );
}

/** The helpers of a repair other than you. */
const otherHelpers = (fv: FrostView, r: FrostRepairView) => r.helpers.filter((h) => !fv.members.some((m) => m.you && m.name === h));

/** A helper before the newcomer's hello arrived (the starter hands out the request meanwhile). */
export function RepairHello({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const r = fv.repair!;
  const others = otherHelpers(fv, r);
  return (
    <TaskCard title={r.youStarted ? `Give ${r.target} the repair file` : `Waiting for ${r.target}'s hello file`} tone="wait">
      {r.youStarted ? (
        <p>
          {r.target} opens this file with “Join” on a fresh install of this app; it makes a hello file for the helpers.
          {others.length > 0 && ` Give it to ${listNames(others)} too: they help rebuild the share with you.`}
        </p>
      ) : (
        <p>
          {r.by} asks you to help rebuild {r.target}'s lost share. Help only if you know {r.target} really lost it. Import {r.target}'s
          hello file (below) when it arrives: you then compare its code with {r.target}.
        </p>
      )}
      <Waiting fv={fv} />
      <Carry props={props} fv={fv} primary={r.youStarted} />
    </TaskCard>
  );
}

/** A helper compares the newcomer's hello code in person; only a match makes and seals its part. */
export function RepairCompare({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const r = fv.repair!;
  const code = r.helloCode!;
  return (
    <TaskCard title={`Compare ${r.target}'s code`}>
      <CodeComparison
        code={code}
        label="Hello check code"
        explanation={`${r.target}'s new install shows a code. Compare it with ${r.target} in person, or on a call you trust: only if it is exactly this one, make your part, sealed so only that install can open it. Whoever gets enough helpers' parts holds ${r.target}'s share.`}
        witnesses={[{ id: r.target, name: r.target, required: true }]}
        busy={props.busy}
        onVerdict={(verdict) =>
          void (verdict === 'match'
            ? props.act('repair-help', { session: r.id, code }, 'Codes match')
            : props.act('repair-decline', { session: r.id, differs: code }, 'A code differs'))
        }
      />
      <Carry props={props} fv={fv} primary={false} />
    </TaskCard>
  );
}

/** A helper's part is made: give it out; the last file goes to the newcomer until its share is rebuilt. */
export function RepairWait({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const r = fv.repair!;
  const last = fv.waitingFor.some((w) => w.missing === 'rebuilt');
  return (
    <TaskCard title={last ? `Take your part to ${r.target}` : 'Give your part to the others'} tone="wait">
      <p>
        {last
          ? `Every helper's part is in here: yours for ${r.target} is sealed so only ${r.target}'s new install opens it. Give ${r.target} your files; when ${r.target}'s share is rebuilt, ${r.target}'s install makes a short file saying so: import it to finish.`
          : `Your part is made. Give it to ${listNames([...otherHelpers(fv, r), r.target])}, and import the other helpers' parts as they arrive.`}
      </p>
      <Waiting fv={fv} />
      <Carry props={props} fv={fv} primary />
    </TaskCard>
  );
}

/** The member rebuilding a lost share on a fresh install: hand out the hello, show its code, collect the parts. */
export function RepairNewcomer({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const r = fv.repair!;
  const hello = props.view.artifacts.find((a) => a.id === `bundle:repair.${r.id}.hello`);
  return (
    <TaskCard title="Show your code to the helpers" tone="wait">
      <p>
        {listNames(r.helpers)} rebuild your share of the group. Give each of them your hello file, and show them this code in person (or
        read it on a call they trust): they compare it before they help.
      </p>
      {hello?.checkCode && <CheckCode code={hello.checkCode} label="Hello check code" />}
      <p>Import their files (below) as they arrive: your share is rebuilt, and checked against the group, once every part is in.</p>
      <Waiting fv={fv} />
      <Carry props={props} fv={fv} primary />
    </TaskCard>
  );
}

/** A repair of your share that stopped (a helper declined, or saw another code). */
export function RepairStopped({ fv }: { fv: FrostView }) {
  const r = fv.repair!;
  return (
    <TaskCard title="The repair stopped" tone="stop">
      <p>
        A helper declined to help rebuild your share. Call {r.by} on a channel you trust: they can start a new repair, which you open with
        “Join” again.
      </p>
    </TaskCard>
  );
}
