import { describe, it } from 'vitest';
import type { StepContext } from '../../engine/protocol.ts';
import { expectCode } from '../../vault/test-support.ts';
import { sendApiCredentials } from './credentials.ts';
import type { MemberState } from './state.ts';

describe('Seal API credentials', () => {
  it('are refused, never sent in the clear, when the invitation carried no coordinator key (dkg.yaml, older app)', async () => {
    const s = {
      partyId: 0,
      credentials: null,
      coordinatorCredentialsKey: null,
      committee: { committeeId: `0x${'1'.repeat(64)}` },
      keyServer: { partials: [{ partyId: 0, name: 'ks0' }] },
    } as unknown as MemberState;
    const ctx = {
      services: { openChain: () => undefined, runner: {}, localCoordinatorCredentialsKey: () => null },
    } as unknown as StepContext;
    await expectCode(sendApiCredentials(s, { apiKeyName: 'x-api-key' }, ctx), 'seal/no-credentials-key');
  });
});
