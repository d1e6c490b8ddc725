import { useState } from 'react';
import { useApp } from '../app/store.ts';
import { readFiles } from '../app/files.ts';
import { bridge } from '../bridge.ts';
import { loadedProtocolUi, loadProtocolUi } from '../ceremonies/registry.ts';
import { CheckCode } from '../components/CheckCode.tsx';
import type { BundleHeaderView } from '../../src-shared/api/bundles.ts';

/** Join from an invitation: a bundle (shown with its check code first) or a protocol's own file. */
export function JoinFromFile({ primary = true }: { primary?: boolean }) {
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const navigate = useApp((s) => s.navigate);
  const info = useApp((s) => s.info);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [header, setHeader] = useState<BundleHeaderView | null>(null);
  const [nativeFile, setNativeFile] = useState(false);

  const pick = async (list: FileList | null) => {
    if (!list?.length) return;
    const [f] = await readFiles(list);
    setFile(f!);
    setHeader(null);
    setNativeFile(false);
    let inspected: BundleHeaderView | null = null;
    try {
      inspected = await bridge.call('bundles.inspect', f!);
    } catch (e) {
      if ((e as { code?: string }).code !== 'bundle/not-a-bundle') {
        useApp.getState().notify('error', (e as Error).message);
        return;
      }
    }
    // The family's screens load before the invitation shows (its join form, whether it compares a code).
    try {
      await Promise.all(inspected ? [loadProtocolUi(inspected.protocol)] : (info?.protocols ?? []).map(loadProtocolUi));
    } catch (e) {
      useApp.getState().notify('error', (e as Error).message);
      return;
    }
    if (inspected) setHeader(inspected);
    else setNativeFile(true);
  };
  const join = async (params: Record<string, unknown>) => {
    if (!file) return;
    const view = await run('Joining the ceremony', 'ceremonies.join', { ...file, params });
    if (view) {
      setFile(null);
      navigate({ name: 'ceremony', id: view.id });
    }
  };
  const Form = header ? loadedProtocolUi(header.protocol)?.JoinForm : undefined;
  const nativeForms = (info?.protocols ?? []).map((p) => [p, loadedProtocolUi(p)?.JoinForm] as const).filter(([, f]) => f);

  return (
    <section className="panel" aria-labelledby="join-h">
      <h2 id="join-h">Join a ceremony</h2>
      <p>
        Open the invitation you received (a <code>.ceremony</code> file, or for a Seal committee the <code>dkg.yaml</code>).
      </p>
      <label className={primary ? 'btn btn--primary file-btn' : 'btn file-btn'}>
        Choose invitation file…
        <input type="file" className="visually-hidden" onChange={(e) => void pick(e.target.files)} data-testid="join-file" />
      </label>
      {file && header && (
        <div className="invitation">
          <p>
            <strong>{file.name}</strong>: an invitation from <strong>{header.sender.label || header.sender.id}</strong>
            {header.rehearsal && <span className="tag tag--rehearsal">rehearsal</span>}.
          </p>
          {/* Member-first protocols compare ONE code, the one the coordinator announces, right after joining (their join form says so). */}
          {!loadedProtocolUi(header.protocol)?.frame && (
            <p>
              Before joining, compare this check code with the one your coordinator announced:{' '}
              <CheckCode code={header.checkCode} label="Invitation check code" />
            </p>
          )}
          {Form ? (
            <Form busy={Boolean(busy)} invitation={header} fileName={file.name} onJoin={(p) => void join(p)} />
          ) : (
            <button type="button" className="btn btn--primary" disabled={Boolean(busy)} onClick={() => void join({})}>
              Join
            </button>
          )}
        </div>
      )}
      {file && nativeFile && (
        <div className="invitation">
          <p>
            <strong>{file.name}</strong> is not a bundle; it may be a protocol file such as a Seal <code>dkg.yaml</code>.
          </p>
          {nativeForms.length ? (
            nativeForms.map(
              ([p, F]) =>
                F && <F key={p} busy={Boolean(busy)} invitation={null} fileName={file.name} onJoin={(params) => void join(params)} />,
            )
          ) : (
            <button type="button" className="btn btn--primary" disabled={Boolean(busy)} onClick={() => void join({})}>
              Join
            </button>
          )}
        </div>
      )}
    </section>
  );
}
