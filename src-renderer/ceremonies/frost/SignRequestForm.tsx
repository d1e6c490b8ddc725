import { useId, useState } from 'react';
import { readFiles } from '../../app/files.ts';
import { MAX_SIGN_MESSAGE_BYTES } from '../../../src-shared/ceremonies/frost.ts';
import type { ActionFormProps } from '../types.ts';
import { MessagePreview } from './MessagePreview.tsx';
import { base64ToBytes } from './bytes.ts';
import { activeMembers, myId, onlineServer, threshold } from './view.ts';
import { FormButtons } from '../../components/FormButtons.tsx';
import { FormProblems, useFormProblems } from '../../components/FormProblems.tsx';

/** Coordinator: pick the signers and the message file (online: also the relay, the group's by default). */
export function SignRequestForm({ view, busy, submit, cancel, online = false }: ActionFormProps & { online?: boolean }) {
  const id = useId();
  const [server, setServer] = useState(onlineServer(view) ?? '');
  const members = activeMembers(view);
  const me = myId(view);
  const t = threshold(view);
  const [signers, setSigners] = useState<string[]>(me ? [me] : []);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const bytes = file ? base64ToBytes(file.base64) : null;
  const problems: string[] = [];
  if (signers.length < t) problems.push(`Choose at least ${t} signers (the group's threshold).`);
  if (online && !server.trim()) problems.push('Enter the relay address.');
  if (!bytes) problems.push('Choose the file to sign.');
  else if (bytes.length > MAX_SIGN_MESSAGE_BYTES)
    problems.push(`The file has ${bytes.length} bytes; at most ${MAX_SIGN_MESSAGE_BYTES} can be signed.`);
  const checked = useFormProblems(problems);

  return (
    <form
      className="form"
      noValidate
      onSubmit={checked.onSubmit(() => {
        if (file) submit({ signers, message: file.base64, label: file.name, ...(online ? { server: server.trim() } : {}) });
      })}
    >
      <fieldset>
        <legend>Who signs? (at least {t})</legend>
        {members.map((m) => (
          <label key={m.id} className="choice">
            <input
              type="checkbox"
              checked={signers.includes(m.id)}
              onChange={(e) =>
                setSigners(
                  e.target.checked
                    ? members.filter((x) => x.id === m.id || signers.includes(x.id)).map((x) => x.id)
                    : signers.filter((s) => s !== m.id),
                )
              }
            />
            <span>
              {m.label}
              {m.you ? ' (you)' : ''}
            </span>
          </label>
        ))}
      </fieldset>
      {online && (
        <>
          <label htmlFor={`${id}-relay`}>frostd relay address</label>
          <input
            id={`${id}-relay`}
            type="text"
            value={server}
            onChange={(e) => setServer(e.target.value)}
            placeholder="frostd.example.org:2744"
          />
        </>
      )}
      <label htmlFor={`${id}-file`}>Message file to sign</label>
      <input
        id={`${id}-file`}
        type="file"
        data-testid="frost-message-file"
        onChange={async (e) => setFile(e.target.files?.length ? (await readFiles(e.target.files))[0]! : null)}
      />
      {bytes && file && <MessagePreview bytes={bytes} title={`What will be signed: ${file.name}`} />}
      <FormProblems problems={checked.shown} />
      <FormButtons label={online ? 'Start the signing on the relay' : 'Send the signing request'} busy={busy} cancel={cancel} />
    </form>
  );
}

export function OnlineSignRequestForm(props: ActionFormProps) {
  return <SignRequestForm {...props} online />;
}
