import { useState } from 'react';
import { useApp } from '../../app/store.ts';
import { bridge } from '../../bridge.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import type { ActionFormProps } from '../types.ts';
import type { ImportSummary } from '../../../src-shared/api/bundles.ts';
import { JoinExplained } from './Explain.tsx';
import { groupView, pendingJoin, threshold } from './view-data.ts';
import { FormButtons } from '../../components/FormButtons.tsx';

/** Genesis: everyone compares the roster check code aloud before anything secret is dealt. */
export function ConfirmRosterForm({ view, busy, submit, cancel }: ActionFormProps) {
  const code = groupView(view).rosterCheckCode ?? '';
  const [same, setSame] = useState(false);
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit({ rosterCheckCode: code });
      }}
    >
      <p>
        Roster check code on this machine: <CheckCode code={code} label="Roster check code" />
      </p>
      <p>
        It covers the threshold, every operator's moniker, identity keys and server address. Read it aloud with every other operator (for
        example on a call). Also compare each operator's identity code in the participant list with what they read you.
      </p>
      <label className="choice">
        <input type="checkbox" checked={same} onChange={(e) => setSame(e.target.checked)} />
        <span>Every operator read me exactly this code</span>
      </label>
      <FormButtons label="Confirm and send round 1" busy={busy} disabled={!same} cancel={cancel} cancelLabel="Not yet" />
    </form>
  );
}

/** Newcomer: choose the members who approve (at least the threshold). */
export function RequestJoinForm({ view, busy, submit, cancel }: ActionFormProps) {
  const members = view.participants.filter((p) => !p.tags.includes('you') && !p.tags.includes('joining'));
  const m = threshold(view);
  const [chosen, setChosen] = useState<string[]>(members.slice(0, m).map((p) => p.id));
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit({ quorum: chosen });
      }}
    >
      <JoinExplained threshold={m} />
      <fieldset>
        <legend>Members who will approve you (at least {m}; all of them must take part)</legend>
        {members.map((p) => (
          <label key={p.id} className="choice">
            <input type="checkbox" checked={chosen.includes(p.id)} onChange={() => toggle(p.id)} />
            <span>
              {p.label} {p.checkCode && <CheckCode code={p.checkCode} label={`${p.label}'s identity code`} />}
            </span>
          </label>
        ))}
      </fieldset>
      {chosen.length < m && <p className="field-error">Choose at least {m} members.</p>}
      <FormButtons label="Make my join request" busy={busy} disabled={chosen.length < m} cancel={cancel} />
    </form>
  );
}

/** Approver: type the identity code the newcomer reads out; the app compares it with the request. */
export function ApproveJoinForm({ view, busy, submit, cancel }: ActionFormProps) {
  const j = pendingJoin(view);
  const [code, setCode] = useState('');
  if (!j) return null;
  const typed = code.replace(/\s/g, '');
  const complete = /^\d{4}-\d{4}-\d{4}$/.test(typed);
  const matches = typed === j.identityCheckCode;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit({ epoch: j.epoch, identityCheckCode: typed });
      }}
    >
      <p>
        {j.moniker} asks to join. Approvers named in the request: {listNames(j.approvers)}.
      </p>
      <p>
        Your app already checked that the request is signed by the key it carries, is made for this group as it is now, and uses a new
        moniker. What it cannot check is that the key really belongs to {j.moniker}: ask {j.moniker} to read you their identity code, and
        type it here.
      </p>
      <label htmlFor="approve-code">Identity code {j.moniker} read to you</label>
      <input
        id="approve-code"
        type="text"
        inputMode="numeric"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        placeholder="1234-5678-9012"
        autoComplete="off"
      />
      {complete && !matches && (
        <p className="field-error" role="alert">
          This is not the code in the request. Do not approve: the request may not come from {j.moniker}.
        </p>
      )}
      <p className="muted small">
        Approving sends a file to the other approvers and {j.moniker}: your signed approval, and random pieces of your part of the key, each
        sealed so only one other approver can open it. Once every approver has approved, you send {j.moniker} one sealed value; nobody
        learns your share.
      </p>
      <FormButtons label={`Approve ${j.moniker}`} busy={busy} disabled={!matches} cancel={cancel} />
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

/** "Alice, Bob and Carol", as the request's approvers were listed before. */
function listNames(xs: readonly string[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}
