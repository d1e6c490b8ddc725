import { useEffect, useId, useMemo, useState } from 'react';
import { bridge } from '../../bridge.ts';
import { FilePicker, pickedText } from '../../components/FilePicker.tsx';
import type { WalletAccount } from '../../../src-shared/api/wallet.ts';
import type { CreateFormProps } from '../types.ts';
import { checkDraft, NETWORK_CHOICES, newRow, type CreateDraft, type MemberRow } from './create-draft.ts';
import { MemberFields } from './MemberFields.tsx';
import { NetworkFieldset } from './NetworkFieldset.tsx';
import { SealRotationForm } from './RotationForm.tsx';
import { AccountsDatalist } from './AccountsDatalist.tsx';

/**
 * The coordinator's start: a new committee (fresh DKG), or the rotation of an existing one
 * (same key server and key, new members or threshold).
 */
export function SealCreateForm(props: CreateFormProps) {
  const id = useId();
  const [mode, setMode] = useState<'new' | 'rotate'>('new');
  return (
    <>
      <fieldset className="mode-choice">
        <legend>What should this ceremony do?</legend>
        <label className="choice">
          <input type="radio" name={`${id}-mode`} checked={mode === 'new'} onChange={() => setMode('new')} />
          <span>
            <strong>Create a new committee</strong>: a fresh DKG makes a new key server and key (version 0).
          </span>
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-mode`} checked={mode === 'rotate'} onChange={() => setMode('rotate')} />
          <span>
            <strong>Rotate a committee</strong>: change the members or the threshold of an existing key server. Its KEY_SERVER_OBJ_ID and
            KEY_SERVER_PK stay the same.
          </span>
        </label>
      </fieldset>
      {mode === 'new' ? <NewCommitteeForm {...props} /> : <SealRotationForm {...props} />}
    </>
  );
}

/** Coordinator: a new Seal committee (network, members in party order, threshold, package). */
export function NewCommitteeForm({ busy, onCreate }: CreateFormProps) {
  const id = useId();
  const [accounts, setAccounts] = useState<WalletAccount[]>([]);
  const [draft, setDraft] = useState<CreateDraft>(() => ({
    title: 'Seal committee',
    network: 'testnet',
    customUrl: '',
    ledgerDir: '',
    coordinatorAddress: '',
    threshold: 2,
    members: [newRow(), newRow(), newRow()],
    dump: null,
  }));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);

  useEffect(() => {
    void bridge.call('wallet.accounts', {}).then(
      (a) => {
        setAccounts(a);
        if (a.length) setDraft((d) => (d.coordinatorAddress ? d : { ...d, coordinatorAddress: a[0]!.address }));
      },
      () => undefined,
    );
  }, []);

  const check = useMemo(() => checkDraft(draft), [draft]);
  const set = <K extends keyof CreateDraft>(k: K, v: CreateDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setRow = (key: number, patch: Partial<MemberRow>) =>
    setDraft((d) => ({ ...d, members: d.members.map((m) => (m.key === key ? { ...m, ...patch } : m)) }));
  const touch = (name: string) => setTouched((t) => (t.has(name) ? t : new Set(t).add(name)));
  const show = (name: string) => submitted || touched.has(name);
  const fieldErr = (name: keyof typeof check.fields) => (show(name) ? check.fields[name] : undefined);
  const rowErr = (row: MemberRow) =>
    show(`row-${row.key}`) || (row.address.length > 2 && !/^0x[0-9a-fA-F]*$/.test(row.address)) ? check.rows.get(row.key) : undefined;
  const rehearsal = draft.network === 'rehearsal';
  const n = draft.members.length;
  const known = (a: string) => accounts.find((x) => x.address === a.trim().toLowerCase());

  return (
    <form
      className="form form--wide"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (check.params) onCreate(draft.title.trim(), rehearsal, check.params);
        else requestAnimationFrame(() => (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus());
      }}
    >
      <label htmlFor={`${id}-title`}>Committee name (for people; not written on chain)</label>
      <input
        id={`${id}-title`}
        type="text"
        value={draft.title}
        maxLength={120}
        onChange={(e) => set('title', e.target.value)}
        onBlur={() => touch('title')}
        aria-invalid={Boolean(fieldErr('title'))}
        aria-describedby={fieldErr('title') ? `${id}-title-err` : undefined}
      />
      {fieldErr('title') && (
        <p id={`${id}-title-err`} className="field-error">
          {fieldErr('title')}
        </p>
      )}

      <NetworkFieldset
        id={id}
        value={draft}
        onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
        onBlur={() => touch('network')}
        error={fieldErr('network')}
        rehearsalNote="A rehearsal runs the whole ceremony on a ledger kept in a folder, not on Sui: practise with your team before the real one. Everything it produces is marked REHEARSAL."
      />

      <label htmlFor={`${id}-coord`}>Your Sui address as coordinator (it pays for and signs the two setup transactions)</label>
      <input
        id={`${id}-coord`}
        type="text"
        className="mono"
        list={`${id}-accounts`}
        spellCheck={false}
        autoComplete="off"
        value={draft.coordinatorAddress}
        onChange={(e) => set('coordinatorAddress', e.target.value)}
        onBlur={() => touch('coordinatorAddress')}
        aria-invalid={Boolean(fieldErr('coordinatorAddress'))}
        aria-describedby={`${id}-coord-help${fieldErr('coordinatorAddress') ? ` ${id}-coord-err` : ''}`}
      />
      <AccountsDatalist id={`${id}-accounts`} accounts={accounts} />
      <p id={`${id}-coord-help`} className="small muted form-note">
        {known(draft.coordinatorAddress)
          ? `${known(draft.coordinatorAddress)!.label}, in your vault: the app can sign with it.`
          : accounts.length
            ? 'Not in your vault: you will sign the transactions elsewhere and import the signatures.'
            : 'No account in your vault (Vault and settings → Wallet): you will sign elsewhere and import the signatures.'}
      </p>
      {fieldErr('coordinatorAddress') && (
        <p id={`${id}-coord-err`} className="field-error">
          {fieldErr('coordinatorAddress')}
        </p>
      )}

      <fieldset>
        <legend>Members, in party order</legend>
        <p className="small muted form-note">
          Collect each member's Sui address over your trusted channel. The order fixes the party ids (the first is party 0). Names are for
          people only.
        </p>
        <ol className="member-rows">
          {draft.members.map((m, i) => {
            const err = rowErr(m);
            return (
              <li key={m.key} className="member-row">
                <span className="member-row__num" aria-hidden="true">
                  {i}
                </span>
                <MemberFields
                  idBase={`${id}-m${m.key}`}
                  title={`Member ${i + 1}`}
                  partyId={i}
                  row={m}
                  error={err}
                  onChange={(patch) => setRow(m.key, patch)}
                  onBlur={() => touch(`row-${m.key}`)}
                />
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={`Remove member ${i + 1}`}
                  disabled={n <= 2}
                  onClick={() =>
                    setDraft((d) => ({
                      ...d,
                      members: d.members.filter((x) => x.key !== m.key),
                      threshold: Math.min(d.threshold, Math.max(2, d.members.length - 1)),
                    }))
                  }
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ol>
        <button type="button" className="btn btn--small" onClick={() => setDraft((d) => ({ ...d, members: [...d.members, newRow()] }))}>
          Add a member
        </button>
        {fieldErr('members') && <p className="field-error">{fieldErr('members')}</p>}
      </fieldset>

      <label htmlFor={`${id}-t`}>Threshold: how many members' key servers must answer together (2 to {Math.max(2, n)})</label>
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

      <div>
        <p className="form-label" id={`${id}-dump-label`}>
          Committee package {rehearsal ? '(optional on a rehearsal: the built-in rehearsal package is used)' : ''}
        </p>
        <FilePicker
          label="Choose the bytecode dump…"
          accept=".json,application/json"
          testId="seal-bytecode-dump"
          clearable
          describedBy={`${id}-dump-help`}
          onPick={(f) => (set('dump', f ? { name: f.name, text: pickedText(f) } : null), touch('dump'))}
        />
        <p id={`${id}-dump-help`} className="small muted form-note">
          The JSON printed by <code>sui move build --dump-bytecode-as-base64</code> in seal's <code>move/committee</code>.
        </p>
        {fieldErr('dump') && <p className="field-error">{fieldErr('dump')}</p>}
      </div>

      <p className="callout" aria-live="polite">
        {check.params
          ? `${rehearsal ? 'REHEARSAL: ' : ''}a ${draft.threshold}-of-${n} committee on ${NETWORK_CHOICES.find((c) => c.kind === draft.network)!.label}: any ${draft.threshold} of the ${n} members' key servers together serve Seal keys. Next you publish the package and create the committee (two transactions).`
          : 'Fill in the network, your address and the members to see the committee.'}
      </p>
      {submitted && !check.params && (
        <p className="field-error" role="alert">
          Some fields need attention (marked above).
        </p>
      )}
      <button className="btn btn--primary" type="submit" disabled={busy}>
        Create the committee
      </button>
    </form>
  );
}
