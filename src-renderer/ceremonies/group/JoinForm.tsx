import { useState } from 'react';
import type { JoinFormProps } from '../types.ts';
import { ExchangeChoice, JoinExplained } from './Explain.tsx';
import { monikerProblem } from './view-data.ts';

/**
 * Joining from a group file: a genesis invitation (join under your agreed moniker) or a member's
 * group information (ask to join the existing group under a new moniker).
 */
export function GroupJoinForm({ busy, invitation, onJoin }: JoinFormProps) {
  const [moniker, setMoniker] = useState('');
  const [url, setUrl] = useState('');
  const [mode, setMode] = useState<'files' | 'folder'>('files');
  const [folder, setFolder] = useState('');
  if (!invitation) return null;
  const newcomer = invitation.step.startsWith('group-info');
  const problem = moniker ? monikerProblem(moniker) : null;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        onJoin({ moniker, url, exchangeFolder: mode === 'folder' ? folder : '' });
      }}
    >
      {newcomer ? (
        <>
          <p>
            This is the information of an existing group. You will ask its members to let you in under a <strong>new</strong> moniker.
          </p>
          <JoinExplained />
        </>
      ) : (
        <p>This invitation starts a new group. Join it under the moniker you agreed on with the others.</p>
      )}
      <label htmlFor="group-join-moniker">{newcomer ? 'Your new moniker' : 'Your moniker'}</label>
      <input
        id="group-join-moniker"
        type="text"
        value={moniker}
        onChange={(e) => setMoniker(e.target.value.trim())}
        autoComplete="off"
        aria-invalid={Boolean(problem)}
      />
      {problem && <p className="field-error">{problem}</p>}
      <label htmlFor="group-join-url">Your trust-server address (for peers_list.txt, optional)</label>
      <input id="group-join-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://trust.example.org/" />
      <ExchangeChoice mode={mode} folder={folder} onMode={setMode} onFolder={setFolder} />
      <button className="btn btn--primary" type="submit" disabled={busy || !moniker || Boolean(problem) || (mode === 'folder' && !folder)}>
        {newcomer ? 'Continue as newcomer' : 'Join'}
      </button>
    </form>
  );
}
