import { useState } from 'react';
import { useApp } from '../../app/store.ts';
import { bridge } from '../../bridge.ts';
import type { ActionFormProps } from '../types.ts';
import type { ImportSummary } from '../../../src-shared/api/bundles.ts';
import { groupView, pendingJoin } from './view-data.ts';
import { FormButtons } from '../../components/FormButtons.tsx';

/** Newcomer: choose the members who approve (at least the threshold). */
export function RequestJoinForm({ view, busy, submit, cancel }: ActionFormProps) {
  const gv = groupView(view);
  const members = gv.members.filter((m) => !m.you && m.role === 'operator').map((m) => m.moniker);
  const m = gv.threshold;
  const [chosen, setChosen] = useState<string[]>(members.slice(0, m));
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit({ quorum: chosen });
      }}
    >
      <fieldset>
        <legend>Members who will approve you (at least {m}; all of them must take part)</legend>
        {members.map((name) => (
          <label key={name} className="choice">
            <input type="checkbox" checked={chosen.includes(name)} onChange={() => toggle(name)} />
            <span>{name}</span>
          </label>
        ))}
      </fieldset>
      {chosen.length < m && (
        <p className="field-error" role="alert">
          Choose at least {m} members.
        </p>
      )}
      <FormButtons label="Make my join request" busy={busy} disabled={chosen.length < m} cancel={cancel} />
    </form>
  );
}

export function RefuseJoinForm({ view, busy, submit, cancel }: ActionFormProps) {
  const j = pendingJoin(view);
  const [reason, setReason] = useState('');
  if (!j) return null;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit({ epoch: j.epoch, reason: reason.trim() });
      }}
    >
      <label htmlFor="refuse-reason">Why do you refuse {j.moniker}'s request? (kept in your records; nothing is sent)</label>
      <textarea id="refuse-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      <FormButtons label="Refuse" busy={busy} disabled={!reason.trim()} cancel={cancel} />
    </form>
  );
}

export function ExportForm({ view, busy, submit, cancel }: ActionFormProps) {
  const [folder, setFolder] = useState('');
  const [withPrivate, setWithPrivate] = useState(false);
  const info = useApp((s) => s.info);
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit({ folder: folder.trim(), includePrivate: withPrivate });
      }}
    >
      <p>
        Writes <code>public_key.txt</code> and <code>peers_list.txt</code> (for the trust-server's <code>public_info/</code>) and{' '}
        <code>shared.sss</code>.{view.rehearsal && ' This is a rehearsal group: do not publish its key.'}
      </p>
      <label htmlFor="export-folder">Folder on this computer</label>
      <div className="row">
        <input
          id="export-folder"
          type="text"
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          placeholder="/media/usb/trust-server"
        />
        {info?.nativeDialogs && (
          <button
            type="button"
            className="btn"
            onClick={async () => {
              const r = await bridge.call('app.pickFolder', { title: 'Export folder' });
              if (r.path) setFolder(r.path);
            }}
          >
            Choose…
          </button>
        )}
      </div>
      <label className="choice">
        <input type="checkbox" checked={withPrivate} onChange={(e) => setWithPrivate(e.target.checked)} />
        <span>
          Also write <code>private.sss</code>: <strong>your share, unencrypted</strong>, in the layout the trust-server's sss-tool reads.
          Only for the machine that runs your trust-server; keep no other copy.
        </span>
      </label>
      <FormButtons label="Export" busy={busy} disabled={!folder.trim()} cancel={cancel} />
    </form>
  );
}

/** Online mode: imports the exchange folder (a plain import; no protocol step runs). */
export function CheckExchangeForm({ view, busy, cancel }: ActionFormProps) {
  const run = useApp((s) => s.run);
  const announce = useApp((s) => s.announce);
  const folder = groupView(view).exchangeFolder ?? '';
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  return (
    <div className="form">
      <div className="row">
        <button
          className="btn btn--primary"
          type="button"
          disabled={busy}
          onClick={async () => {
            const s = await run('Picking up files', 'bundles.importFolder', { ceremonyId: view.id, path: folder });
            if (s) {
              setSummary(s);
              announce(`${s.accepted} new files imported.`);
              await useApp.getState().openCeremony(view.id);
            }
          }}
        >
          Pick up now
        </button>
        <button className="btn" type="button" onClick={cancel}>
          {summary ? 'Done' : 'Close'}
        </button>
      </div>
      {summary && (
        <p role="status">
          {summary.accepted} new, {summary.skipped} already here
          {summary.rejected ? `, ${summary.rejected} refused (see Import for details)` : ''}.
        </p>
      )}
    </div>
  );
}
