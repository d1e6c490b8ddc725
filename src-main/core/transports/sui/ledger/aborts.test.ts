/**
 * Every abort the fresh-DKG functions of committee.move can raise, provoked on the rehearsal
 * ledger and seen through the chain interface as a CeremonyError with a plain sentence. The chain
 * dry-runs before signing, so these errors arrive before anything is submitted; the last tests
 * submit failing transactions anyway to check what a failed transaction leaves on the ledger.
 */
import { bcs } from '@mysten/sui/bcs';
import type { Transaction } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { isCeremonyError } from '../../../errors.ts';
import { explainExecutionError } from '../chain-errors.ts';
import { buildInitRotation, buildProposeForRotation, buildRegister } from '../tx/builders.ts';
import type { Fixture } from '../test-support.ts';
import { fakeDump, freshCommittee, g1, g2, keypair, proposalValues, registerAll, registration } from '../test-support.ts';

async function expectCode(p: Promise<unknown>, code: string): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (!isCeremonyError(e)) throw e;
    expect(e.code).toBe(code);
    expect(e.message.length).toBeGreaterThan(20);
    return e.message;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}

/** Signs and submits without the chain's dry run (explicit budget, so the SDK does not simulate). */
async function submitRaw(f: Fixture, tx: Transaction, signer = f.members[0]!) {
  tx.setGasBudget(50_000_000);
  return f.ledger.client.core.signAndExecuteTransaction({ transaction: tx, signer, include: { effects: true } });
}

describe('init_committee aborts', () => {
  it('EInvalidThreshold: threshold 1, or above the member count', async () => {
    const f = await freshCommittee(3, 2, 10);
    const pub = await f.chain.execute({ kind: 'publish', dump: fakeDump() }, f.coordinator);
    const members = f.members.map((m) => m.toSuiAddress());
    const base = { kind: 'init_committee' as const, packageId: pub.packageId!, upgradeCapId: pub.upgradeCapId!, members };
    const msg = await expectCode(f.chain.execute({ ...base, threshold: 1 }, f.coordinator), 'chain-abort/EInvalidThreshold');
    expect(msg).toContain('at least 2');
    await expectCode(f.chain.execute({ ...base, threshold: 4 }, f.coordinator), 'chain-abort/EInvalidThreshold');
  });

  it('a duplicate member aborts in vec_set::from_keys', async () => {
    const f = await freshCommittee(3, 2, 20);
    const pub = await f.chain.execute({ kind: 'publish', dump: fakeDump() }, f.coordinator);
    const a = f.members[0]!.toSuiAddress();
    const msg = await expectCode(
      f.chain.execute(
        {
          kind: 'init_committee',
          packageId: pub.packageId!,
          upgradeCapId: pub.upgradeCapId!,
          threshold: 2,
          members: [a, f.members[1]!.toSuiAddress(), a],
        },
        f.coordinator,
      ),
      'chain-abort/DuplicateMember',
    );
    expect(msg).toContain('same address twice');
  });

  it("EWrongUpgradeCap: another package's UpgradeCap", async () => {
    const f = await freshCommittee(3, 2, 30);
    const p1 = await f.chain.execute({ kind: 'publish', dump: fakeDump() }, f.coordinator);
    const p2 = await f.chain.execute({ kind: 'publish', dump: fakeDump() }, f.coordinator);
    await expectCode(
      f.chain.execute(
        {
          kind: 'init_committee',
          packageId: p2.packageId!,
          upgradeCapId: p1.upgradeCapId!,
          threshold: 2,
          members: f.members.map((m) => m.toSuiAddress()),
        },
        f.coordinator,
      ),
      'chain-abort/EWrongUpgradeCap',
    );
  });

  it('refuses an UpgradeCap the sender does not own, before building', async () => {
    const f = await freshCommittee(3, 2, 40);
    const p = await f.chain.execute({ kind: 'publish', dump: fakeDump() }, f.coordinator);
    await expectCode(
      f.chain.execute(
        {
          kind: 'init_committee',
          packageId: p.packageId!,
          upgradeCapId: p.upgradeCapId!,
          threshold: 2,
          members: f.members.map((m) => m.toSuiAddress()),
        },
        f.members[0]!,
      ),
      'chain/upgrade-cap-not-owned',
    );
  });
});

describe('register aborts', () => {
  it('invalid BLS points for enc_pk (G1) and signing_pk (G2)', async () => {
    const f = await freshCommittee(3, 2, 50);
    const bad = registration(0);
    const notOnCurve = new Uint8Array(48).fill(0x9f);
    const m1 = await expectCode(
      f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...bad, encPk: notOnCurve }, f.members[0]!),
      'chain-abort/InvalidPoint',
    );
    expect(m1).toContain('encryption key or signing key');
    // a G1 point where a G2 point belongs, and an uncompressed G1
    await expectCode(
      f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...bad, signingPk: g1(3n) }, f.members[0]!),
      'chain-abort/InvalidPoint',
    );
    await expectCode(
      f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...bad, encPk: g2(3n).slice(0, 48) }, f.members[0]!),
      'chain-abort/InvalidPoint',
    );
  });

  it('ENotMember, EAlreadyRegistered, ENameAlreadyTaken, and EInvalidState once proposals started', async () => {
    const f = await freshCommittee(3, 2, 60);
    const notMember = await expectCode(
      f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...registration(9) }, f.coordinator),
      'chain-abort/ENotMember',
    );
    expect(notMember).toContain('not a member');
    await f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...registration(0) }, f.members[0]!);
    await expectCode(
      f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...registration(5) }, f.members[0]!),
      'chain-abort/EAlreadyRegistered',
    );
    const taken = await expectCode(
      f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...registration(1), name: registration(0).name }, f.members[1]!),
      'chain-abort/ENameAlreadyTaken',
    );
    expect(taken).toContain('choose a different name');
    await f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...registration(1) }, f.members[1]!);
    await f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...registration(2) }, f.members[2]!);
    await f.chain.execute({ kind: 'propose', committeeId: f.committeeId, ...proposalValues(3) }, f.members[0]!);
    const closed = await expectCode(
      f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...registration(4) }, f.members[1]!),
      'chain-abort/EInvalidState',
    );
    expect(closed).toContain('Registration is closed');
  });
});

describe('propose aborts', () => {
  it('ENotRegistered until every member registered', async () => {
    const f = await freshCommittee(3, 2, 70);
    await registerAll(f, f.members.slice(0, 2));
    await expectCode(
      f.chain.execute({ kind: 'propose', committeeId: f.committeeId, ...proposalValues(3) }, f.members[0]!),
      'chain-abort/ENotRegistered',
    );
  });

  it('InvalidPoint, ENotMember, EInvalidProposal (count and each differing value), EAlreadyProposed, EInvalidState after finalization', async () => {
    const f = await freshCommittee(3, 2, 80);
    await registerAll(f, f.members);
    const v = proposalValues(3);
    const call = (over: Partial<typeof v>) => ({ kind: 'propose' as const, committeeId: f.committeeId, ...v, ...over });

    await expectCode(f.chain.execute(call({ pk: g1(5n) }), f.members[0]!), 'chain-abort/InvalidPoint');
    await expectCode(
      f.chain.execute(call({ partialPks: [v.partialPks[0]!, v.partialPks[1]!, new Uint8Array(96)] }), f.members[0]!),
      'chain-abort/InvalidPoint',
    );
    await expectCode(f.chain.execute(call({}), f.coordinator), 'chain-abort/ENotMember');
    await expectCode(f.chain.execute(call({ partialPks: v.partialPks.slice(0, 2) }), f.members[0]!), 'chain-abort/EInvalidProposal');

    await f.chain.execute(call({}), f.members[0]!);
    const differ = await expectCode(f.chain.execute(call({ pk: g2(99n) }), f.members[1]!), 'chain-abort/EInvalidProposal');
    expect(differ).toContain('same message set');
    await expectCode(
      f.chain.execute(call({ partialPks: [v.partialPks[1]!, v.partialPks[0]!, v.partialPks[2]!] }), f.members[1]!),
      'chain-abort/EInvalidProposal',
    );
    await expectCode(f.chain.execute(call({ messagesHash: new Uint8Array(32).fill(1) }), f.members[1]!), 'chain-abort/EInvalidProposal');
    await expectCode(f.chain.execute(call({}), f.members[0]!), 'chain-abort/EAlreadyProposed');

    await f.chain.execute(call({}), f.members[1]!);
    await f.chain.execute(call({}), f.members[2]!);
    await expectCode(f.chain.execute(call({}), f.members[2]!), 'chain-abort/EInvalidState');
  });
});

describe('a failed transaction on the ledger', () => {
  it('is recorded with the MoveAbort location and code, charges gas, bumps the committee version and changes nothing else', async () => {
    const f = await freshCommittee(3, 2, 90);
    const before = await f.chain.getCommittee(f.committeeId);
    const balance = await f.chain.getBalance(f.coordinator.toSuiAddress());
    const tx = buildRegister({
      packageId: f.packageId,
      committee: { objectId: f.committeeId, initialSharedVersion: before.initialSharedVersion },
      ...registration(0),
    });
    const result = await submitRaw(f, tx, f.coordinator);
    expect(result.$kind).toBe('FailedTransaction');
    const failed = result.FailedTransaction!;
    expect(failed.status.error).toMatchObject({
      $kind: 'MoveAbort',
      MoveAbort: { abortCode: '0', location: { package: f.packageId, module: 'seal_committee' } },
    });
    expect(explainExecutionError(failed.status.error!, 'register').code).toBe('chain-abort/ENotMember');
    expect(failed.effects.gasUsed.computationCost).not.toBe('0');
    expect(await f.chain.getBalance(f.coordinator.toSuiAddress())).toBeLessThan(balance);
    const after = await f.chain.getCommittee(f.committeeId);
    expect(BigInt(after.version)).toBeGreaterThan(BigInt(before.version));
    expect({ ...after, version: before.version }).toEqual(before);
    // the ledger records it like a node: fetchable by digest, failed status
    const fetched = await f.ledger.client.core.getTransaction({ digest: failed.digest });
    expect(fetched.$kind).toBe('FailedTransaction');
  });

  it('init_rotation checks on the ledger itself (finalized, sender is an old member, enough continuing members)', async () => {
    const f = await freshCommittee(3, 2, 95);
    const ref = { objectId: f.committeeId, initialSharedVersion: (await f.chain.getCommittee(f.committeeId)).initialSharedVersion };
    const members = f.members.map((m) => normalizeSuiAddress(m.toSuiAddress()));
    const newcomer = normalizeSuiAddress(keypair(999).toSuiAddress());
    const rotation = (ms: string[]) => buildInitRotation({ packageId: f.packageId, oldCommittee: ref, threshold: 2, members: ms });

    const notFinal = await submitRaw(f, rotation(members), f.members[0]!);
    expect(explainExecutionError(notFinal.FailedTransaction!.status.error!, 'init_rotation').code).toBe('chain-abort/EInvalidState');

    await registerAll(f, f.members);
    for (const m of f.members) await f.chain.execute({ kind: 'propose', committeeId: f.committeeId, ...proposalValues(3) }, m);

    const outsider = await submitRaw(f, rotation(members), f.coordinator);
    const e1 = explainExecutionError(outsider.FailedTransaction!.status.error!, 'init_rotation');
    expect(e1.code).toBe('chain-abort/ENotMember');
    expect(e1.message).toContain('Only a member of the current committee can start a rotation');

    const tooFew = await submitRaw(f, rotation([members[0]!, newcomer]), f.members[0]!);
    expect(explainExecutionError(tooFew.FailedTransaction!.status.error!, 'init_rotation').code).toBe(
      'chain-abort/EInsufficientOldMembers',
    );

    const lowThreshold = buildInitRotation({ packageId: f.packageId, oldCommittee: ref, threshold: 1, members });
    expect(
      explainExecutionError((await submitRaw(f, lowThreshold, f.members[0]!)).FailedTransaction!.status.error!, 'init_rotation').code,
    ).toBe('chain-abort/EInvalidThreshold');

    const ok = await submitRaw(f, rotation([members[0]!, members[1]!, newcomer]), f.members[0]!);
    expect(ok.$kind).toBe('Transaction');

    // propose_for_rotation on the fresh committee itself (no old committee): check_rotation_consistency aborts.
    const notRotation = buildProposeForRotation({ packageId: f.packageId, committee: ref, ...proposalValues(3, 5), oldCommittee: ref });
    // (the SDK merges the two references into one input; &mut and by-value use of it in one call is refused)
    const twice = await submitRaw(f, notRotation, f.members[0]!);
    expect(twice.FailedTransaction!.status.error).toMatchObject({
      $kind: 'CommandArgumentError',
      CommandArgumentError: { argument: 3, name: 'InvalidValueUsage' },
    });
    expect(explainExecutionError(twice.FailedTransaction!.status.error!, 'propose_for_rotation').code).toBe('chain/bad-argument');
    const rotationId = ok.Transaction!.effects.changedObjects.find((c) => c.idOperation === 'Created')!.objectId;
    const rotationRef = { objectId: rotationId, initialSharedVersion: (await f.chain.getCommittee(rotationId)).initialSharedVersion };
    const freshAsRotation = buildProposeForRotation({
      packageId: f.packageId,
      committee: ref,
      ...proposalValues(3, 5),
      oldCommittee: rotationRef,
    });
    const r = await submitRaw(f, freshAsRotation, f.members[0]!);
    expect(explainExecutionError(r.FailedTransaction!.status.error!, 'propose_for_rotation').code).toBe('chain-abort/EInvalidState');
  });

  it('is refused before execution when an object appears twice among the inputs', async () => {
    const f = await freshCommittee(3, 2, 97);
    const prepared = await f.chain.prepare(
      { kind: 'register', committeeId: f.committeeId, ...registration(0) },
      f.members[0]!.toSuiAddress(),
    );
    const data = bcs.TransactionData.parse(fromBase64(prepared.bytes));
    const ptb = data.V1!.kind.ProgrammableTransaction!;
    ptb.inputs.push(ptb.inputs[0]!);
    const bytes = bcs.TransactionData.serialize(data).toBytes();
    const { signature } = await f.members[0]!.signTransaction(bytes);
    await expect(f.ledger.client.core.executeTransaction({ transaction: bytes, signatures: [signature] })).rejects.toMatchObject({
      code: 'rehearsal/duplicate-input',
    });
    await expect(f.ledger.client.core.executeTransaction({ transaction: bytes, signatures: [] })).rejects.toMatchObject({
      code: 'rehearsal/signature-count',
    });
    const { signature: other } = await f.members[1]!.signTransaction(bytes);
    await expect(f.ledger.client.core.executeTransaction({ transaction: bytes, signatures: [other] })).rejects.toMatchObject({
      code: 'rehearsal/invalid-signature',
    });
  });
});
