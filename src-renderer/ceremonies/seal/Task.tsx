import type { ReactNode } from 'react';
import type { NextAction } from '../../../src-shared/api/ceremonies.ts';
import { SEAL_ARTIFACTS as A, type SealCodeMoment, type SealView } from '../../../src-shared/ceremonies/seal.ts';
import { CarryTray, type CarryItem } from '../../components/CarryTray.tsx';
import { CodeComparison, type Witness } from '../../components/CodeComparison.tsx';
import { restartWords } from './RestartCommittee.tsx';
import { FileActions } from '../../components/FileActions.tsx';
import { ShortHex } from '../../components/ShortHex.tsx';
import { TaskCard } from '../../components/TaskCard.tsx';
import { WaitingFor } from '../../components/WaitingFor.tsx';
import type { TaskProps } from '../types.ts';
import { nextAction } from '../next-action.ts';
import { PendingTransactionPanel } from './PendingTransaction.tsx';
import { UsbTripNote } from './UsbTripNote.tsx';
import { EvidenceCard } from './Evidence.tsx';
import { KeyServerReachNote } from './KeyServerReach.tsx';
import { RegisterFunds } from './RegisterFunds.tsx';
import { CoordinatorDetails, CoordinatorTask } from './CoordinatorTask.tsx';
import { PollingNote, RetiredPanel } from './Details.tsx';
import { ShareBackupCheck, ShareHandoff } from './ShareHandoff.tsx';
import { handoffsSoFar } from './handoffs.ts';
import { sealView } from './view.ts';

/** Words for where a file goes (`SealCarry.to`). */
export const CARRY_TO: Record<SealView['carry'][number]['to'], string> = {
  coordinator: 'the coordinator',
  members: 'every member',
  relay: 'your relay (the online computer)',
  'air-gapped-member': 'the air-gapped member',
  'key-server': 'your key server',
  'seal-committee-cli': 'members using seal-committee-cli',
};

/** The files due now, as the Carry tray shows them. */
export function carryItems(props: TaskProps, sv: SealView): CarryItem[] {
  return sv.carry.flatMap((c) => {
    const artifact = props.view.artifacts.find((a) => a.id === c.artifactId);
    return artifact ? [{ artifact, to: CARRY_TO[c.to] }] : [];
  });
}

/** The latest journaled comparison of a moment, when it is about the code shown now. */
function verdictFor(sv: SealView, moment: SealCodeMoment, code: string | null): 'match' | 'differs' | null {
  const last = [...sv.codeChecks].reverse().find((c) => c.moment === moment);
  return last && last.code === code ? last.verdict : null;
}

function witnesses(sv: SealView): Witness[] {
  return [
    { id: 'coordinator', name: 'the coordinator', required: true },
    ...sv.members.filter((m) => !m.you).map((m) => ({ id: m.id, name: m.name })),
  ];
}

/** One code, compared now; "A code differs" leads to the stop card. */
function Compare({ props, sv, moment, code }: { props: TaskProps; sv: SealView; moment: SealCodeMoment; code: string }) {
  const committee = moment === 'committee';
  const verdict = verdictFor(sv, moment, code);
  if (verdict === 'differs') {
    return (
      <TaskCard title="Stop: a code differs" tone="stop">
        <p>
          {committee
            ? 'You may not be looking at the same committee as the others. Do not register.'
            : 'The members did not all process the same messages. Do not propose.'}{' '}
          Call your coordinator on a channel you trust (a call, in person) and read your code to them. Nothing was sent; your choice is
          recorded in the activity log.
        </p>
        <button
          type="button"
          className="btn"
          onClick={() => void props.act('confirm-code', { moment, verdict: 'match', code, heard: ['coordinator'] }, 'Codes match')}
        >
          We compared again: the codes match
        </button>
      </TaskCard>
    );
  }
  return (
    <TaskCard title={committee ? 'Compare the committee code' : 'Compare the result code'}>
      {committee && sv.restart && (
        <p>The coordinator restarted the committee {restartWords(sv.restart)}. This is a new committee, with a new code.</p>
      )}
      <CodeComparison
        code={code}
        label={committee ? 'Committee check code' : 'Result check code'}
        explanation={
          committee
            ? `Your coordinator read a code to the committee${sv.rotation ? ' for this rotation' : ''}. It must be exactly this one: it covers the committee, its members and the network.`
            : 'Every member who processed the same messages sees this same code. Compare it with the coordinator and, if you can, another member before you propose.'
        }
        witnesses={witnesses(sv)}
        busy={props.busy}
        onVerdict={(v, heard) =>
          void props.act('confirm-code', { moment, verdict: v, code, heard }, v === 'match' ? 'Codes match' : 'A code differs')
        }
      />
    </TaskCard>
  );
}

/** A step that runs one next action, worded for people, with its label on the button (the action's own label). */
function RunAction({ props, action, title, children }: { props: TaskProps; action: NextAction; title: string; children?: ReactNode }) {
  return (
    <TaskCard title={title} primary={{ label: action.label, onClick: () => props.start(action), disabled: props.busy }}>
      {children ?? <p>{action.description}</p>}
    </TaskCard>
  );
}

/** Whatever the protocol offers as its primary next step (rare moments the screens do not word themselves). */
function DefaultTask({ props }: { props: TaskProps }) {
  const primary = props.view.next.find((a) => a.primary) ?? props.view.next[0];
  if (!primary) return <TaskCard title={props.view.headline} tone="wait" />;
  return <RunAction props={props} action={primary} title={primary.label} />;
}

function Handover({ props, sv }: { props: TaskProps; sv: SealView }) {
  const h = sv.handover!;
  const credentials = nextAction(props, 'send-api-credentials');
  const cleanup = nextAction(props, 'cleanup');
  const config = props.view.artifacts.find((a) => a.id === A.keyServerConfig);
  const handedOff = handoffsSoFar(sv.share?.handoffs ?? []);
  const item = (done: boolean, n: number, title: string, body: ReactNode, doneNote?: ReactNode) => (
    <li className={done ? 'checklist__item checklist__item--done' : 'checklist__item'}>
      <span className="checklist__mark" aria-hidden="true">
        {done ? '✓' : n}
      </span>
      <div>
        <strong>{title}</strong>
        <span className="visually-hidden">{done ? ' (done)' : ' (to do)'}</span>
        {done ? doneNote : body}
      </div>
    </li>
  );
  const first = !h.share ? 1 : !h.credentials ? 2 : 3;
  const mine = sv.members.find((m) => m.you);
  return (
    <TaskCard title="Hand over">
      <p>
        {sv.keyServer
          ? 'The committee is finalized. Three things remain, in this order; this ceremony is done when all three are ticked.'
          : 'Your proposal is signed. Hand over now, so that everything leaves this computer on your last USB trip: three things, in this order.'}
      </p>
      <ol className="checklist">
        {item(
          h.share,
          1,
          'Give your key server its share',
          first === 1 && (
            <>
              {sv.rotation && mine?.rotationPart === 'continuing' && (
                <p>
                  The rotation is finalized: the chain is at version {sv.rotation.toVersion}. Restart your key server with the new
                  configuration file and {sv.share?.envNames.join(' and ')} only; your share of version {sv.rotation.fromVersion} is
                  retired.
                </p>
              )}
              <p className="small">
                {sv.keyServer
                  ? `Your key server needs its configuration file (${config?.name ?? 'key-server-config.yaml'}, under Carry now) and its share (${sv.share?.envNames.join(' and ') ?? 'MASTER_SHARE_V0'}).`
                  : `Your key server needs its share (${sv.share?.envNames.join(' and ') ?? 'MASTER_SHARE_V0'}); the coordinator gives its operator the key server's object id once the committee is finalized.`}
              </p>
              <ShareHandoff view={props.view} />
            </>
          ),
          handedOff && (
            <>
              <p className="small">
                Done so far: {handedOff}.{' '}
                {sv.share?.handoffs.at(-1)?.method === 'key-server-package'
                  ? 'Give the package to your key-server operator, and the passphrase separately.'
                  : 'Move the file to the key server, then delete it.'}
              </p>
              {/* The next item of the checklist has the card's primary button. */}
              <ShareBackupCheck view={props.view} primary={false} />
            </>
          ),
        )}
        {item(
          h.credentials,
          2,
          sv.rotation && mine?.rotationPart === 'continuing'
            ? 'API credentials: nothing to send (your key server keeps its credentials)'
            : "Send your key server's API credentials to the coordinator",
          first === 2 && credentials && (
            <div className="task__buttons">
              <button type="button" className="btn btn--primary" disabled={props.busy} onClick={() => props.start(credentials)}>
                {credentials.label}
              </button>
            </div>
          ),
        )}
        {item(
          h.cleanup,
          3,
          'Clean up',
          first === 3 && cleanup && (
            <>
              <p className="small">Deletes the DKG keys this ceremony no longer needs. Your share stays in the vault.</p>
              <div className="task__buttons">
                <button type="button" className="btn btn--primary" disabled={props.busy} onClick={() => props.start(cleanup)}>
                  {cleanup.label}
                </button>
              </div>
            </>
          ),
        )}
      </ol>
    </TaskCard>
  );
}

/**
 * A rotation, proposed, not finalized yet: a continuing member's key server restarts with both
 * shares (it switches to the new one by itself when the chain reaches the new version); a joining
 * member's key server starts with its new share and serves from that version on.
 */
function RotationServer({ props, sv, joining }: { props: TaskProps; sv: SealView; joining: boolean }) {
  const r = sv.rotation!;
  const config = props.view.artifacts.find((a) => a.id === A.keyServerConfig);
  return (
    <TaskCard title={joining ? 'Start your key server' : 'Update your key server for the rotation'}>
      <p>
        {joining
          ? `Start it with its configuration file and your new share (MASTER_SHARE_V${r.toVersion}). It serves once the chain reaches version ${r.toVersion}.`
          : `Restart it with the new configuration file and both shares (${sv.share!.envNames.join(' and ')}): it serves with version ${r.fromVersion} until the chain reaches version ${r.toVersion}, then switches by itself.`}
      </p>
      {config && (
        <div className="row">
          <span className="mono">{config.name}</span>
          <FileActions ceremonyId={props.view.id} artifact={config} />
        </div>
      )}
      <ShareHandoff view={props.view} />
      <WaitingFor names={sv.waitingFor} what="not proposed yet" />
    </TaskCard>
  );
}

function MemberTask({ props, sv }: { props: TaskProps; sv: SealView }) {
  const step = sv.step;
  // A signed proposal waiting for the relay travels in the Carry now tray with the hand-over files.
  const signedAway = sv.pendingTx?.status === 'signed' && (step === 'hand-over' || step === 'done');
  if (sv.pendingTx && !signedAway) return <PendingTransactionPanel view={props.view} />;
  if (step === 'retired') return <RetiredPanel view={props.view} />;
  if (step === 'join' && sv.codes.committee && verdictFor(sv, 'committee', sv.codes.committee) !== 'match')
    return <Compare props={props} sv={sv} moment="committee" code={sv.codes.committee} />;
  if (step === 'join' || step === 'register') {
    const gen = nextAction(props, 'generate-keys');
    if (gen)
      return (
        <RunAction props={props} action={gen} title="Name your key server">
          <p>Give the public address and a short name of the key server you will run. They are written on chain when you register.</p>
        </RunAction>
      );
    const reg = nextAction(props, 'register');
    if (reg)
      return (
        <RunAction props={props} action={reg} title="Register your key server">
          <p>
            Registers {sv.me ? `${sv.me.name}'s` : 'your'} key server in {props.view.title}. Check its name and address: they cannot be
            changed after registering.
            {sv.me?.airGapped ? ' This writes a request file for your relay to carry to the chain.' : ''}
          </p>
          {sv.server && (
            <p className="task__big">
              <strong>{sv.server.name}</strong>
              <br />
              {sv.server.url}
            </p>
          )}
          {sv.server && !sv.me?.airGapped && <KeyServerReachNote url={sv.server.url} />}
          {!sv.me?.airGapped && <RegisterFunds ceremonyId={props.view.id} />}
        </RunAction>
      );
    // Air-gapped, request written: not registered until the relay submits what this computer signs.
    if (sv.me?.airGapped && !sv.members.find((m) => m.you)?.registered)
      return (
        <TaskCard title="Take your registration request to your relay">
          <p>
            Your relay (the online computer) prepares the registration transaction from it. The next USB trip brings that transaction back
            here for you to check and sign; nothing is registered before.
          </p>
        </TaskCard>
      );
    return (
      <TaskCard title="Registered: waiting for the others" tone="wait">
        <WaitingFor names={sv.waitingFor} what="not registered yet" />
        {sv.me?.airGapped && <p className="small">Import the chain snapshot your relay gives you once everyone is registered.</p>}
      </TaskCard>
    );
  }
  if (step === 'send-message') {
    const importOld = nextAction(props, 'import-old-share');
    const create = nextAction(props, 'create-message');
    if (importOld && create && sv.rotation)
      return (
        <TaskCard
          title={`Bring your share of version ${sv.rotation.fromVersion}`}
          primary={{ label: importOld.label, onClick: () => props.start(importOld), disabled: props.busy }}
          secondary={[{ label: create.label, onClick: () => props.start(create), disabled: props.busy }]}
        >
          <p>
            Your message deals your current share (MASTER_SHARE_V{sv.rotation.fromVersion}) to the new committee, and it is not in this
            vault. Import it from the env file or dkg.yaml your key server uses: it is checked against your partial key on chain, and a
            share that does not match is refused.
          </p>
        </TaskCard>
      );
    const make = nextAction(props, 'create-message') ?? nextAction(props, 'init-state') ?? nextAction(props, 'import-old-share');
    if (make)
      return (
        <RunAction
          props={props}
          action={make}
          title={make.action === 'init-state' ? 'Get ready to receive your share' : 'Make your message'}
        >
          <p>{make.description}</p>
        </RunAction>
      );
    // Registered, but others are not yet (e.g. after a restart): there is no message to make before they are.
    if (!sv.members.every((m) => m.registered))
      return (
        <TaskCard title="Registered: waiting for the others" tone="wait">
          <WaitingFor names={sv.waitingFor} what="not registered yet" />
        </TaskCard>
      );
    return (
      <TaskCard title="Send your message, then wait for the message set" tone="wait">
        <p>
          Give your message file to the coordinator. When every message is in, the coordinator sends back one message set: import it here.
        </p>
        <WaitingFor names={sv.waitingFor} what="messages not in yet" />
      </TaskCard>
    );
  }
  if (step === 'check-result') {
    const processStep = nextAction(props, 'process');
    if (processStep && sv.evidence) return <EvidenceCard props={props} evidence={sv.evidence} again={processStep} />;
    if (processStep)
      return (
        <RunAction props={props} action={processStep} title="Check the messages">
          <p>Checks every member's message and computes the committee's public key and your share. Takes a few seconds.</p>
        </RunAction>
      );
    const code = sv.codes.messagesHash;
    if (code && verdictFor(sv, 'messages-hash', code) !== 'match')
      return <Compare props={props} sv={sv} moment="messages-hash" code={code} />;
    const propose = nextAction(props, 'propose');
    if (propose)
      return (
        <RunAction props={props} action={propose} title="Propose the result">
          <p>
            The codes matched. Proposing records the result on chain for {sv.me?.name ?? 'you'}; the committee is finalized when every
            member has proposed.
          </p>
        </RunAction>
      );
    const mine = sv.members.find((m) => m.you);
    if (sv.rotation && sv.share && mine?.proposed)
      return <RotationServer props={props} sv={sv} joining={mine.rotationPart === 'joining'} />;
    return (
      <TaskCard title="Proposed: waiting for the others" tone="wait">
        <WaitingFor names={sv.waitingFor} what="not proposed yet" />
        {sv.me?.airGapped && <p className="small">Import the finalized chain snapshot your relay gives you.</p>}
      </TaskCard>
    );
  }
  if (step === 'hand-over' && sv.handover) return <Handover props={props} sv={sv} />;
  if (step === 'done' && sv.carry.length > 0)
    return (
      <TaskCard title="Make your last USB trip">
        <p>
          Everything is ready. Save the files below to your USB stick and take them away: the signature to your relay, the API credentials
          to the coordinator. That ends your part; your relay&apos;s screen shows when the committee is finalized.
        </p>
      </TaskCard>
    );
  if (step === 'done')
    return (
      <TaskCard title="Done: your part of the ceremony is complete" tone="done">
        <p>
          Your key server holds its share, the coordinator has your credentials, and the working keys are deleted.
          {sv.keyServer && (
            <>
              {' '}
              Key server <ShortHex value={sv.keyServer.objectId} label="KEY_SERVER_OBJ_ID" />, version {sv.keyServer.version}.
            </>
          )}
        </p>
        <ShareBackupCheck view={props.view} />
      </TaskCard>
    );
  return <DefaultTask props={props} />;
}

/** Next actions the screen runs by itself (polling, discarding a transaction): never the task's button. */
const SCREEN_ACTIONS = ['refresh', 'cancel-transaction'];

/**
 * Whether the task card has its own primary button (an action, a code to compare, a transaction
 * to sign, the hand-over): then the files to carry are saved with plain buttons, so the screen
 * keeps ONE primary button; otherwise carrying them is the task.
 */
function taskHasOwnAction(props: TaskProps, sv: SealView): boolean {
  if (sv.pendingTx && !(sv.pendingTx.status === 'signed' && sv.step === 'done')) return true;
  if (sv.role === 'member') {
    if (sv.step === 'hand-over') return true;
    if (sv.step === 'join' && sv.codes.committee && verdictFor(sv, 'committee', sv.codes.committee) !== 'match') return true;
    if (sv.step === 'check-result' && sv.codes.messagesHash && verdictFor(sv, 'messages-hash', sv.codes.messagesHash) !== 'match')
      return true;
    if (sv.rotation && sv.share && sv.members.find((m) => m.you)?.proposed) return true;
  }
  return props.view.next.some((a) => a.primary && !SCREEN_ACTIONS.includes(a.action));
}

/** The Seal ceremony's task card: one task, one code, one primary button, by role and step. */
export function SealTask(props: TaskProps) {
  const sv = sealView(props.view);
  const items = carryItems(props, sv);
  return (
    <>
      {sv.role === 'member' ? (
        <MemberTask props={props} sv={sv} />
      ) : sv.role === 'coordinator' ? (
        <CoordinatorTask props={props} sv={sv} />
      ) : (
        <>
          <PendingTransactionPanel view={props.view} />
          {!sv.pendingTx && <DefaultTask props={props} />}
        </>
      )}
      <CarryTray
        ceremonyId={props.view.id}
        items={items}
        primary={!taskHasOwnAction(props, sv)}
        {...(sv.usbTrip?.direction === 'out' ? { trip: { n: sv.usbTrip.n, total: sv.usbTrip.total } } : {})}
      />
      <UsbTripNote trip={sv.usbTrip} trayShown={items.length > 0} />
      {sv.role === 'coordinator' && <CoordinatorDetails props={props} sv={sv} />}
      <PollingNote view={props.view} />
    </>
  );
}
