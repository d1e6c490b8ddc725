import { Suspense } from 'react';
import { useApp } from '../app/store.ts';
import { useProtocolUi } from '../ceremonies/registry.ts';
import { PROTOCOL_CATALOG } from '../../src-shared/ceremonies/catalog.ts';

export function NewCeremony({ protocol }: { protocol: string | null }) {
  const info = useApp((s) => s.info);
  const available = info?.protocols ?? [];

  if (!protocol) {
    return (
      <>
        <header className="page-header">
          <h1 tabIndex={-1}>New ceremony</h1>
        </header>
        <p>What kind of key will the ceremony create?</p>
        <ul className="cards">
          {available.map((p) => (
            <li key={p} className="card">
              <a className="card__link" href={`#/new/${p}`}>
                <span className="card__title">{PROTOCOL_CATALOG[p].title}</span>
              </a>
              <p>{PROTOCOL_CATALOG[p].description}</p>
            </li>
          ))}
        </ul>
      </>
    );
  }
  const title = PROTOCOL_CATALOG[protocol as keyof typeof PROTOCOL_CATALOG]?.title ?? protocol;
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>New {title}</h1>
        <a href="#/new" className="btn btn--ghost">
          Back
        </a>
      </header>
      {/* The heading shows at once; the family's form when its screens have loaded. */}
      <Suspense fallback={<p aria-busy="true">Loading the form…</p>}>
        <FamilyCreateForm protocol={protocol} title={title} available={available.includes(protocol as never)} />
      </Suspense>
    </>
  );
}

function FamilyCreateForm({ protocol, title, available }: { protocol: string; title: string; available: boolean }) {
  const navigate = useApp((s) => s.navigate);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const Form = useProtocolUi(protocol)?.CreateForm;
  if (!Form || !available) return <p className="alert alert--error">This app cannot create {title} ceremonies.</p>;
  return (
    <Form
      busy={Boolean(busy)}
      onCreate={async (t, rehearsal, params) => {
        const view = await run('Creating the ceremony', 'ceremonies.create', {
          protocol: protocol as never,
          title: t,
          rehearsal,
          params,
        });
        if (view) navigate({ name: 'ceremony', id: view.id });
      }}
    />
  );
}
