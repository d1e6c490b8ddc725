import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, bridge } from '../../bridge.ts';
import { useApp } from '../../app/store.ts';
import { FROST_SUITES, type FrostClientFileGroup } from '../../../src-shared/ceremonies/frost.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import { listNames } from '../../components/names.ts';
import type { CreateFormProps } from '../types.ts';
import { useAddressBook } from './OnlineCreateForms.tsx';

/** "Ed25519" for a suite this app knows, frost-client's own id otherwise. */
function suiteLabel(suite: string): string {
  return FROST_SUITES.find((s) => s.name === suite)?.title.split(' (')[0] ?? suite;
}

/** "with Bob, Eve and 1 member not in your contacts": the others, as frost-client's contacts name them. */
function othersLabel(g: FrostClientFileGroup): string {
  const others = g.members.filter((m) => !m.you);
  const named = others.flatMap((m) => (m.name ? [m.name] : []));
  const unnamed = others.length - named.length;
  const parts = [...named, ...(unnamed ? [`${unnamed} member${unnamed === 1 ? '' : 's'} not in the file's contacts`] : [])];
  return parts.length ? `with ${listNames(parts)}` : '';
}

/**
 * Bring a group made with frost-client (the Zcash Foundation's tool) into this app: the path of
 * its credentials file, main reads it and lists the groups (public data only: the file holds the
 * share in clear and never enters this window), the person picks one and imports it. A refused
 * file is said next to the path and the form stays open.
 */
export function ImportClientForm({ busy }: CreateFormProps) {
  const id = useId();
  const info = useApp((s) => s.info);
  const run = useApp((s) => s.run);
  const navigate = useApp((s) => s.navigate);
  const announce = useApp((s) => s.announce);
  const book = useAddressBook();
  const [path, setPath] = useState('');
  const [groups, setGroups] = useState<FrostClientFileGroup[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  // Your name as your address book has it, until you type another.
  const [typedName, setTypedName] = useState<string | null>(null);
  const name = typedName ?? book.me ?? '';
  const [error, setError] = useState<{ at: 'path' | 'name'; text: string } | null>(null);
  const [working, setWorking] = useState(false);
  const focus = (field: 'path' | 'name') => requestAnimationFrame(() => document.getElementById(`${id}-${field}`)?.focus());
  const fail = (e: unknown, at: 'path' | 'name') => {
    setError({ at, text: e instanceof Error ? e.message : String(e) });
    focus(at);
  };

  const readFile = async () => {
    setWorking(true);
    setError(null);
    setGroups(null);
    setChosen(null);
    try {
      const preview = await bridge.call('frost.previewClientFile', { path: path.trim() });
      setGroups(preview.groups);
      const usable = preview.groups.filter((g) => !g.problem);
      if (usable.length === 1) setChosen(usable[0]!.key);
      announce(`${preview.groups.length === 1 ? 'One group' : `${preview.groups.length} groups`} in this file.`);
    } catch (e) {
      fail(e, 'path');
    } finally {
      setWorking(false);
    }
  };

  const importGroup = async (group: FrostClientFileGroup) => {
    setWorking(true);
    setError(null);
    try {
      const v = await bridge.call('ceremonies.create', {
        protocol: 'frost',
        title: group.description,
        rehearsal: false,
        params: { mode: 'import-file', path: path.trim(), group: group.key, name: name.trim() },
      });
      announce(`Group imported. ${v.headline}`);
      navigate({ name: 'ceremony', id: v.id });
    } catch (e) {
      fail(e, e instanceof ApiError && e.code === 'frost/contact-name-taken' ? 'name' : 'path');
    } finally {
      setWorking(false);
    }
  };

  // The file is read: bring its groups (and the button that imports one) into view, below the kinds of FROST ceremony.
  const list = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (groups) list.current?.scrollIntoView({ block: 'start' });
  }, [groups]);

  const selected = groups?.find((g) => g.key === chosen) ?? null;
  const errorAt = (at: 'path' | 'name') =>
    error?.at === at ? (
      <p id={`${id}-${at}-err`} className="alert alert--error" role="alert">
        {error.text}
      </p>
    ) : null;
  const describedBy = (at: 'path' | 'name', help: string) => `${help}${error?.at === at ? ` ${id}-${at}-err` : ''}`;

  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (working || busy) return;
        if (!path.trim()) {
          fail(new Error('Enter the path of the credentials file.'), 'path');
          return;
        }
        if (!groups) void readFile();
        else if (!selected) setError({ at: 'path', text: 'Choose the group to import.' });
        else if (!name.trim()) fail(new Error('Enter your name: the others see you by it in this group.'), 'name');
        else void importGroup(selected);
      }}
    >
      <p className="small form-note" id={`${id}-help`}>
        frost-client keeps the groups you made with it, and your share of each, in its credentials file (often <code>credentials.toml</code>
        ). This app reads the file on this computer and moves your share into its vault; the file itself is not changed.
      </p>
      <label htmlFor={`${id}-path`}>Path of the frost-client credentials file</label>
      <div className="row">
        <input
          id={`${id}-path`}
          type="text"
          className="mono grow"
          spellCheck={false}
          autoComplete="off"
          value={path}
          onChange={(e) => {
            setPath(e.target.value);
            // Another file: its groups are read again.
            setGroups(null);
            setChosen(null);
          }}
          aria-invalid={error?.at === 'path'}
          aria-describedby={describedBy('path', `${id}-help`)}
        />
        {info?.nativeDialogs && (
          <button
            type="button"
            className="btn"
            onClick={async () => {
              const r = await run('Choosing the credentials file', 'app.pickOpenPath', { title: 'frost-client credentials file' });
              if (r?.path) {
                setPath(r.path);
                setGroups(null);
                setChosen(null);
              }
            }}
          >
            Choose…
          </button>
        )}
        <button type="submit" className={groups ? 'btn' : 'btn btn--primary'} disabled={busy || working || Boolean(groups)}>
          Read the file
        </button>
      </div>
      {errorAt('path')}

      {groups && (
        <>
          <fieldset ref={list}>
            <legend>Which group do you bring here?</legend>
            {groups.map((g) => (
              <label key={g.key} className="choice">
                <input
                  type="radio"
                  name={`${id}-group`}
                  checked={chosen === g.key}
                  disabled={Boolean(g.problem)}
                  onChange={() => {
                    setChosen(g.key);
                    setError(null);
                  }}
                />
                <span>
                  <strong>{g.description || 'A group without a description'}</strong>
                  <br />
                  <span className="muted small">
                    {g.problem ??
                      [`Any ${g.threshold} of ${g.n} can sign`, suiteLabel(g.suite), othersLabel(g)].filter(Boolean).join(' · ')}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>

          <label htmlFor={`${id}-name`}>Your name in this group</label>
          <input
            id={`${id}-name`}
            type="text"
            value={name}
            autoComplete="name"
            onChange={(e) => setTypedName(e.target.value)}
            aria-invalid={error?.at === 'name'}
            aria-describedby={describedBy('name', `${id}-name-help`)}
          />
          <p id={`${id}-name-help`} className="muted small">
            frost-client&apos;s file names only the others; this is how this app shows you.
          </p>
          {errorAt('name')}

          {selected && (
            <p className="callout" aria-live="polite">
              {selected.description}: any {selected.threshold} of {selected.n} can sign. Its group key check code is{' '}
              <CheckCode code={selected.code} label="Group key check code" />; after the import, the group&apos;s screen keeps it under
              Technical details, to compare with the other members if you want to be sure you all hold the same group.
            </p>
          )}
          <button className="btn btn--primary" type="submit" disabled={busy || working || !selected}>
            Import this group
          </button>
        </>
      )}
    </form>
  );
}
