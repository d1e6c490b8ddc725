import { useState } from 'react';
import type { SealRestartView, SealView } from '../../../src-shared/ceremonies/seal.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import type { TaskProps } from '../types.ts';

type Member = SealView['members'][number];

/** "without Carol", "with Frank instead of Carol": the restart in a few words. */
export function restartWords(r: SealRestartView): string {
  const parts = [
    ...(r.removed.length ? [`without ${r.removed.map((p) => p.name).join(' and ')}`] : []),
    ...r.replaced.map((x) => `with ${x.new.name} instead of ${x.old.name}`),
  ];
  return parts.join(', ');
}

/** What the coordinator is about to do, in the words of the confirmation. */
type Plan = { kind: 'without'; member: Member; threshold: number } | { kind: 'replace'; member: Member; address: string; label: string };

function planBody(p: Plan, sv: SealView): string {
  const others = sv.members.filter((m) => m.address !== p.member.address).map((m) => m.name);
  const names = others.length > 1 ? `${others.slice(0, -1).join(', ')} and ${others.at(-1)!}` : (others[0] ?? '');
  const common = `The committee is created again on chain (two transactions you sign); the current one stays there, unused. ${names} must import the new invitation and compare a new committee code before registering again.`;
  return p.kind === 'without'
    ? `${common} ${p.member.name}'s place is gone: the committee becomes ${p.threshold} of ${sv.n - 1}.`
    : `${common} ${p.label || p.address} takes ${p.member.name}'s place and joins from the new invitation.`;
}

const ADDRESS = /^0x[0-9a-fA-F]{1,64}$/;

/**
 * Coordinator, while members register or send messages: a quiet way out when a member never
 * registers (or cheated): create the committee again without them, or with someone else in their
 * place. Under its own disclosure, never the screen's primary button; each choice is confirmed in
 * plain words first.
 */
export function RestartCommittee({ props, sv }: { props: TaskProps; sv: SealView }) {
  const [plan, setPlan] = useState<Plan | null>(null);
  const [replacing, setReplacing] = useState<string | null>(null);
  const [address, setAddress] = useState('');
  const [label, setLabel] = useState('');
  const [threshold, setThreshold] = useState(Math.min(sv.threshold, sv.n - 1));
  if (!sv.canRestart) return null;
  const accused = sv.evidence?.partyId ?? null;
  const candidates = sv.members.filter((m) => !m.registered || m.partyId === accused);
  if (!candidates.length) return null;
  const thresholdFits = sv.threshold <= sv.n - 1;
  const run = (p: Plan) => {
    setPlan(null);
    const input =
      p.kind === 'without'
        ? { without: [p.member.address], ...(p.threshold !== sv.threshold ? { threshold: p.threshold } : {}) }
        : { replace: [{ old: p.member.address, new: p.address, ...(p.label ? { label: p.label } : {}) }] };
    const done =
      p.kind === 'without' ? `Restarting without ${p.member.name}` : `Restarting with ${p.label || p.address} instead of ${p.member.name}`;
    void props.act('restart-committee', input, done);
  };
  return (
    <>
      <details className="restart-committee">
        <summary>A member does not register, or cheated?</summary>
        <div className="restart-committee__body">
          <p className="small">
            The committee can be created again without them, or with someone else in their place, until the message set is sent. Everyone
            else then imports the new invitation.
          </p>
          {!thresholdFits && (
            <label className="field">
              Threshold of the smaller committee (2 to {sv.n - 1})
              <input
                type="number"
                min={2}
                max={sv.n - 1}
                value={threshold}
                onChange={(e) => setThreshold(Number(e.target.value))}
                aria-describedby="restart-threshold-why"
              />
              <span id="restart-threshold-why" className="small muted">
                Now {sv.threshold} of {sv.n}: without one member it must be lower.
              </span>
            </label>
          )}
          <ul className="restart-committee__members">
            {candidates.map((m) => (
              <li key={m.id}>
                <span>
                  {m.name} <span className="muted">({m.partyId === accused ? 'sent a bad message' : 'not registered'})</span>
                </span>{' '}
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  disabled={props.busy || sv.n - 1 < 2 || threshold < 2 || threshold > sv.n - 1}
                  onClick={() => setPlan({ kind: 'without', member: m, threshold: thresholdFits ? sv.threshold : threshold })}
                >
                  Restart without {m.name}…
                </button>{' '}
                <button type="button" className="btn btn--ghost btn--small" disabled={props.busy} onClick={() => setReplacing(m.address)}>
                  Replace {m.name}…
                </button>
                {replacing === m.address && (
                  <form
                    className="restart-committee__replace"
                    onSubmit={(e) => {
                      e.preventDefault();
                      if (ADDRESS.test(address.trim()))
                        setPlan({ kind: 'replace', member: m, address: address.trim(), label: label.trim() });
                    }}
                  >
                    <label className="field">
                      Sui address of the new member
                      <input value={address} onChange={(e) => setAddress(e.target.value)} spellCheck={false} autoComplete="off" />
                    </label>
                    {address.trim() && !ADDRESS.test(address.trim()) && (
                      <p className="field-error" role="alert">
                        A Sui address is 0x followed by hex digits.
                      </p>
                    )}
                    <label className="field">
                      Name (optional)
                      <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={100} />
                    </label>
                    <button type="submit" className="btn btn--ghost btn--small" disabled={props.busy}>
                      Replace {m.name}…
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        </div>
      </details>
      <ConfirmDialog
        open={plan !== null}
        title={
          plan?.kind === 'replace'
            ? `Restart the committee with ${plan.label || 'the new member'} instead of ${plan.member.name}?`
            : `Restart the committee without ${plan?.member.name ?? ''}?`
        }
        body={plan ? planBody(plan, sv) : ''}
        confirmLabel="Restart the committee"
        onConfirm={() => plan && run(plan)}
        onCancel={() => setPlan(null)}
      />
    </>
  );
}
