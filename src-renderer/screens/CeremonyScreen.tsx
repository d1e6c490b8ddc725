import { useState } from 'react';
import { useApp } from '../app/store.ts';
import { PhaseStepper } from '../components/PhaseStepper.tsx';
import { Roster } from '../components/Roster.tsx';
import { Facts } from '../components/Facts.tsx';
import { ActivityLog } from '../components/ActivityLog.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { useProtocolUi } from '../ceremonies/registry.ts';
import { PROTOCOL_CATALOG } from '../../src-shared/ceremonies/catalog.ts';
import type { NextAction } from '../../src-shared/api/ceremonies.ts';
import { NetworkMarker } from '../components/NetworkMarker.tsx';
import { StepList } from '../components/StepList.tsx';
import { TechnicalDetails } from '../components/TechnicalDetails.tsx';
import { Artifacts } from './ceremony/Artifacts.tsx';
import { ImportPanel } from './ceremony/ImportPanel.tsx';

export function CeremonyScreen({ id }: { id: string }) {
  const view = useApp((s) => s.current);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const announce = useApp((s) => s.announce);
  const [confirming, setConfirming] = useState<NextAction | null>(null);
  const [form, setForm] = useState<NextAction | null>(null);
  /** Why the form's last submission was refused: shown in the form, which stays open to correct it. */
  const [formError, setFormError] = useState<string | null>(null);
  const ui = useProtocolUi(view?.id === id ? view.protocol : undefined);

  if (!view || view.id !== id) return <p aria-busy="true">Loading…</p>;

  const act = async (a: NextAction, input: Record<string, unknown>) => {
    setForm(null);
    const next = await run(a.label, 'ceremonies.act', { id: view.id, action: a.action, input });
    if (next) {
      useApp.getState().showView(next);
      announce(`${a.label}: done. ${next.headline}`);
    }
  };
  const submitForm = async (a: NextAction, input: Record<string, unknown>) => {
    const r = await useApp.getState().attempt(a.label, 'ceremonies.act', { id: view.id, action: a.action, input });
    if (!r.ok) {
      setFormError(r.message);
      return;
    }
    setForm(null);
    setFormError(null);
    useApp.getState().showView(r.value);
    announce(`${a.label}: done. ${r.value.headline}`);
  };
  const closeForm = () => {
    setForm(null);
    setFormError(null);
  };
  const start = (a: NextAction) => {
    if (ui?.actionForms?.[a.action]) setForm(a);
    else if (a.confirm) setConfirming(a);
    else void act(a, {});
  };
  const ActionForm = form ? ui?.actionForms?.[form.action] : undefined;
  const Panels = ui?.Panels;
  const nextActions = view.next.filter((a) => !ui?.panelActions?.includes(a.action));
  const confirmDialog = (
    <ConfirmDialog
      open={confirming !== null}
      title={confirming?.label ?? ''}
      body={confirming?.confirm ?? ''}
      confirmLabel={confirming?.label ?? 'Confirm'}
      onCancel={() => setConfirming(null)}
      onConfirm={() => {
        const a = confirming!;
        setConfirming(null);
        void act(a, {});
      }}
    />
  );
  const actionForm = ActionForm && form && (
    <div className="action-form">
      <h3>{form.label}</h3>
      <p>{form.description}</p>
      {formError && (
        <p className="alert alert--error" role="alert">
          {formError}
        </p>
      )}
      <ActionForm view={view} busy={Boolean(busy)} submit={(input) => void submitForm(form, input)} cancel={closeForm} />
    </div>
  );
  const importPanel = (ui?.acceptsImports ? ui.acceptsImports(view) : view.status === 'active') && <ImportPanel ceremonyId={view.id} />;

  if (ui?.Task && ui.frame) {
    // Member-first: who and where, the steps in plain words, ONE task, files due now; the rest under Technical details.
    const frame = ui.frame(view);
    const runInput = async (action: string, input: Record<string, unknown>, label: string) => {
      const next = await run(label, 'ceremonies.act', { id: view.id, action, input });
      if (next) {
        useApp.getState().showView(next);
        announce(`${label}: done. ${next.headline}`);
      }
    };
    const more = nextActions.filter((a) => !a.primary);
    return (
      <>
        <header className="page-header">
          <div>
            <h1 tabIndex={-1}>{view.title}</h1>
            <p className="who">
              {frame.who}
              {frame.network && <NetworkMarker kind={frame.network.kind} label={frame.network.label} />}
            </p>
          </div>
        </header>
        <StepList steps={frame.steps} current={frame.current} />
        <section className="panel panel--next" aria-labelledby="next-h">
          <h2 id="next-h">{frame.heading}</h2>
          {actionForm || <ui.Task view={view} busy={Boolean(busy)} start={start} act={runInput} />}
        </section>
        {(ui.acceptsImports ? ui.acceptsImports(view) : view.status === 'active') && <ImportPanel ceremonyId={view.id} codes={false} />}
        <TechnicalDetails>
          {ui.Details && <ui.Details view={view} />}
          {more.length > 0 && (
            <section className="panel" aria-labelledby="more-h">
              <h2 id="more-h">Other actions</h2>
              <div className="actions">
                {more.map((a) => (
                  <div key={a.action} className="action">
                    <button type="button" className="btn" disabled={Boolean(busy)} onClick={() => start(a)}>
                      {a.label}
                    </button>
                    <span className="muted">{a.description}</span>
                  </div>
                ))}
              </div>
            </section>
          )}
          <p className="small">Status: {view.headline}</p>
          <Roster participants={view.participants} />
          <Facts facts={view.facts} />
          <Artifacts view={view} />
          <ActivityLog entries={view.activity} intact={view.journalIntact} />
        </TechnicalDetails>
        {confirmDialog}
      </>
    );
  }

  return (
    <>
      <header className="page-header">
        <div>
          <h1 tabIndex={-1}>{view.title}</h1>
          <p className="muted">
            {PROTOCOL_CATALOG[view.protocol].title} · you are the {view.role}
            {view.rehearsal && <span className="tag tag--rehearsal">rehearsal</span>}
            {view.status !== 'active' && <span className={`tag tag--${view.status}`}>{view.status}</span>}
          </p>
        </div>
      </header>
      <PhaseStepper phases={view.phases} />

      <section className="panel panel--next" aria-labelledby="next-h">
        <h2 id="next-h">{view.status === 'completed' ? 'Done' : 'Next'}</h2>
        <p className="headline">{view.headline}</p>
        {actionForm || (
          <div className="actions">
            {nextActions.map((a) => (
              <div key={a.action} className="action">
                <button type="button" className={a.primary ? 'btn btn--primary' : 'btn'} disabled={Boolean(busy)} onClick={() => start(a)}>
                  {a.label}
                </button>
                <span className="muted">{a.description}</span>
              </div>
            ))}
          </div>
        )}
        {ui?.Live && <ui.Live view={view} />}
      </section>
      {Panels && <Panels view={view} />}

      <div className="columns">
        <div>
          <Roster participants={view.participants} />
          <Facts facts={view.facts} />
        </div>
        <div>
          <Artifacts view={view} />
          {importPanel}
        </div>
      </div>
      <ActivityLog entries={view.activity} intact={view.journalIntact} />

      {confirmDialog}
    </>
  );
}
