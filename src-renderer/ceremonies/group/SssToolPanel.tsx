import { useState } from 'react';
import { bridge } from '../../bridge.ts';
import { SSS_TOOL_STEP_HELP, type SssToolCommand, type SssToolFlags } from '../../../src-shared/api/group-sss.ts';

/**
 * The group's "sss-tool compatible" mode: for a group that already runs with the trust-server's
 * sss-tool (or a genesis where some operators use it). Each button runs one sss-tool command in
 * main against this install's operator (secrets stay in the vault); the output is exactly what
 * sss-tool prints, to paste to the other operators.
 */
const FIELDS: Record<SssToolCommand, (keyof SssToolFlags)[]> = {
  initialize: ['moniker'],
  info: [],
  'initial-pub-data': ['m'],
  'init-common': ['pubDatas'],
  'init-my-share': ['pubDatas', 'partialShares'],
  'add-new': ['moniker', 'pubkey', 'quorum'],
  'init-new': ['partialShares'],
};

const LABELS: Record<keyof SssToolFlags, string> = {
  moniker: '--moniker (your moniker for initialize; the newcomer\u2019s for add-new)',
  m: '--m (the threshold M)',
  pubDatas: '--pub-datas (everyone\u2019s initial-pub-data lines, merged into one JSON object)',
  partialShares: '--partial-shares (the merged JSON of init-common last lines, or of the approvals)',
  pubkey: '--pubkey (the newcomer\u2019s "My public key", confirmed with them by voice)',
  quorum: '--quorum (JSON array of exactly M approver monikers, e.g. ["alice","bob"])',
};

export function SssToolPanel() {
  const [command, setCommand] = useState<SssToolCommand>('info');
  const [flags, setFlags] = useState<SssToolFlags>({});
  const [stdout, setStdout] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [privatePath, setPrivatePath] = useState('');
  const [sharedPath, setSharedPath] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const run = () =>
    act(async () => {
      const picked = Object.fromEntries(FIELDS[command].filter((k) => flags[k]).map((k) => [k, flags[k]]));
      const r = await bridge.call('groupSss.run', { command, flags: picked });
      setStdout(r.stdout);
      setNote(r.note);
    });
  const importFiles = () =>
    act(async () => {
      const r = await bridge.call('groupSss.import', { sharedPath, ...(privatePath ? { privatePath } : {}) });
      setStdout(r.info.join('\n'));
      setNote(null);
    });
  return (
    <section className="form" aria-label="sss-tool compatible mode">
      <h3>sss-tool compatible mode</h3>
      <p className="field-error" role="note">
        Weaker than the app&apos;s own protocol: shares are sealed with AES-GCM keyed by the raw ECDH point, and a newcomer&apos;s public
        key is not authenticated (confirm it with them by voice). Use it only for a group that already runs with sss-tool; a group runs in
        one mode only.
      </p>
      <table className="small">
        <caption>The seed&apos;s step names and sss-tool&apos;s real commands</caption>
        <tbody>
          {SSS_TOOL_STEP_HELP.map((h) => (
            <tr key={h.step}>
              <td>{h.step}</td>
              <td>
                <code>{h.command}</code>
              </td>
              <td>{h.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Import an existing operator</h4>
      <label htmlFor="sss-private">private.sss (leave empty for a newcomer, who needs only the group&apos;s shared.sss)</label>
      <input id="sss-private" type="text" value={privatePath} onChange={(e) => setPrivatePath(e.target.value)} />
      <label htmlFor="sss-shared">shared.sss</label>
      <input id="sss-shared" type="text" value={sharedPath} onChange={(e) => setSharedPath(e.target.value)} />
      <button className="btn" type="button" disabled={busy || !sharedPath} onClick={() => void importFiles()}>
        Import into the vault
      </button>
      <h4>Run an sss-tool command</h4>
      <label htmlFor="sss-command">Command</label>
      <select id="sss-command" value={command} onChange={(e) => setCommand(e.target.value as SssToolCommand)}>
        {Object.keys(FIELDS).map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      {FIELDS[command].map((k) => (
        <div key={k}>
          <label htmlFor={`sss-${k}`}>{LABELS[k]}</label>
          <textarea
            id={`sss-${k}`}
            rows={k === 'moniker' || k === 'm' ? 1 : 3}
            value={flags[k] ?? ''}
            onChange={(e) => setFlags({ ...flags, [k]: e.target.value })}
          />
        </div>
      ))}
      <button className="btn btn--primary" type="button" disabled={busy} onClick={() => void run()}>
        Run {command}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {note && <p className="muted small">{note}</p>}
      {stdout !== null && (
        <>
          <label htmlFor="sss-stdout">Output (exactly what sss-tool prints)</label>
          <textarea id="sss-stdout" readOnly rows={6} value={stdout} />
        </>
      )}
    </section>
  );
}
