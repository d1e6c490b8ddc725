import type { ReactNode } from 'react';
import type { NextAction } from '../../../src-shared/api/ceremonies.ts';
import type { FrostView, FrostWaiting } from '../../../src-shared/ceremonies/frost.ts';
import { CarryTray, type CarryItem } from '../../components/CarryTray.tsx';
import { listNames } from '../../components/names.ts';
import type { TaskProps } from '../types.ts';

/** Pieces the FROST task cards share: whom they wait for, the files due now, the "More" disclosure. */

/** "has not sent their commitment yet": what an awaited member has not done, as far as this install knows. */
export const MISSING: Record<FrostWaiting['missing'], string> = {
  commitment: 'has not sent their commitment yet',
  share: 'has not sent their shares yet',
  'key-confirmation': 'has not confirmed the group key yet',
  approval: 'has not approved yet',
  'signing-join': 'has not joined the signing yet',
  'signature-share': 'has not sent their signature share yet',
  'signing-package': 'has not sent the signing package yet',
  hello: 'has not sent their hello file yet',
  'repair-part': 'has not sent their part yet',
  rebuilt: 'has not said their share is rebuilt yet',
};

/** "Waiting for: Bob (has not sent their commitment yet), Carol (…)". */
export function Waiting({ fv, note }: { fv: FrostView; note?: ReactNode }) {
  if (fv.waitingFor.length === 0) return null;
  return (
    <p className="waiting" role="status">
      <strong>Waiting for:</strong> {fv.waitingFor.map((w) => `${w.name} (${MISSING[w.missing]})`).join(', ')}
      {fv.waitingSince !== null && <span className="muted"> · since {new Date(fv.waitingSince).toISOString().slice(11, 16)} UTC</span>}
      {note}
    </p>
  );
}

/** The files due now, as the Carry tray shows them. */
export function carryItems(props: TaskProps, fv: FrostView): CarryItem[] {
  return fv.carry.flatMap((c) => {
    const artifact = props.view.artifacts.find((a) => a.id === c.artifactId);
    return artifact ? [{ artifact, to: listNames(c.to) }] : [];
  });
}

export function Carry({ props, fv, primary }: { props: TaskProps; fv: FrostView; primary: boolean }) {
  const items = carryItems(props, fv);
  // Several files cannot all be THE task: saving them is then a plain button each.
  return <CarryTray ceremonyId={props.view.id} items={items} primary={primary && items.length === 1} />;
}

/** The group's less frequent actions, which the "More" disclosure holds (the task card's own button aside). */
export const MORE = [
  'sign-request',
  'online-sign-request',
  'online-sign-join',
  'verify',
  'refresh-start',
  'repair-start',
  'export-frost-client',
];

export function MoreActions({ props, except }: { props: TaskProps; except?: NextAction | undefined }) {
  const rest = props.view.next.filter((a) => a !== except && MORE.includes(a.action));
  if (rest.length === 0) return null;
  return (
    <details className="more-actions">
      <summary>More</summary>
      <div className="actions">
        {rest.map((a) => (
          <div key={a.action} className="action">
            <button type="button" className="btn" disabled={props.busy} onClick={() => props.start(a)}>
              {a.label}
            </button>
            <span className="muted">{a.description}</span>
          </div>
        ))}
      </div>
    </details>
  );
}
