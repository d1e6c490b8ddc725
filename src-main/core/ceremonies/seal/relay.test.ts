import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../bundles/format.ts';
import { acceptRequest } from './relay.ts';
import { fixtureAddr, fixtureBase, fixtureRelay } from './state-fixtures.ts';
import { defaultMemberLabel } from './values.ts';

/** A register request from the relay's member M1, as its install labels it. */
function requestFrom(label: string): Bundle {
  const payload = { address: fixtureAddr(1), encPk: 'aa'.repeat(48), signingPk: 'bb'.repeat(96), url: 'https://ks1', name: 'ks1' };
  return {
    header: { sender: { id: 'member-1', label, publicKey: '00' }, createdAt: '2025-01-01T00:00:00.000Z' },
    payload: new TextEncoder().encode(JSON.stringify(payload)),
  } as unknown as Bundle;
}

describe('relay', () => {
  // Joined from dkg.yaml, which names nobody: the relay only knows "Member 2 (0x2222…)".
  const unnamed = () => {
    const b = fixtureBase();
    const members = b.committee.members.map((m, i) => ({ ...m, label: defaultMemberLabel(i, m.address) }));
    return fixtureRelay({}, { ...b, committee: { ...b.committee, members } });
  };

  it('counts an unnamed member from 1, as the screens do ("member 2 of 3")', () => {
    expect(unnamed().committee.members[1]!.label).toMatch(/^Member 2 \(0x2222/);
  });

  it("takes its member's name from the member's first bundle, and keeps a name it already has", async () => {
    const named = await acceptRequest(unnamed(), requestFrom('Erin'), 'register');
    expect(named.state.committee.members[1]!.label).toBe('Erin');
    expect(named.state.committee.members[0]!.label).toMatch(/^Member 1 /);
    const kept = await acceptRequest(fixtureRelay(), requestFrom('Erin'), 'register');
    expect(kept.state.committee.members[1]!.label).toBe('M1');
    const noName = await acceptRequest(unnamed(), requestFrom(''), 'register');
    expect(noName.state.committee.members[1]!.label).toMatch(/^Member 2 /);
  });
});
