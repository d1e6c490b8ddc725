import { bytesToHex } from '@noble/hashes/utils.js';
import { fromBase64 } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { SealRegisterFunds } from '../../../../src-shared/ceremonies/seal.ts';
import { rehearsalChain } from '../../transports/sui/open-chain.ts';
import { RehearsalLedger } from '../../transports/sui/ledger/ledger.ts';
import type { NetworkConfig } from '../../transports/sui/network.ts';
import { SuiCommitteeChain } from '../../transports/sui/sui-chain.ts';
import { describeTransaction } from '../../transports/sui/tx/describe.ts';
import { fakeDump, keypair, registration } from '../../transports/sui/test-support.ts';
import { registerCall } from './member.ts';
import { faucetUrlOf, registerFunds } from './register-funds.ts';
import { fixtureBase, fixtureMember } from './state-fixtures.ts';
import type { MemberState } from './state.ts';
import { networkConfig } from './network.ts';

const SUI = 1_000_000_000n;

/**
 * A committee of two on a rehearsal ledger; only the members listed in `fund` get SUI. The
 * member state says `network` (the ledger stands in for that network's node, without a faucet
 * unless it is the rehearsal).
 */
async function setup(network: string, fund: number[]) {
  const ledger = RehearsalLedger.inMemory({ now: () => 1_700_000_000_000 });
  const coordinator = keypair(500);
  const members = [keypair(501), keypair(502)];
  await ledger.faucet(coordinator.toSuiAddress());
  for (const i of fund) await ledger.faucet(members[i]!.toSuiAddress(), 1_250_000_000n);
  const maker = rehearsalChain(ledger);
  const published = await maker.execute({ kind: 'publish', dump: fakeDump() }, coordinator);
  const init = await maker.execute(
    {
      kind: 'init_committee',
      packageId: published.packageId!,
      upgradeCapId: published.upgradeCapId!,
      threshold: 2,
      members: members.map((m) => m.toSuiAddress()),
    },
    coordinator,
  );
  const config: NetworkConfig = networkConfig(network);
  const chain = config.kind === 'rehearsal' ? maker : new SuiCommitteeChain(ledger.client, config);
  const b = fixtureBase(2);
  const reg = registration(0);
  const state: MemberState = fixtureMember(
    {
      address: members[0]!.toSuiAddress(),
      server: { url: reg.url, name: reg.name },
      keys: { encPk: bytesToHex(reg.encPk), signingPk: bytesToHex(reg.signingPk) },
    },
    {
      ...b,
      committee: {
        ...b.committee,
        network,
        packageId: published.packageId!,
        committeeId: init.committeeId!,
        members: members.map((m, i) => ({ address: m.toSuiAddress(), label: `M${i}` })),
      },
    },
  );
  return { ledger, chain, state, services: { openChain: async () => chain } };
}

describe('seal.registerFunds: balance and the most the registration costs', () => {
  it('a funded testnet account: its balance, the budget the register transaction is built with, the faucet', async () => {
    const { chain, state, services } = await setup('testnet', [0]);
    const funds = SealRegisterFunds.parse(await registerFunds(state, services));
    expect(funds).toMatchObject({
      network: 'Sui testnet',
      address: state.address,
      balanceMist: '1250000000',
      feeProblem: null,
      selfFunding: false,
      faucetUrl: 'https://faucet.sui.io/',
    });
    // The very budget the register transaction gets when it is prepared (the same dry-run estimate).
    const prepared = await chain.prepare(registerCall(state), state.address);
    expect(funds.feeMist).toBe(describeTransaction(fromBase64(prepared.bytes)).gas.budget);
    expect(BigInt(funds.feeMist!)).toBeGreaterThan(0n);
    expect(BigInt(funds.feeMist!)).toBeLessThan(SUI);
  });

  it('an empty account still learns what registering needs', async () => {
    const { state, services } = await setup('testnet', []);
    const funds = await registerFunds(state, services);
    expect(funds.balanceMist).toBe('0');
    expect(funds.feeProblem).toBeNull();
    expect(BigInt(funds.feeMist!)).toBeGreaterThan(0n);
    expect(funds.selfFunding).toBe(false);
  });

  it('a rehearsal funds the account itself and has no web faucet', async () => {
    const { state, services } = await setup('rehearsal', []);
    const funds = await registerFunds(state, services);
    expect(funds).toMatchObject({ network: 'REHEARSAL (not a real network)', balanceMist: '0', selfFunding: true, faucetUrl: null });
    expect(BigInt(funds.feeMist!)).toBeGreaterThan(0n);
  });

  it('mainnet and custom nodes: no faucet', async () => {
    const { state, services } = await setup('mainnet', [0]);
    const funds = await registerFunds(state, services);
    expect(funds).toMatchObject({ network: 'Sui mainnet', faucetUrl: null, selfFunding: false, balanceMist: '1250000000' });
    expect(faucetUrlOf(networkConfig('https://node.example'))).toBeNull();
    expect(faucetUrlOf(networkConfig('devnet'))).toBe('https://faucet.sui.io/');
  });

  it('a prepared registration: its own budget', async () => {
    const { chain, state, services } = await setup('testnet', [0]);
    const prepared = await chain.prepare(registerCall(state), state.address, { gasBudget: 7_654_321n });
    const withPending: MemberState = {
      ...state,
      pending: {
        purpose: 'register',
        bytes: prepared.bytes,
        digest: prepared.digest,
        sender: prepared.sender,
        network: chain.label,
        description: [],
        preparedAt: '2025-01-01T00:00:00.000Z',
        attempt: 1,
        status: 'unsigned',
        signature: null,
      },
    };
    expect((await registerFunds(withPending, services)).feeMist).toBe('7654321');
  });

  it('a fee the node cannot estimate is left out with the reason; the balance still shows', async () => {
    const { state, services } = await setup('testnet', [0]);
    const wrongCommittee = { ...state, committee: { ...state.committee, committeeId: `0x${'d'.repeat(64)}` } };
    const funds = await registerFunds(wrongCommittee, services);
    expect(funds.feeMist).toBeNull();
    expect(funds.feeProblem).toMatch(/./);
    expect(funds.balanceMist).toBe('1250000000');
  });

  it('refuses where there is nothing to read: an air-gapped member, a member without keys', async () => {
    const { state, services } = await setup('testnet', [0]);
    await expect(registerFunds({ ...state, airGapped: true }, services)).rejects.toMatchObject({ code: 'seal/offline-member' });
    await expect(registerFunds({ ...state, keys: null }, services)).rejects.toMatchObject({ code: 'seal/no-keys' });
  });
});
