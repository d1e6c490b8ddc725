import { useId, useState } from 'react';
import { useApp } from '../../app/store.ts';
import { bridge } from '../../bridge.ts';
import { SEAL_ACTIONS } from '../../../src-shared/ceremonies/seal.ts';
import { sealView } from './view.ts';
import { FormButtons } from '../../components/FormButtons.tsx';
import type { ActionFormProps } from '../types.ts';
import { KeyServerReachNote } from './KeyServerReach.tsx';

/** Forms for the Seal actions that take input (the generic screen runs the others). */

function firstIssue(r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }, field: string): string | null {
  if (r.success) return null;
  return r.error!.issues.find((i) => i.path[0] === field)?.message ?? null;
}

/** A path on the computer running the app: native dialog in the desktop app, typed otherwise. */
export function PathField(props: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  mode: 'save' | 'folder';
  defaultName?: string;
  describedBy?: string;
}) {
  const info = useApp((s) => s.info);
  const run = useApp((s) => s.run);
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <div className="row">
        <input
          id={props.id}
          type="text"
          className="mono grow"
          spellCheck={false}
          autoComplete="off"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          aria-describedby={props.describedBy}
        />
        {info?.nativeDialogs && (
          <button
            type="button"
            className="btn"
            onClick={async () => {
              const r =
                props.mode === 'folder'
                  ? await run('Choosing a folder', 'app.pickFolder', { title: props.label })
                  : await run('Choosing where to save', 'app.pickSavePath', {
                      title: props.label,
                      defaultName: props.defaultName ?? 'file',
                    });
              if (r?.path) props.onChange(r.path);
            }}
          >
            Choose…
          </button>
        )}
      </div>
    </>
  );
}

export function GenerateKeysForm({ view, busy, submit, cancel }: ActionFormProps) {
  const id = useId();
  const [serverUrl, setUrl] = useState('https://');
  const [serverName, setName] = useState('');
  const [touched, setTouched] = useState({ url: false, name: false });
  /** The URL whose reachability is shown (set when the field is left with a web address in it). */
  const [probed, setProbed] = useState<string | null>(null);
  // An air-gapped computer cannot reach anything: no check there.
  const online = !sealView(view).me?.airGapped;
  const r = SEAL_ACTIONS['generate-keys'].safeParse({ serverUrl, serverName });
  const urlErr = touched.url
    ? firstIssue(r, 'serverUrl') && 'Enter the public URL of your key server, e.g. https://seal.example.org.'
    : null;
  const nameErr = touched.name
    ? firstIssue(r, 'serverName') &&
      (serverName.trim()
        ? 'Use letters, digits, dot, dash or underscore (it starts with a letter or digit).'
        : 'Enter the name of your key server.')
    : null;
  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched({ url: true, name: true });
        if (r.success) submit(r.data);
      }}
    >
      <p className="small form-note">
        Both go on chain with your public keys, visible to everyone; the committee's aggregator uses them to reach your key server. The DKG
        keys are made in your vault and never leave it.
      </p>
      <label htmlFor={`${id}-url`}>Key server URL</label>
      <input
        id={`${id}-url`}
        type="url"
        className="mono"
        value={serverUrl}
        onChange={(e) => setUrl(e.target.value)}
        onBlur={() => {
          setTouched((t) => ({ ...t, url: true }));
          const url = serverUrl.trim();
          setProbed(online && !firstIssue(r, 'serverUrl') && /^https?:\/\/./i.test(url) ? url : null);
        }}
        aria-invalid={Boolean(urlErr)}
        aria-describedby={urlErr ? `${id}-url-err` : undefined}
      />
      {urlErr && (
        <p id={`${id}-url-err`} className="field-error">
          {urlErr}
        </p>
      )}
      {!urlErr && probed && probed === serverUrl.trim() && <KeyServerReachNote url={probed} />}
      <label htmlFor={`${id}-name`}>Key server name (unique in the committee)</label>
      <input
        id={`${id}-name`}
        type="text"
        value={serverName}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => setTouched((t) => ({ ...t, name: true }))}
        aria-invalid={Boolean(nameErr)}
        aria-describedby={nameErr ? `${id}-name-err` : undefined}
      />
      {nameErr && (
        <p id={`${id}-name-err`} className="field-error">
          {nameErr}
        </p>
      )}
      <FormButtons busy={busy} cancel={cancel} label="Generate my DKG keys" />
    </form>
  );
}

export function SendCredentialsForm({ busy, submit, cancel }: ActionFormProps) {
  const id = useId();
  const [apiKeyName, setName] = useState('x-api-key');
  const [apiKey, setKey] = useState('');
  const r = SEAL_ACTIONS['send-api-credentials'].safeParse({ apiKeyName, ...(apiKey.trim() ? { apiKey } : {}) });
  const nameErr = firstIssue(r, 'apiKeyName') && 'An HTTP header name: letters, digits and - _ .';
  const keyErr = apiKey.trim() && firstIssue(r, 'apiKey') ? 'At least 8 characters.' : null;
  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (r.success) submit(r.data);
      }}
    >
      <p className="small form-note">
        The aggregator authenticates to your key server with this header and key. They go to the coordinator in a bundle; configure the same
        key on your key server.
      </p>
      <label htmlFor={`${id}-name`}>API key header name</label>
      <input
        id={`${id}-name`}
        type="text"
        className="mono"
        value={apiKeyName}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={Boolean(nameErr)}
        aria-describedby={nameErr ? `${id}-name-err` : undefined}
      />
      {nameErr && (
        <p id={`${id}-name-err`} className="field-error">
          {nameErr}
        </p>
      )}
      <label htmlFor={`${id}-key`}>API key (leave empty to generate a random one)</label>
      <input
        id={`${id}-key`}
        type="password"
        className="mono"
        autoComplete="off"
        value={apiKey}
        onChange={(e) => setKey(e.target.value)}
        aria-invalid={Boolean(keyErr)}
        aria-describedby={keyErr ? `${id}-key-err` : undefined}
      />
      {keyErr && (
        <p id={`${id}-key-err`} className="field-error">
          {keyErr}
        </p>
      )}
      <FormButtons busy={busy} cancel={cancel} label="Make the credentials bundle" disabled={!r.success} />
    </form>
  );
}

export function ExportMessagesFolderForm({ busy, submit, cancel }: ActionFormProps) {
  const id = useId();
  const info = useApp((s) => s.info);
  const [path, setPath] = useState(info ? `${info.dataDir}/dkg-messages` : '');
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (path.trim()) submit({ path: path.trim() });
      }}
    >
      <p className="small form-note">
        For members using seal-committee-cli: a dkg-messages folder with every message_&lt;P&gt;.json, for process-all-and-propose -m.
      </p>
      <PathField id={`${id}-path`} label="Folder to write the messages into" value={path} onChange={setPath} mode="folder" />
      <FormButtons busy={busy} cancel={cancel} label="Write the message files" disabled={!path.trim()} />
    </form>
  );
}

/**
 * Rotation, continuing member whose current share was made elsewhere: main reads the file (an
 * env file with MASTER_SHARE_V<k>, a dkg.yaml, or hex) and checks it against the member's
 * on-chain partial key. Only the path crosses the API; the share never enters this window.
 * A refused file is said here, next to the path, and the form stays open for another file.
 */
export function ImportOldShareForm({ view, busy, cancel }: ActionFormProps) {
  const id = useId();
  const info = useApp((s) => s.info);
  const run = useApp((s) => s.run);
  const announce = useApp((s) => s.announce);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  // The share of the version being rotated; unknown only before the rotation's details arrive.
  const version = sealView(view).rotation?.fromVersion ?? null;
  const name = version !== null ? `MASTER_SHARE_V${version}` : 'your current share';
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!path.trim()) return;
        setWorking(true);
        setError(null);
        try {
          const v = await bridge.call('ceremonies.act', { id: view.id, action: 'import-old-share', input: { path: path.trim() } });
          useApp.getState().showView(v);
          announce(`Share imported. ${v.headline}`);
          cancel();
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
          requestAnimationFrame(() => document.getElementById(`${id}-path`)?.focus());
        } finally {
          setWorking(false);
        }
      }}
    >
      <p className="small form-note" id={`${id}-help`}>
        The file with {name}: an env file (<code>{version !== null ? name : 'MASTER_SHARE_V…'}=0x…</code>), the dkg.yaml seal-committee-cli
        wrote, or the hex alone. This app reads the file and checks the share against your partial key on chain; a share that does not match
        is refused and nothing is stored.
      </p>
      <label htmlFor={`${id}-path`}>Path of the share file on this computer</label>
      <div className="row">
        <input
          id={`${id}-path`}
          type="text"
          className="mono grow"
          spellCheck={false}
          autoComplete="off"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={`${id}-help${error ? ` ${id}-err` : ''}`}
        />
        {info?.nativeDialogs && (
          <button
            type="button"
            className="btn"
            onClick={async () => {
              const r = await run('Choosing the share file', 'app.pickOpenPath', { title: 'File with your current Seal share' });
              if (r?.path) setPath(r.path);
            }}
          >
            Choose…
          </button>
        )}
      </div>
      {error && (
        <p id={`${id}-err`} className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <FormButtons busy={busy || working} cancel={cancel} label="Import my current share" disabled={!path.trim()} />
    </form>
  );
}
