import { useApp } from '../../app/store.ts';
import { actionWithCode, useSecretExport } from '../../components/SecretExport.tsx';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';

/**
 * The coordinator's aggregator-config.yaml holds the members' API keys: main writes it (0600)
 * where the person confirms, never through this page.
 */
export function AggregatorExport({ view }: { view: CeremonyView }) {
  const busy = useApp((s) => s.busy);
  const notify = useApp((s) => s.notify);
  const secretExport = useSecretExport();
  if (!view.next.some((a) => a.action === 'export-aggregator-config')) return null;
  return (
    <>
      <p className="warn-box">
        aggregator-config.yaml holds the members&apos; API keys in plain text. It is written readable by you only (mode 0600); give it only
        to the aggregator operator, then delete it.
      </p>
      <button
        type="button"
        className="btn"
        disabled={Boolean(busy)}
        onClick={() =>
          void secretExport.run(
            'Writing aggregator-config.yaml',
            'ceremonies.act',
            actionWithCode(view.id, 'export-aggregator-config'),
            (v) => {
              useApp.getState().showView(v);
              notify('success', 'aggregator-config.yaml written (readable only by you). Give it only to the aggregator operator.');
            },
          )
        }
      >
        Write aggregator-config.yaml
      </button>
      {secretExport.codeForm}
    </>
  );
}
