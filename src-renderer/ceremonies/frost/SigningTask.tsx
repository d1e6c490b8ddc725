import { useState } from 'react';
import type { FrostSigningView, FrostView } from '../../../src-shared/ceremonies/frost.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import { FileActions } from '../../components/FileActions.tsx';
import { TaskCard } from '../../components/TaskCard.tsx';
import { nextAction } from '../next-action.ts';
import type { TaskProps } from '../types.ts';
import { signerCount } from './words.ts';
import { MessageReview } from './MessageReview.tsx';
import { OnlineLive } from './OnlineLive.tsx';
import { Carry, MoreActions, Waiting } from './parts.tsx';

const SIGNER_STATE: Record<FrostSigningView['signers'][number]['state'], string> = {
  asked: 'asked',
  approved: 'approved',
  signed: 'signed',
  declined: 'declined',
};

function Signers({ s }: { s: FrostSigningView }) {
  return (
    <div>
      <p>
        <strong>{signerCount(s)}</strong>
      </p>
      <ul className="signers">
        {s.signers.map((x) => (
          <li key={x.name}>
            {x.name}
            {x.you ? ' (you)' : ''}: {SIGNER_STATE[x.state]}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Fingerprint({ s }: { s: FrostSigningView }) {
  return (
    <p>
      Message fingerprint <CheckCode code={s.fingerprint} label="Message fingerprint" />{' '}
      <span className="small muted">
        {s.youRequested
          ? '— read it to the signers: their screens must show the same.'
          : `— ${s.requestedBy}'s screen shows the same for the same message.`}
      </span>
    </p>
  );
}

function Review({ props, fv }: { props: TaskProps; fv: FrostView }) {
  const [read, setRead] = useState(false);
  const p = fv.pendingApproval;
  if (!p) return <TaskCard title="No message waits for your approval any more" tone="wait" />;
  const decline = nextAction(props, p.via === 'online' ? 'online-decline' : 'sign-decline');
  const approve = () =>
    void props.act(p.via === 'online' ? 'online-approve' : 'sign-approve', p.via === 'online' ? {} : { session: p.session }, 'Approved');
  return (
    <TaskCard
      title={p.label ? `Review the message “${p.label}”` : 'Review the message'}
      primary={{ label: 'Approve and sign', onClick: approve, disabled: props.busy || !read }}
      secondary={decline ? [{ label: 'Decline', onClick: () => props.start(decline), disabled: props.busy }] : []}
    >
      <MessageReview message={p} read={read} onRead={setRead} />
      <OnlineLive view={props.view} />
    </TaskCard>
  );
}

/** A signing after the review: sign now, wait for the others, or done. */
export function SigningTask({ props, fv }: { props: TaskProps; fv: FrostView }) {
  if (fv.step === 'review-message') return <Review props={props} fv={fv} />;
  const s = fv.signing;
  const what = s?.label ? `“${s.label}”` : 'the message';
  if (fv.step === 'sign') {
    const sign = nextAction(props, 'sign');
    return (
      <TaskCard title={`Sign ${what}`} primary={sign && { label: sign.label, onClick: () => props.start(sign), disabled: props.busy }}>
        <p>Every signer approved. Make your signature share for the message you approved.</p>
        {s && <Fingerprint s={s} />}
        {s && <Signers s={s} />}
        <Carry props={props} fv={fv} primary={false} />
      </TaskCard>
    );
  }
  if (fv.step === 'wait-signers') {
    if (!s)
      return (
        <TaskCard title="Looking for the signing on the relay" tone="wait">
          <p>The message shows here once the requester's signing session is found; nothing is sent before you approve it.</p>
          <OnlineLive view={props.view} />
        </TaskCard>
      );
    return (
      <TaskCard title={s.youRequested ? `Waiting for the signers of ${what}` : `You approved ${what}`} tone="wait">
        <Fingerprint s={s} />
        <Signers s={s} />
        <Waiting fv={fv} />
        <Carry props={props} fv={fv} primary />
        <MoreActions props={props} />
        <OnlineLive view={props.view} />
      </TaskCard>
    );
  }
  // signed: this person's work on the signing is done
  const signature = s?.signatureArtifactId ? props.view.artifacts.find((a) => a.id === s.signatureArtifactId) : undefined;
  const title = !s
    ? 'Done'
    : s.status === 'declined'
      ? `${what} was declined`
      : s.status === 'failed'
        ? `The signing of ${what} stopped`
        : s.status === 'done' && s.youRequested
          ? `The signature of ${what} is ready`
          : fv.carry.length > 0
            ? `Take your signature share to ${s.requestedBy}`
            : `Your part of ${what} is done`;
  const tone = s && (s.status === 'failed' || s.status === 'declined') ? 'stop' : fv.carry.length > 0 ? undefined : 'done';
  return (
    <TaskCard title={title} {...(tone ? { tone } : {})}>
      {s && s.status === 'open' && (
        <p>
          Your signature share is made. {s.requestedBy} combines the shares into the signature
          {fv.carry.length > 0 ? `: save the file below and give it to ${s.requestedBy}.` : '.'}
        </p>
      )}
      {s && s.status === 'failed' && <p>{props.view.headline}</p>}
      {s && <Signers s={s} />}
      {signature && (
        <div className="row">
          <span className="mono">{signature.name}</span>
          <FileActions ceremonyId={props.view.id} artifact={signature} primary />
        </div>
      )}
      <Carry props={props} fv={fv} primary={!signature} />
      <MoreActions props={props} />
      <OnlineLive view={props.view} />
    </TaskCard>
  );
}
