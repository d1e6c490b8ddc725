import { useId, useMemo, useState } from 'react';
import { FROST_SUITES, MAX_FROST_MEMBERS, type FrostSuiteName } from '../../../src-shared/ceremonies/frost.ts';
import type { CreateFormProps } from '../types.ts';
import { OnlineDkgForm, OnlineJoinForm } from './OnlineCreateForms.tsx';
import { ImportClientForm } from './ImportClientForm.tsx';
import { FormProblems, useFormProblems } from '../../components/FormProblems.tsx';
import { SuiteSelect } from './SuiteSelect.tsx';

type Mode = 'dkg' | 'online-dkg' | 'online-join' | 'import' | 'contacts';

/**
 * New FROST group over bundles (the creator lists the members and the threshold), online through
 * a frostd relay (create, or join a session someone made), a group already made with
 * frost-client (its credentials file), or the address book.
 */
export function FrostCreateForm(props: CreateFormProps) {
  const id = useId();
  const [mode, setMode] = useState<Mode>('dkg');
  const choice = (m: Mode, title: string, text: string) => (
    <label className="choice">
      <input type="radio" name={`${id}-mode`} checked={mode === m} onChange={() => setMode(m)} />
      <span>
        <strong>{title}</strong>
        <br />
        <span className="muted small">{text}</span>
      </span>
    </label>
  );
  return (
    <>
      <div className="form">
        <fieldset>
          <legend>What do you want to create?</legend>
          {choice(
            'dkg',
            'A new signing group',
            'Distributed key generation over files (USB, air-gapped): you list the members and the threshold; each member gets an invitation file.',
          )}
          {choice(
            'online-dkg',
            'A new signing group, online',
            'Through a frostd relay, with members from your contacts (frost-client users too): you choose the members and the threshold.',
          )}
          {choice(
            'online-join',
            'Join an online key generation',
            'Someone created a group on a frostd relay with you in it: find it, check its parameters and accept them.',
          )}
          {choice(
            'import',
            'Bring a group from frost-client',
            'A group you already made with frost-client (the Zcash Foundation’s tool): this app reads its credentials file and keeps your share in its vault.',
          )}
          {choice(
            'contacts',
            'My communication key and contacts',
            'A frost-client compatible contact (zffrost1…) to exchange with others, for frost-client and frostd.',
          )}
        </fieldset>
      </div>
      {mode === 'online-dkg' ? (
        <OnlineDkgForm {...props} />
      ) : mode === 'online-join' ? (
        <OnlineJoinForm {...props} />
      ) : mode === 'import' ? (
        <ImportClientForm {...props} />
      ) : (
        <BundleOrContactsForm {...props} mode={mode} />
      )}
    </>
  );
}

function BundleOrContactsForm({ busy, onCreate, mode }: CreateFormProps & { mode: 'dkg' | 'contacts' }) {
  const id = useId();
  const [description, setDescription] = useState('');
  const [suite, setSuite] = useState<FrostSuiteName>('ed25519');
  const [me, setMe] = useState('');
  const [others, setOthers] = useState('');
  const [threshold, setThreshold] = useState(2);
  const [rehearsal, setRehearsal] = useState(false);

  const members = useMemo(() => [me, ...others.split('\n')].map((s) => s.trim()).filter(Boolean), [me, others]);
  const problems = useMemo(() => {
    const p: string[] = [];
    if (mode === 'contacts') {
      if (!me.trim()) p.push('Enter your name.');
      return p;
    }
    if (!description.trim()) p.push('Describe the group (what it signs for).');
    if (!me.trim()) p.push('Enter your name.');
    if (members.length < 2) p.push('List at least one other member.');
    if (members.length > MAX_FROST_MEMBERS) p.push(`At most ${MAX_FROST_MEMBERS} members.`);
    const lower = members.map((m) => m.toLowerCase());
    const dup = lower.find((m, i) => lower.indexOf(m) !== i);
    if (dup) p.push(`"${members[lower.indexOf(dup)]}" is listed twice; every member needs a distinct name.`);
    if (members.some((m) => /["\\/]/.test(m))) p.push('Names cannot contain quotes, slashes or backslashes.');
    if (!(threshold >= 2 && threshold <= members.length)) p.push(`The threshold must be between 2 and ${Math.max(2, members.length)}.`);
    return p;
  }, [mode, description, me, members, threshold]);
  const checked = useFormProblems(problems);
  const suiteInfo = FROST_SUITES.find((s) => s.name === suite)!;

  return (
    <form
      className="form"
      noValidate
      aria-describedby={checked.shown.length ? `${id}-problems` : undefined}
      onSubmit={checked.onSubmit(() => {
        if (mode === 'contacts') onCreate('FROST contacts', false, { mode: 'contacts', name: me.trim() });
        else onCreate(description.trim(), rehearsal, { mode: 'dkg', suite, threshold, description: description.trim(), members });
      })}
    >
      <label htmlFor={`${id}-me`}>Your name</label>
      <input id={`${id}-me`} type="text" value={me} onChange={(e) => setMe(e.target.value)} autoComplete="name" />

      {mode === 'dkg' && (
        <>
          <label htmlFor={`${id}-desc`}>Group description</label>
          <input
            id={`${id}-desc`}
            type="text"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="e.g. Treasury 2026"
          />

          <label htmlFor={`${id}-suite`}>Ciphersuite</label>
          <SuiteSelect id={`${id}-suite`} value={suite} onChange={setSuite} />

          <label htmlFor={`${id}-others`}>The other members, one name per line</label>
          <textarea
            id={`${id}-others`}
            rows={4}
            value={others}
            onChange={(e) => setOthers(e.target.value)}
            aria-describedby={`${id}-others-help`}
          />
          <p id={`${id}-others-help`} className="muted small">
            Members are numbered in this order (you are member 1); the number is their FROST identifier.
          </p>

          <label htmlFor={`${id}-t`}>Threshold: how many members must sign together</label>
          <input
            id={`${id}-t`}
            type="number"
            min={2}
            max={Math.max(2, members.length)}
            value={threshold}
            onChange={(e) => setThreshold(Number(e.target.value))}
          />

          <label className="choice">
            <input type="checkbox" checked={rehearsal} onChange={(e) => setRehearsal(e.target.checked)} />
            <span>This is a rehearsal (its files are marked and cannot be used in a real ceremony)</span>
          </label>

          <p className="callout" aria-live="polite">
            {members.length >= 2 && threshold >= 2 && threshold <= members.length
              ? `${suiteInfo.title.split(' (')[0]} group: any ${threshold} of ${members.join(', ')} can sign. Everyone will see and accept exactly these parameters before anything secret is made.`
              : 'Fill in the members and the threshold to see the group.'}
          </p>
        </>
      )}

      <FormProblems problems={checked.shown} id={`${id}-problems`} />
      <button className="btn btn--primary" type="submit" disabled={busy}>
        {mode === 'dkg' ? 'Create the group and invitations' : 'Create my communication key'}
      </button>
    </form>
  );
}
