import { useId, useState } from 'react';
import { readFiles } from '../../app/files.ts';
import type { ActionFormProps } from '../types.ts';
import { FormButtons } from '../../components/FormButtons.tsx';
import { FormProblems, useFormProblems } from '../../components/FormProblems.tsx';

/** Check a signature against this group's key: the message file and the signature (hex). */
export function VerifyForm({ busy, submit, cancel }: ActionFormProps) {
  const id = useId();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [signature, setSignature] = useState('');
  const sig = signature.trim().replace(/^0x/i, '');
  const problems: string[] = [];
  if (!file) problems.push('Choose the message file.');
  if (!/^([0-9a-fA-F]{2})+$/.test(sig)) problems.push('Paste the signature as hex.');
  const checked = useFormProblems(problems);
  return (
    <form
      className="form"
      noValidate
      onSubmit={checked.onSubmit(() => {
        if (file) submit({ message: file.base64, signature: sig.toLowerCase() });
      })}
    >
      <label htmlFor={`${id}-file`}>Message file</label>
      <input
        id={`${id}-file`}
        type="file"
        data-testid="frost-verify-file"
        onChange={async (e) => setFile(e.target.files?.length ? (await readFiles(e.target.files))[0]! : null)}
      />
      <label htmlFor={`${id}-sig`}>Signature (hex)</label>
      <textarea id={`${id}-sig`} className="mono break" rows={3} value={signature} onChange={(e) => setSignature(e.target.value)} />
      <FormProblems problems={checked.shown} />
      <FormButtons label="Verify" busy={busy} cancel={cancel} />
    </form>
  );
}
