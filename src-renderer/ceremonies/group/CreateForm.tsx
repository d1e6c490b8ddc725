import { useState } from 'react';
import type { CreateFormProps } from '../types.ts';
import { ExchangeChoice, GenesisExplained } from './Explain.tsx';
import { SssToolPanel } from './SssToolPanel.tsx';
import { monikerProblem } from './view-data.ts';

/** The coordinator starts a genesis: the agreed operators, the threshold, how files travel. */
export function GroupCreateForm(props: CreateFormProps) {
  const [protocol, setProtocol] = useState<'app' | 'sss-tool'>('app');
  return (
    <>
      <fieldset className="form">
        <legend>How this group runs (chosen once, at genesis or import)</legend>
        <label className="choice">
          <input type="radio" name="group-protocol" checked={protocol === 'app'} onChange={() => setProtocol('app')} />
          <span>The app&apos;s protocol (recommended): authenticated, sealed with a proper KDF, cheats named</span>
        </label>
        <label className="choice">
          <input type="radio" name="group-protocol" checked={protocol === 'sss-tool'} onChange={() => setProtocol('sss-tool')} />
          <span>
            sss-tool compatible (weaker): with operators who run the trust-server&apos;s sss-tool, or to import an existing operator
          </span>
        </label>
      </fieldset>
      {protocol === 'app' ? <AppGenesisForm {...props} /> : <SssToolPanel />}
    </>
  );
}

function AppGenesisForm({ busy, onCreate }: CreateFormProps) {
  const [title, setTitle] = useState('Attestation signing group');
  const [moniker, setMoniker] = useState('');
  const [others, setOthers] = useState('');
  const [threshold, setThreshold] = useState(2);
  const [url, setUrl] = useState('');
  const [mode, setMode] = useState<'files' | 'folder'>('files');
  const [folder, setFolder] = useState('');
  const [rehearsal, setRehearsal] = useState(false);
  const list = others
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const members = moniker ? [moniker, ...list] : list;
  const lower = members.map((m) => m.toLowerCase());
  const dup = members.find((m, i) => lower.indexOf(m.toLowerCase()) !== i);
  const badName = members.find((m) => monikerProblem(m));
  const problem = !moniker
    ? null
    : badName
      ? `"${badName}": ${monikerProblem(badName)}`
      : dup
        ? `"${dup}" is listed twice; every operator needs their own name.`
        : members.length < 2
          ? 'List at least one other operator.'
          : threshold > members.length
            ? `A threshold of ${threshold} with ${members.length} operators could never sign; use at most ${members.length}.`
            : threshold < 2
              ? 'Use a threshold of at least 2, so no operator can sign alone.'
              : null;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        onCreate(title, rehearsal, { moniker, members, threshold, url, exchangeFolder: mode === 'folder' ? folder : '' });
      }}
    >
      <GenesisExplained />
      <label htmlFor="group-title">Name of the group</label>
      <input id="group-title" type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
      <label htmlFor="group-moniker">Your moniker (the name the trust-server knows you by)</label>
      <input id="group-moniker" type="text" value={moniker} onChange={(e) => setMoniker(e.target.value.trim())} autoComplete="off" />
      <label htmlFor="group-others">The other operators' monikers, one per line (as agreed with them)</label>
      <textarea id="group-others" rows={4} value={others} onChange={(e) => setOthers(e.target.value)} />
      <label htmlFor="group-threshold">Threshold: how many operators must sign together</label>
      <input
        id="group-threshold"
        type="number"
        min={2}
        max={Math.max(2, members.length)}
        value={threshold}
        onChange={(e) => setThreshold(Number(e.target.value))}
      />
      <p className="muted small">
        {members.length} operators; any {threshold} of them can sign, fewer cannot.
      </p>
      <label htmlFor="group-url">Your trust-server address (for peers_list.txt, optional)</label>
      <input id="group-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://trust.example.org/" />
      <ExchangeChoice mode={mode} folder={folder} onMode={setMode} onFolder={setFolder} />
      <label className="choice">
        <input type="checkbox" checked={rehearsal} onChange={(e) => setRehearsal(e.target.checked)} />
        <span>This is a rehearsal (the key will be marked as not for use)</span>
      </label>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button className="btn btn--primary" type="submit" disabled={busy || !moniker || Boolean(problem) || (mode === 'folder' && !folder)}>
        Create the invitation
      </button>
    </form>
  );
}
