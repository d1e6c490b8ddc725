import type { GroupView } from '../../../src-shared/ceremonies/group.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import { listNames } from '../../components/names.ts';
import { TaskCard } from '../../components/TaskCard.tsx';
import type { TaskProps } from '../types.ts';
import { nextAction } from '../next-action.ts';
import { CodeEntry } from './CodeEntry.tsx';
import { PickUp } from './PickUp.tsx';
import { runCard, waitCard, type GroupCard } from './cards.tsx';

/** "Approvals: 1 of 2 needed — from Alice; waiting for Bob". */
function ApprovalsLine({ gv }: { gv: GroupView }) {
  const a = gv.approvals;
  if (!a) return null;
  return (
    <p className="waiting" role="status">
      <strong>
        Approvals: {a.from.length} of {a.needed} needed
      </strong>
      {a.from.length > 0 && <> — from {listNames(a.from)}</>}
      {a.waitingFor.length > 0 && <>; waiting for {listNames(a.waitingFor)}</>}
    </p>
  );
}

export function newcomerCard(props: TaskProps, gv: GroupView): GroupCard {
  const myCode = gv.members.find((m) => m.you)?.identityCheckCode ?? null;
  switch (gv.step) {
    case 'request':
      return (
        runCard(
          props,
          'request-join',
          'Choose who approves you',
          <p>
            Ask at least {gv.threshold} members to let you in. Each of them checks your request and hears your identity code from you; the
            group key does not change.
          </p>,
        ) ?? waitCard(props, gv, 'Ask to join', 'nothing yet')
      );
    case 'approvals': {
      const asked = gv.approvals?.needed ?? 0;
      return {
        card: (
          <TaskCard title={`Read your identity code to ${listNames(gv.approvals?.waitingFor ?? [])}`}>
            {myCode && (
              <p className="task__big">
                <CheckCode code={myCode} label="Your identity code" />
              </p>
            )}
            <p>
              Give each of the {asked} members you asked your join request, then read them this code on a call or in person. They type it on
              their computer to approve you.
            </p>
            <ApprovalsLine gv={gv} />
            {gv.exchangeFolder !== null && <PickUp ceremonyId={props.view.id} folder={gv.exchangeFolder} primary />}
          </TaskCard>
        ),
        own: gv.exchangeFolder !== null,
      };
    }
    case 'contributions':
      return waitCard(
        props,
        gv,
        'Approved: waiting for the pieces of your share',
        'piece not in yet',
        <>
          <ApprovalsLine gv={gv} />
          <p>Each approver now sends you one sealed piece. Import the files they give you.</p>
        </>,
      );
    case 'finalize-join':
      return (
        runCard(
          props,
          'finalize-join',
          'Finish joining',
          <p>
            Every piece is in. Your app adds them up into your share, checks it against the group, keeps it in the vault and writes a notice
            for the members.
          </p>,
        ) ?? waitCard(props, gv, 'Finish joining', 'not finished')
      );
    default: {
      // My "joined" notice is due to the members whose group information has not shown me in the group yet.
      const due = [...new Set(gv.carry.flatMap((c) => c.to))];
      return due.length
        ? {
            card: (
              <TaskCard title="Tell the members you joined">
                <p>
                  Your share is in the vault and checked. Give your notice to {listNames(due)}: they add you to the group. Each of them then
                  gives you their group information; import it below, and once every member&apos;s is in you are done.
                </p>
              </TaskCard>
            ),
            own: false,
          }
        : {
            card: (
              <TaskCard title="Done: you are a member" tone="done">
                <p>
                  Your share is in the vault. Any {gv.threshold} of the {gv.n} members can sign with the group key, which did not change.
                </p>
              </TaskCard>
            ),
            own: false,
          };
    }
  }
}

export function approverCard(props: TaskProps, gv: GroupView): GroupCard {
  const j = gv.pendingJoin!;
  const newcomer = j.moniker;
  switch (gv.step) {
    case 'check-newcomer': {
      const refuse = nextAction(props, 'refuse-join');
      const others = j.approvers.filter((a) => a !== gv.me);
      return {
        card: (
          <TaskCard title={`${newcomer} asks to join: check it is really them`}>
            <CodeEntry
              ceremonyId={props.view.id}
              label={`Approved ${newcomer}`}
              action="approve-join"
              input={{ epoch: j.epoch }}
              field={{ name: 'identityCheckCode', label: `Identity code, as ${newcomer} reads it` }}
              button={`Approve ${newcomer}`}
              secondary={refuse && { label: 'Refuse', onClick: () => props.start(refuse), disabled: props.busy }}
            >
              <p>
                Your app checked the request: signed by its own key, for this group as it is now, under a new name. Ask {newcomer} to read
                you their identity code on a call or in person and type it: your app approves only if it is the code in the request.
                {others.length > 0 && ` ${listNames(others)} must approve too.`}
              </p>
            </CodeEntry>
          </TaskCard>
        ),
        own: true,
      };
    }
    case 'approvals':
      return waitCard(
        props,
        gv,
        'Approved: waiting for the other approvers',
        'have not approved yet',
        <p>The approvers exchange their approval files first: give yours to the others, import theirs.</p>,
      );
    case 'contribute':
      return (
        runCard(
          props,
          'send-contribution',
          `Send your part to ${newcomer}`,
          <p>
            Every approver approved. Your app combines the pieces the others sealed for you into one value only {newcomer} can open; nobody
            learns your share.
          </p>,
        ) ?? waitCard(props, gv, `Send your part to ${newcomer}`, 'not sent')
      );
    default:
      return waitCard(
        props,
        gv,
        `Waiting for ${newcomer} to finish joining`,
        'has not sent the notice yet',
        <p>{newcomer} adds up the parts into their share, then sends every member a notice: import it when it comes.</p>,
      );
  }
}

export function memberCard(props: TaskProps, gv: GroupView): GroupCard {
  const j = gv.pendingJoin;
  if (j)
    return waitCard(
      props,
      gv,
      `${j.moniker} asks to join: nothing to do for you`,
      'approving or finishing',
      // "Waiting for" names the approvers still to approve, then the newcomer: no approvals line twice.
      <p>
        {j.moniker} asked {listNames(j.approvers)} to approve them, not you. Import the notice {j.moniker} sends when they have joined.
      </p>,
    );
  // The newcomer's receipt: my group information shows their app I added them (a courtesy, see GroupView.carry).
  const newcomers = [...new Set(gv.carry.flatMap((c) => c.to))];
  return {
    card: (
      <TaskCard title="Done: the group is ready" tone="done">
        <p>
          Any {gv.threshold} of the {gv.n} members can sign with the group key. Your share is in the vault. To run your trust-server, use
          “Export for trust-server” under Technical details.
        </p>
        {newcomers.length > 0 && (
          <p>Give {listNames(newcomers)} your group information below: it shows their app that you added them to the group.</p>
        )}
      </TaskCard>
    ),
    own: false,
  };
}
