import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiError, bridge } from '../../bridge.ts';
import { useApp } from '../../app/store.ts';
import { DEFAULT_ONLINE_TIMEOUT_MINUTES, FROST_ONLINE_NOT_YET, type FrostSuiteName } from '../../../src-shared/ceremonies/frost.ts';
import { isDamagedCeremony } from '../../../src-shared/api/ceremonies.ts';
import type { CreateFormProps } from '../types.ts';
import { FormProblems, useFormProblems } from '../../components/FormProblems.tsx';
import { SuiteSelect } from './SuiteSelect.tsx';

/** The address book's name for you and your contacts (public: names only). */
export function useAddressBook(): { loading: boolean; me: string | null; contacts: string[] } {
  const [book, setBook] = useState<{ loading: boolean; me: string | null; contacts: string[] }>({ loading: true, me: null, contacts: [] });
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const list = await bridge.call('ceremonies.list', {});
        const b = list.find((c) => !isDamagedCeremony(c) && c.protocol === 'frost' && c.role === 'contacts owner');
        if (!b) return live && setBook({ loading: false, me: null, contacts: [] });
        const v = await bridge.call('ceremonies.get', { id: b.id });
        if (live)
          setBook({
            loading: false,
            me: v.participants.find((p) => p.tags.includes('you'))?.label ?? null,
            contacts: v.participants.filter((p) => p.tags.includes('contact')).map((p) => p.label),
          });
      } catch {
        if (live) setBook({ loading: false, me: null, contacts: [] });
      }
    })();
    return () => {
      live = false;
    };
  }, []);
  return book;
}

function RelayField({ id, value, onChange }: { id: string; value: string; onChange(v: string): void }) {
  return (
    <>
      <label htmlFor={`${id}-relay`}>frostd relay address</label>
      <input
        id={`${id}-relay`}
        type="text"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="frostd.example.org:2744"
        aria-describedby={`${id}-relay-help`}
      />
      <p id={`${id}-relay-help`} className="muted small">
        As frost-client takes it (host:port; https is used). Everyone in the ceremony uses the same relay.
      </p>
    </>
  );
}

/** Online DKG, creator: the members are your contacts; the session is made on the relay at once. */
export function OnlineDkgForm({ busy, onCreate }: CreateFormProps) {
  const id = useId();
  const book = useAddressBook();
  const [server, setServer] = useState('');
  const [description, setDescription] = useState('');
  const [suite, setSuite] = useState<FrostSuiteName>('ed25519');
  const [chosen, setChosen] = useState<string[]>([]);
  const [threshold, setThreshold] = useState(2);
  const n = chosen.length + 1;
  const problems = useMemo(() => {
    const p: string[] = [];
    if (!server.trim()) p.push('Enter the relay address.');
    if (!description.trim()) p.push('Describe the group (what it signs for).');
    if (chosen.length < 1) p.push('Choose at least one other member from your contacts.');
    if (!(threshold >= 2 && threshold <= n)) p.push(`The threshold must be between 2 and ${Math.max(2, n)}.`);
    return p;
  }, [server, description, chosen, threshold, n]);
  const checked = useFormProblems(problems);

  if (book.loading) return <p aria-busy="true">Reading your address book…</p>;
  if (!book.me)
    return (
      <p className="alert alert--info">
        An online key generation needs your communication key and the others&apos; contacts. Create &quot;My communication key and
        contacts&quot; first, give your zffrost1… contact string to the others and import theirs.
      </p>
    );
  return (
    <form
      className="form"
      noValidate
      onSubmit={checked.onSubmit(() =>
        onCreate(description.trim(), false, {
          mode: 'online-dkg',
          server: server.trim(),
          suite,
          threshold,
          description: description.trim(),
          participants: chosen,
        }),
      )}
    >
      <RelayField id={id} value={server} onChange={setServer} />
      <label htmlFor={`${id}-desc`}>Group description</label>
      <input
        id={`${id}-desc`}
        type="text"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        placeholder="e.g. Treasury 2026"
      />
      <label htmlFor={`${id}-suite`}>Ciphersuite</label>
      <SuiteSelect id={`${id}-suite`} value={suite} onChange={setSuite} describedBy={`${id}-suite-help`} />
      <p id={`${id}-suite-help`} className="muted small">
        frost-client users can only join Ed25519 groups.
      </p>
      <fieldset>
        <legend>The other members (from your contacts)</legend>
        {book.contacts.length === 0 && <p>Your address book has no contacts yet: import the others&apos; zffrost1… strings first.</p>}
        {book.contacts.map((c) => (
          <label key={c} className="choice">
            <input
              type="checkbox"
              checked={chosen.includes(c)}
              onChange={(e) =>
                setChosen(e.target.checked ? book.contacts.filter((x) => x === c || chosen.includes(x)) : chosen.filter((x) => x !== c))
              }
            />
            <span>{c}</span>
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-t`}>Threshold: how many members must sign together</label>
      <input
        id={`${id}-t`}
        type="number"
        min={2}
        max={Math.max(2, n)}
        value={threshold}
        onChange={(e) => setThreshold(Number(e.target.value))}
      />
      <p className="callout" aria-live="polite">
        {chosen.length >= 1 && threshold >= 2 && threshold <= n
          ? `Any ${threshold} of ${[book.me, ...chosen].join(', ')} can sign. The relay session is made now; tell them the threshold, ${threshold} (the relay does not carry it): each of them joins from "Join an online key generation" (or frost-client with -t ${threshold}, without -S) and accepts these parameters. Nobody types the member list again.`
          : 'Choose the members and the threshold to see the group.'}
      </p>
      <FormProblems problems={checked.shown} />
      <button className="btn btn--primary" type="submit" disabled={busy}>
        Create the session on the relay
      </button>
    </form>
  );
}

const RETRY_MS = 3000;

/**
 * Online DKG, joiner: the relay address and the threshold the creator told (the relay does not
 * carry it); no -S. Until the creator has made the session the app looks again every few seconds;
 * then the parameters are shown for acceptance.
 */
export function OnlineJoinForm({ busy }: CreateFormProps) {
  const id = useId();
  const navigate = useApp((s) => s.navigate);
  const [server, setServer] = useState('');
  const [description, setDescription] = useState('');
  const [threshold, setThreshold] = useState('');
  const [session, setSession] = useState('');
  const [suite, setSuite] = useState<FrostSuiteName>('ed25519');
  const [looking, setLooking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stop = useRef(false);
  useEffect(
    () => () => {
      stop.current = true;
    },
    [],
  );

  const look = async () => {
    stop.current = false;
    setError(null);
    const params: Record<string, unknown> = {
      mode: 'online-join',
      server: server.trim(),
      suite,
      description: description.trim(),
      timeoutMinutes: DEFAULT_ONLINE_TIMEOUT_MINUTES,
      threshold: Number(threshold.trim()),
    };
    if (session.trim()) params.session = session.trim();
    for (;;) {
      setLooking(`Looking on ${server.trim()}…`);
      try {
        const v = await bridge.call('ceremonies.create', {
          protocol: 'frost',
          title: description.trim() || 'Online key generation',
          rehearsal: false,
          params,
        });
        setLooking(null);
        navigate({ name: 'ceremony', id: v.id });
        return;
      } catch (e) {
        if (e instanceof ApiError && e.code === FROST_ONLINE_NOT_YET && !stop.current) {
          setLooking(`${e.message} Looking again every ${RETRY_MS / 1000} seconds…`);
          await new Promise((r) => setTimeout(r, RETRY_MS));
          if (stop.current) break;
          continue;
        }
        setError(e instanceof Error ? e.message : String(e));
        break;
      }
    }
    setLooking(null);
  };

  const problems = useMemo(() => {
    const p: string[] = [];
    if (!server.trim()) p.push('Enter the relay address.');
    if (!(/^\d+$/.test(threshold.trim()) && Number(threshold) >= 2))
      p.push('Enter the threshold the creator told you: a whole number of at least 2.');
    return p;
  }, [server, threshold]);
  const checked = useFormProblems(problems);
  return (
    <form
      className="form"
      noValidate
      onSubmit={checked.onSubmit(() => {
        if (!looking) void look();
      })}
    >
      <RelayField id={id} value={server} onChange={setServer} />
      <label htmlFor={`${id}-desc`}>Group description (for you; optional)</label>
      <input id={`${id}-desc`} type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
      <label htmlFor={`${id}-suite`}>Ciphersuite (the creator&apos;s choice; a relay session does not say it)</label>
      <SuiteSelect id={`${id}-suite`} value={suite} onChange={setSuite} />
      <label htmlFor={`${id}-t`}>Threshold you were told</label>
      <input
        id={`${id}-t`}
        type="text"
        inputMode="numeric"
        value={threshold}
        onChange={(e) => setThreshold(e.target.value)}
        aria-describedby={`${id}-t-help`}
      />
      <p id={`${id}-t-help`} className="muted small">
        How many members must sign together, as the creator told you: the relay does not carry it (frost-client asks for it too, with -t). A
        member whose key generation uses another threshold is refused, named, before any share is sent.
      </p>
      <label htmlFor={`${id}-s`}>Session id (only if you are in several)</label>
      <input
        id={`${id}-s`}
        type="text"
        className="mono"
        value={session}
        onChange={(e) => setSession(e.target.value)}
        placeholder="0b7c…-…"
      />
      <FormProblems problems={checked.shown} />
      {looking && (
        <p className="callout" role="status">
          {looking}
        </p>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button className="btn btn--primary" type="submit" disabled={busy || Boolean(looking)}>
          Look for my key generation
        </button>
        {looking && (
          <button
            className="btn"
            type="button"
            onClick={() => {
              stop.current = true;
              setLooking(null);
            }}
          >
            Stop looking
          </button>
        )}
      </div>
    </form>
  );
}
