import { useId, useState } from 'react';
import { useApp } from '../../app/store.ts';
import { FormButtons } from '../../components/FormButtons.tsx';
import { actionWithCode, useSecretExport } from '../../components/SecretExport.tsx';
import type { ActionFormProps } from '../types.ts';
import { frostView } from './view.ts';

/**
 * Your share for frost-client and frostd (under "More"): main writes frost-client's own config
 * file, key package in clear, where you choose (a save dialog, or the host's one-time code);
 * this page never sees its contents. The relay to name in it defaults to the group's.
 */
export function ExportClientForm({ view, busy, cancel }: ActionFormProps) {
  const id = useId();
  const fv = frostView(view);
  const [understood, setUnderstood] = useState(false);
  const secretExport = useSecretExport();
  const notify = useApp((s) => s.notify);
  return (
    <>
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          await secretExport.run('Writing the frost-client file', 'ceremonies.act', actionWithCode(view.id, 'export-frost-client'), (v) => {
            useApp.getState().showView(v);
            notify('success', 'frost-client file written (readable only by you): the activity log says where. Delete it when done.');
            cancel();
          });
        }}
      >
        <p className="warn-box">
          The file holds your share of “{fv.description}” <strong>unencrypted</strong>, as frost-client keeps it: anyone who reads it can
          sign as you. It is written readable by your user only (mode 0600) and never over another file. Use it with{' '}
          <code>frost-client -c &lt;file&gt;</code>, keep it on an encrypted disk, and delete it when you no longer need it.
        </p>
        <label className="choice">
          <input id={`${id}-ok`} type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
          <span>I understand the file holds my share in plain text.</span>
        </label>
        <FormButtons label="Write the frost-client file" busy={busy} disabled={!understood} cancel={cancel} />
      </form>
      {secretExport.codeForm}
    </>
  );
}
