import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SealCommitteeHealth, type SealKeyServerHealth } from '../../../src-shared/ceremonies/seal.ts';
import { KeyServerHealthRows } from './KeyServerHealthRows.tsx';

const onChain = (i: number) => `0x${String(i).repeat(192)}`;
const row = (partyId: number, name: string, patch: Partial<SealKeyServerHealth> = {}): SealKeyServerHealth => ({
  partyId,
  address: `0x${String(partyId + 1).repeat(64)}`,
  name,
  serverName: `server-${partyId}`,
  url: `https://ks${partyId}.example.org`,
  ok: true,
  reachable: true,
  reachDetail: 'answers 200',
  partialPk: {
    check: 'matches',
    served: onChain(partyId),
    onChain: onChain(partyId),
    otherMember: null,
    detail: 'serves the partial key on chain',
  },
  service: { check: 'committee-mode', serviceId: null, detail: 'answers 400 InvalidServiceId, as a key server in committee mode does' },
  version: '0.6.10',
  gitVersion: 'abc123',
  apiKeyHeader: 'x-api-key',
  problem: null,
  whatToDo: null,
  ...patch,
});

describe('KeyServerHealthRows: one row per member by name', () => {
  const health = SealCommitteeHealth.parse({
    keyServerObjId: `0x${'ab'.repeat(32)}`,
    version: 0,
    network: 'Sui testnet',
    checkedAt: '2026-12-07T10:00:00.000Z',
    ok: false,
    members: [
      row(0, 'Alice (party 0)'),
      row(1, 'Bob (party 1)', {
        ok: false,
        partialPk: {
          check: 'differs',
          served: `0x${'9'.repeat(192)}`,
          onChain: onChain(1),
          otherMember: null,
          detail: 'serves a partial key that is not on chain',
        },
        problem: "Bob (party 1)'s key server serves a partial key that is not the one on chain for them.",
        whatToDo: "Ask Bob (party 1) to check MASTER_SHARE_V0 in their key server's environment.",
      }),
      row(2, 'Carol (party 2)', {
        ok: false,
        reachable: false,
        reachDetail: 'nothing is listening at ks2.example.org (connection refused)',
        partialPk: { check: 'no-answer', served: null, onChain: onChain(2), otherMember: null, detail: 'nothing is listening' },
        version: null,
        gitVersion: null,
        problem: "Carol (party 2)'s key server does not answer at https://ks2.example.org.",
        whatToDo: 'Ask Carol (party 2) to start their key server.',
      }),
    ],
  });
  const html = renderToStaticMarkup(createElement(KeyServerHealthRows, { health, locale: 'en-GB' }));
  const [main, details] = html.split('<details');

  it('says how many are OK, names each member, and puts what to do next to each problem', () => {
    expect(main).toContain('1 of 3 key servers OK (checked 7 Dec 2026');
    expect(main).toContain(
      '<th scope="row">Alice (party 0)</th><td><span aria-hidden="true">✓ </span>OK<span class="muted"> (version 0.6.10)</span></td>',
    );
    expect(main).toContain(
      `<th scope="row">Bob (party 1)</th><td><p class="field-error">Bob (party 1)&#x27;s key server serves a partial key that is not the one on chain for them.</p><p class="small">What to do: Ask Bob (party 1) to check MASTER_SHARE_V0 in their key server&#x27;s environment.</p></td>`,
    );
    expect(main).toContain('key-server-health__row--bad"><th scope="row">Carol (party 2)</th>');
    expect(main).toContain('What to do: Ask Carol (party 2) to start their key server.');
  });

  it('keeps partial keys, URLs and versions under Technical details only', () => {
    for (const hex of [onChain(0), onChain(1), `0x${'9'.repeat(192)}`, health.keyServerObjId]) {
      expect(main).not.toContain(hex);
      expect(details).toContain(hex);
    }
    expect(details).toContain('<summary>Technical details</summary>');
    expect(details).toContain('Bob (party 1): server-1 at https://ks1.example.org; /health answers 200');
    expect(details).toContain('served a partial key on chain for nobody');
    expect(details).toContain('Carol (party 2): server-2 at https://ks2.example.org; /health nothing is listening');
    expect(details).toContain('version not reported; API key sent in x-api-key.');
    expect(details).not.toContain('undefined');
  });
});
