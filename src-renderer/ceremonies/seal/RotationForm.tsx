import { useEffect, useId, useMemo, useState } from 'react';
import { bridge } from '../../bridge.ts';
import type { WalletAccount } from '../../../src-shared/api/wallet.ts';
import type { SealRotationPreview } from '../../../src-shared/ceremonies/seal.ts';
import type { CreateFormProps } from '../types.ts';
import { NETWORK_CHOICES, newRow, normalizeAddress, networkString, networkProblem } from './create-draft.ts';
import { MemberFields } from './MemberFields.tsx';
import { NetworkFieldset } from './NetworkFieldset.tsx';
import {
  checkRotationDraft,
  currentMemberLabel,
  keyServerIdProblem,
  previewMatches,
  rotationPlanSentence,
  type PreviewSource,
  type RotationDraft,
} from './rotation-draft.ts';

const short = (a: string) => `${a.slice(0, 10)}…${a.slice(-4)}`;

/**
 * Coordinator: rotate the committee behind an existing key server (issue 5). The form reads the
 * current committee from the chain (`seal.previewRotation`), then the person picks who
 * continues, adds who joins, and sets the new threshold and the address that sends
 * init_rotation. Rules the contract would refuse are caught as they type; main checks them again.
 */
export function SealRotationForm({ busy, onCreate }: CreateFormProps) {
  const id = useId();
  const [accounts, setAccounts] = useState<WalletAccount[]>([]);
  const [draft, setDraft] = useState<RotationDraft>({
    network: 'testnet',
    customUrl: '',
    ledgerDir: '',
    keyServerObjId: '',
    continuing: [],
    joining: [],
    threshold: 2,
    coordinatorAddress: '',
  });
  const [preview, setPreview] = useState<{ data: SealRotationPreview; source: PreviewSource } | null>(null);
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);

  useEffect(() => {
    void bridge.call('wallet.accounts', {}).then(setAccounts, () => undefined);
  }, []);

  const current = preview && previewMatches(draft, preview.source) ? preview.data : null;
  const stale = preview !== null && current === null;
  const check = useMemo(() => checkRotationDraft(draft, current), [draft, current]);
  const set = <K extends keyof RotationDraft>(k: K, v: RotationDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const touch = (name: string) => setTouched((t) => (t.has(name) ? t : new Set(t).add(name)));
  const show = (name: string) => submitted || touched.has(name);
  const fieldErr = (name: keyof typeof check.fields) => (show(name) ? check.fields[name] : undefined);
  // Typed addresses are checked as they are typed once they cannot become valid any more, and on leaving the field.
  const rowErr = (key: number, address: string) =>
    show(`row-${key}`) ||
    (address.length > 2 && !/^0x[0-9a-fA-F]*$/.test(address)) ||
    (normalizeAddress(address) !== null && address.trim().length === 66)
      ? check.rows.get(key)
      : undefined;
  const coordTyped = draft.coordinatorAddress.trim();
  const coordErr =
    show('coordinatorAddress') || (current !== null && normalizeAddress(coordTyped) !== null) ? check.fields.coordinatorAddress : undefined;
  const known = (a: string) => accounts.find((x) => normalizeAddress(x.address) === normalizeAddress(a));
  const n = check.members.length;
  const rehearsal = draft.network === 'rehearsal';

  const read = async () => {
    touch('network');
    touch('keyServerObjId');
    if (networkProblem(draft) || keyServerIdProblem(draft.keyServerObjId)) return;
    const source = { network: networkString(draft), keyServerObjId: draft.keyServerObjId.trim() };
    setReading(true);
    setReadError(null);
    try {
      const data = await bridge.call('seal.previewRotation', source);
      setPreview({ data, source });
      const members = new Set(data.members.map((m) => normalizeAddress(m.address)));
      const mine = accounts.find((a) => members.has(normalizeAddress(a.address)));
      setDraft((d) => ({
        ...d,
        continuing: data.members.map((m) => m.partyId),
        threshold: Math.max(2, data.threshold),
        coordinatorAddress:
          d.coordinatorAddress.trim() && members.has(normalizeAddress(d.coordinatorAddress))
            ? d.coordinatorAddress
            : (mine?.address ?? d.coordinatorAddress),
      }));
      requestAnimationFrame(() => document.getElementById(`${id}-current`)?.focus());
    } catch (e) {
      setPreview(null);
      setReadError(e instanceof Error ? e.message : String(e));
    } finally {
      setReading(false);
    }
  };

  const toggle = (partyId: number, on: boolean) => {
    touch('continuing');
    setDraft((d) => ({ ...d, continuing: on ? [...new Set([...d.continuing, partyId])] : d.continuing.filter((p) => p !== partyId) }));
  };
  const setRow = (key: number, patch: { address?: string; label?: string }) =>
    setDraft((d) => ({ ...d, joining: d.joining.map((m) => (m.key === key ? { ...m, ...patch } : m)) }));

  return (
    <form
      className="form form--wide"
      noValidate
      aria-describedby={`${id}-intro`}
      onSubmit={(e) => {
        e.preventDefault();
        // Enter in the key server field reads the committee; the form is sent only once it is shown.
        if (!current) return void read();
        setSubmitted(true);
        if (check.params) onCreate(`Seal key rotation of ${short(current.keyServerObjId)}`, rehearsal, check.params);
        else requestAnimationFrame(() => (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus());
      }}
    >
      <p id={`${id}-intro`} className="small form-note">
        A key rotation moves an existing key server to a new committee: some members continue, some leave, some join, and the threshold may
        change. KEY_SERVER_OBJ_ID and KEY_SERVER_PK stay the same, so nothing changes for the apps that use the key server. The continuing
        members carry the key over with their current shares.
      </p>
      <NetworkFieldset
        id={id}
        value={draft}
        onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
        onBlur={() => touch('network')}
        error={fieldErr('network')}
        rehearsalNote={
          <>
            Rotate a committee that lives on a rehearsal ledger (made by a rehearsal ceremony or <code>ceremony rehearse seal</code>): give
            the ledger folder it used.
          </>
        }
      />

      <label htmlFor={`${id}-ks`}>Key server to rotate: KEY_SERVER_OBJ_ID</label>
      <div className="row">
        <input
          id={`${id}-ks`}
          type="text"
          className="mono grow"
          spellCheck={false}
          autoComplete="off"
          placeholder="0x…"
          value={draft.keyServerObjId}
          onChange={(e) => set('keyServerObjId', e.target.value)}
          onBlur={() => touch('keyServerObjId')}
          aria-invalid={Boolean(fieldErr('keyServerObjId'))}
          aria-describedby={`${id}-ks-help${fieldErr('keyServerObjId') ? ` ${id}-ks-err` : ''}`}
        />
        <button type="button" className="btn" disabled={reading || busy} onClick={() => void read()}>
          {reading ? 'Reading…' : current ? 'Read it again' : 'Read the current committee'}
        </button>
      </div>
      <p id={`${id}-ks-help`} className="small muted form-note">
        In every current member's <code>key-server-config.yaml</code> (<code>key_server_obj_id</code>). The app reads the committee holding
        it, and that committee's package, from the chain.
      </p>
      {fieldErr('keyServerObjId') && (
        <p id={`${id}-ks-err`} className="field-error">
          {fieldErr('keyServerObjId')}
        </p>
      )}
      {readError && (
        <p className="alert alert--error" role="alert">
          Could not read the key server: {readError}
        </p>
      )}
      {stale && <p className="field-error">The committee below was read for another key server or network: read it again.</p>}
      {!current && submitted && check.fields.preview && <p className="field-error">{check.fields.preview}</p>}

      {current && (
        <>
          <section className="panel rotation-current" aria-labelledby={`${id}-current`}>
            <h2 id={`${id}-current`} tabIndex={-1}>
              Current committee: version {current.version}, {current.threshold} of {current.members.length}
            </h2>
            <dl className="facts">
              <div className="facts__row">
                <dt>KEY_SERVER_PK (stays the same)</dt>
                <dd className="mono break small">{current.keyServerPk}</dd>
              </div>
              <div className="facts__row">
                <dt>Current committee</dt>
                <dd className="mono break small">{current.currentCommitteeId}</dd>
              </div>
            </dl>
            <fieldset aria-describedby={`${id}-cont-status`}>
              <legend>Who continues? (at least {current.threshold}, the current threshold)</legend>
              <table className="roster">
                <thead>
                  <tr>
                    <th scope="col">Continues</th>
                    <th scope="col">Party</th>
                    <th scope="col">Key server (on chain)</th>
                    <th scope="col">Address</th>
                  </tr>
                </thead>
                <tbody>
                  {current.members.map((m) => {
                    const on = draft.continuing.includes(m.partyId);
                    return (
                      <tr key={m.partyId} className={on ? '' : 'roster__row--inactive'}>
                        <td>
                          <label className="choice">
                            <input
                              type="checkbox"
                              checked={on}
                              onChange={(e) => toggle(m.partyId, e.target.checked)}
                              aria-label={`${currentMemberLabel(m)} (party ${m.partyId}) continues`}
                            />
                            <span aria-hidden="true">{on ? 'Continues' : 'Leaves'}</span>
                          </label>
                        </td>
                        <td>{m.partyId}</td>
                        <td>
                          <strong>{currentMemberLabel(m)}</strong>
                          {m.url && <div className="small muted break">{m.url}</div>}
                          {known(m.address) && <span className="tag">in your vault</span>}
                        </td>
                        <td className="mono small break">{m.address}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <p
                id={`${id}-cont-status`}
                className={check.fields.continuing ? 'field-error' : 'small'}
                role={check.fields.continuing ? 'alert' : undefined}
              >
                {check.fields.continuing ??
                  `${draft.continuing.length} of ${current.members.length} continue; ${check.leaving.length === 0 ? 'nobody leaves' : check.leaving.length === 1 ? '1 leaves: its share is retired when the rotation finalizes' : `${check.leaving.length} leave: their shares are retired when the rotation finalizes`}.`}
              </p>
            </fieldset>
          </section>

          <fieldset>
            <legend>New members</legend>
            <p className="small muted form-note">
              Collect each new member's Sui address over your trusted channel. They get the party ids after the continuing members. Names
              are for people only.
            </p>
            {draft.joining.length === 0 && <p className="small">No new member yet.</p>}
            <ol className="member-rows">
              {draft.joining.map((m, i) => {
                const err = rowErr(m.key, m.address);
                const partyId = draft.continuing.length + i;
                return (
                  <li key={m.key} className="member-row">
                    <span className="member-row__num" aria-hidden="true">
                      {partyId}
                    </span>
                    <MemberFields
                      idBase={`${id}-j${m.key}`}
                      title={`New member ${i + 1}`}
                      partyId={partyId}
                      row={m}
                      error={err}
                      onChange={(patch) => setRow(m.key, patch)}
                      onBlur={() => touch(`row-${m.key}`)}
                    />
                    <button
                      type="button"
                      className="btn btn--small"
                      aria-label={`Remove new member ${i + 1}`}
                      onClick={() => setDraft((d) => ({ ...d, joining: d.joining.filter((x) => x.key !== m.key) }))}
                    >
                      Remove
                    </button>
                  </li>
                );
              })}
            </ol>
            <button type="button" className="btn btn--small" onClick={() => setDraft((d) => ({ ...d, joining: [...d.joining, newRow()] }))}>
              Add a new member
            </button>
            {fieldErr('members') && <p className="field-error">{fieldErr('members')}</p>}
          </fieldset>

          <div>
            <h2 className="form-label">The new committee, in party order</h2>
            <ol className="new-committee" start={0}>
              {check.members.map((m) => (
                <li key={`${m.partyId}-${m.address}`}>
                  {m.label} <span className="muted small">{m.oldPartyId !== null ? `continues (was party ${m.oldPartyId})` : 'joins'}</span>
                </li>
              ))}
            </ol>
          </div>

          <label htmlFor={`${id}-t`}>
            New threshold: how many of the new committee's key servers must answer together (2 to {Math.max(2, n)})
          </label>
          <input
            id={`${id}-t`}
            type="number"
            min={2}
            max={Math.max(2, n)}
            value={Number.isFinite(draft.threshold) ? draft.threshold : ''}
            onChange={(e) => set('threshold', e.target.valueAsNumber)}
            onBlur={() => touch('threshold')}
            aria-invalid={Boolean(check.fields.threshold)}
            aria-describedby={check.fields.threshold ? `${id}-t-err` : undefined}
          />
          {check.fields.threshold && (
            <p id={`${id}-t-err`} className="field-error">
              {check.fields.threshold}
            </p>
          )}

          <label htmlFor={`${id}-coord`}>Coordinator: the Sui address that sends init_rotation (a member of the current committee)</label>
          <input
            id={`${id}-coord`}
            type="text"
            className="mono"
            list={`${id}-current-members`}
            spellCheck={false}
            autoComplete="off"
            value={draft.coordinatorAddress}
            onChange={(e) => set('coordinatorAddress', e.target.value)}
            onBlur={() => touch('coordinatorAddress')}
            aria-invalid={Boolean(coordErr)}
            aria-describedby={`${id}-coord-help${coordErr ? ` ${id}-coord-err` : ''}`}
          />
          <datalist id={`${id}-current-members`}>
            {current.members.map((m) => (
              <option key={m.partyId} value={m.address}>
                {currentMemberLabel(m)} (party {m.partyId})
              </option>
            ))}
          </datalist>
          <p id={`${id}-coord-help`} className="small muted form-note">
            The contract lets only a member of the current committee send init_rotation, the one transaction that starts the rotation; it
            pays the gas.{' '}
            {known(coordTyped)
              ? `${known(coordTyped)!.label} is in your vault: the app can sign with it.`
              : accounts.length
                ? 'Not in your vault: you will sign init_rotation elsewhere and import the signature.'
                : 'Your vault holds no Sui account: you will sign elsewhere and import the signature.'}
            {!check.fields.coordinatorAddress && check.coordinatorLeaves
              ? ' This member leaves the committee; it can still coordinate the rotation.'
              : ''}
          </p>
          {coordErr && (
            <p id={`${id}-coord-err`} className="field-error">
              {coordErr}
            </p>
          )}

          <p className="callout" aria-live="polite">
            {check.params
              ? `${rehearsal ? 'REHEARSAL: ' : ''}key server ${short(current.keyServerObjId)} on ${rehearsal ? 'the rehearsal ledger' : NETWORK_CHOICES.find((c) => c.kind === draft.network)!.label}, ${rotationPlanSentence(current, check, draft.threshold)}. KEY_SERVER_PK stays the same. Next you send init_rotation (one transaction); then the members register, the continuing members deal their shares, and everyone proposes.`
              : 'Choose who continues, add the new members, the threshold and the coordinator to see the rotation.'}
          </p>
        </>
      )}
      {submitted && current && !check.params && (
        <p className="field-error" role="alert">
          Some fields need attention (marked above).
        </p>
      )}
      {current && (
        <button className="btn btn--primary" type="submit" disabled={busy || reading}>
          Start the rotation
        </button>
      )}
    </form>
  );
}
