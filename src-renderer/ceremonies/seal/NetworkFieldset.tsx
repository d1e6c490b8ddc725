import type { ReactNode } from 'react';
import { useApp } from '../../app/store.ts';
import { NETWORK_CHOICES, type NetworkKind } from './create-draft.ts';

export interface NetworkValue {
  network: NetworkKind;
  customUrl: string;
  ledgerDir: string;
}

/**
 * Where the committee lives: a Sui network, another full node, or a rehearsal ledger folder.
 * Shared by the new-committee and the rotation forms (a rotation runs where its committee is).
 */
export function NetworkFieldset(props: {
  id: string;
  value: NetworkValue;
  onChange(patch: Partial<NetworkValue>): void;
  onBlur(): void;
  error: string | undefined;
  rehearsalNote: ReactNode;
}) {
  const { id, value, onChange, onBlur, error } = props;
  const info = useApp((s) => s.info);
  const rehearsal = value.network === 'rehearsal';
  return (
    <fieldset>
      <legend>Network</legend>
      {NETWORK_CHOICES.map((c) => (
        <label key={c.kind} className="choice">
          <input
            type="radio"
            name={`${id}-net`}
            checked={value.network === c.kind}
            onChange={() =>
              onChange({
                network: c.kind,
                ...(c.kind === 'rehearsal' && !value.ledgerDir && info ? { ledgerDir: `${info.dataDir}/rehearsal-ledger` } : {}),
              })
            }
          />
          <span>
            {c.label}
            {c.kind === 'rehearsal' && <span className="tag tag--rehearsal">rehearsal</span>}
          </span>
        </label>
      ))}
      {value.network === 'custom' && (
        <>
          <label htmlFor={`${id}-url`}>Full node URL</label>
          <input
            id={`${id}-url`}
            type="url"
            className="mono"
            value={value.customUrl}
            placeholder="https://fullnode.testnet.sui.io:443"
            onChange={(e) => onChange({ customUrl: e.target.value })}
            onBlur={onBlur}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? `${id}-net-err` : undefined}
          />
        </>
      )}
      {rehearsal && (
        <>
          <p className="small form-note">{props.rehearsalNote}</p>
          <label htmlFor={`${id}-ledger`}>
            Rehearsal ledger folder (everyone taking part must reach it: this computer or a shared drive)
          </label>
          <div className="row">
            <input
              id={`${id}-ledger`}
              type="text"
              className="mono grow"
              value={value.ledgerDir}
              placeholder={info ? `${info.dataDir}/rehearsal-ledger` : ''}
              onChange={(e) => onChange({ ledgerDir: e.target.value })}
              onBlur={onBlur}
              aria-invalid={Boolean(error)}
              aria-describedby={error ? `${id}-net-err` : undefined}
            />
            {info?.nativeDialogs && (
              <button
                type="button"
                className="btn"
                onClick={async () => {
                  const r = await useApp.getState().run('Choosing the folder', 'app.pickFolder', { title: 'Rehearsal ledger folder' });
                  if (r?.path) onChange({ ledgerDir: r.path });
                }}
              >
                Choose…
              </button>
            )}
          </div>
        </>
      )}
      {error && (
        <p id={`${id}-net-err`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
