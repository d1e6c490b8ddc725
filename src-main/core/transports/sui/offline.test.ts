/**
 * Offline signing round trip on the rehearsal ledger: the online side prepares (resolving gas),
 * the "air-gapped" side checks and signs the exported bytes, the online side imports the
 * signature, checks it is for THIS transaction by the expected sender, and submits. Wrong
 * signatures are refused with a specific error and nothing reaches the ledger.
 */
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { Transaction } from '@mysten/sui/transactions';
import { fromBase64, toBase64 } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { parseSignatureInput, signUnsigned, unsignedTransaction, verifyOfflineSignature } from './offline.ts';
import { freshCommittee, keypair, registration } from './test-support.ts';

describe('offline signing', () => {
  it('prepare online → sign offline → import → submit registers the member', async () => {
    const f = await freshCommittee(3, 2, 1100);
    const member = f.members[0]!;
    const prepared = await f.chain.prepare({ kind: 'register', committeeId: f.committeeId, ...registration(0) }, member.toSuiAddress());
    expect(prepared.sender).toBe(member.toSuiAddress());
    expect(prepared.network).toBe('REHEARSAL (not a real network)');
    // What the offline side shows before signing.
    const call = prepared.description.commands[0]!;
    expect(call).toMatchObject({ kind: 'move-call', function: 'register', committeeCall: true });
    expect(call.kind === 'move-call' && call.arguments.map((a) => [a.name, a.value])).toEqual([
      ['committee', expect.stringMatching(/^shared 0x[0-9a-f]{64} \(mutable\)$/)],
      ['enc_pk', expect.stringMatching(/^0x[0-9a-f]{96} \(48 bytes\)$/)],
      ['signing_pk', expect.stringMatching(/^0x[0-9a-f]{192} \(96 bytes\)$/)],
      ['url', '"https://ks0.example"'],
      ['name', '"server-0"'],
    ]);

    // Air-gapped side: only the exported JSON crosses over.
    const exported = JSON.parse(JSON.stringify({ bytes: prepared.bytes, digest: prepared.digest, sender: prepared.sender }));
    const signature = await signUnsigned(exported, member);

    const before = f.ledger.read().transactions.length;
    await f.chain.submitSigned(prepared, signature, member.toSuiAddress());
    expect(f.ledger.read().transactions.length).toBe(before + 1);
    expect((await f.chain.getCommittee(f.committeeId)).registrations!.map((r) => r.name)).toEqual(['server-0']);
  });

  it('submits bare unsigned bytes made by another tool, when they are a ceremony step', async () => {
    const f = await freshCommittee(3, 2, 1250);
    const m = f.members[2]!;
    const prepared = await f.chain.prepare({ kind: 'register', committeeId: f.committeeId, ...registration(2) }, m.toSuiAddress());
    const bare = unsignedTransaction(fromBase64(prepared.bytes)); // as if printed by seal-committee-cli --unsigned
    const result = await f.chain.submitSigned(bare, await signUnsigned(bare, m));
    expect(result.call).toBe('register');
    // A plain SUI transfer is not a ceremony step.
    const tx = new Transaction();
    tx.setSender(m.toSuiAddress());
    tx.transferObjects([tx.gas], f.coordinator.toSuiAddress());
    tx.setGasBudget(5_000_000);
    const other = unsignedTransaction(await tx.build({ client: f.ledger.client }));
    await expect(f.chain.submitSigned(other, await signUnsigned(other, m))).rejects.toMatchObject({
      code: 'tx/not-a-ceremony-transaction',
    });
  });

  it('accepts the JSON printed by `sui keytool sign`', async () => {
    const f = await freshCommittee(3, 2, 1200);
    const m = f.members[1]!;
    const prepared = await f.chain.prepare({ kind: 'register', committeeId: f.committeeId, ...registration(1) }, m.toSuiAddress());
    const { signature } = await m.signTransaction(fromBase64(prepared.bytes));
    const keytoolJson = JSON.stringify({
      suiAddress: m.toSuiAddress(),
      rawTxData: prepared.bytes,
      intent: { scope: 0, version: 0, app_id: 0 },
      suiSignature: signature,
    });
    expect(parseSignatureInput(keytoolJson)).toBe(signature);
    await f.chain.submitSigned(prepared, keytoolJson);
    expect((await f.chain.getCommittee(f.committeeId)).registrations).toHaveLength(1);
  });

  it('refuses a signature for a different transaction, by another key, for another sender, or altered bytes', async () => {
    const f = await freshCommittee(3, 2, 1300);
    const m = f.members[0]!;
    const prepared = await f.chain.prepare({ kind: 'register', committeeId: f.committeeId, ...registration(0) }, m.toSuiAddress());
    const other = await f.chain.prepare(
      { kind: 'register', committeeId: f.committeeId, ...registration(0), url: 'https://elsewhere' },
      m.toSuiAddress(),
    );
    const before = f.ledger.read().transactions.length;

    const forOther = (await m.signTransaction(fromBase64(other.bytes))).signature;
    const e1 = f.chain.submitSigned(prepared, forOther);
    await expect(e1).rejects.toMatchObject({ code: 'offline-signature/different-transaction' });
    await expect(e1).rejects.toThrow(/signature is for a different transaction/);
    await expect(e1).rejects.toThrow(prepared.digest);

    const byStranger = (await keypair(7777).signTransaction(fromBase64(prepared.bytes))).signature;
    await expect(f.chain.submitSigned(prepared, byStranger)).rejects.toMatchObject({ code: 'offline-signature/wrong-signer' });
    const bySecp = (await new Secp256k1Keypair().signTransaction(fromBase64(prepared.bytes))).signature;
    await expect(f.chain.submitSigned(prepared, bySecp)).rejects.toMatchObject({ code: 'offline-signature/wrong-signer' });

    const good = (await m.signTransaction(fromBase64(prepared.bytes))).signature;
    await expect(f.chain.submitSigned(prepared, good, f.members[1]!.toSuiAddress())).rejects.toMatchObject({
      code: 'offline-signature/wrong-sender',
    });
    await expect(f.chain.submitSigned(prepared, 'not a signature')).rejects.toMatchObject({ code: 'offline-signature/malformed' });
    await expect(f.chain.submitSigned(prepared, '{"rawTxData":"x"}')).rejects.toMatchObject({ code: 'offline-signature/malformed' });

    const tampered = { ...prepared, bytes: other.bytes };
    await expect(f.chain.submitSigned(tampered, good)).rejects.toMatchObject({ code: 'offline-signature/digest-mismatch' });
    // A flipped byte in the signature itself does not verify either.
    const raw = fromBase64(good);
    raw[10] = raw[10]! ^ 1;
    await expect(verifyOfflineSignature(fromBase64(prepared.bytes), toBase64(raw))).rejects.toMatchObject({
      code: 'offline-signature/different-transaction',
    });

    expect(f.ledger.read().transactions.length).toBe(before);
  });

  it('the signing side refuses bytes whose digest differs from the announced one, or a key that is not the sender', async () => {
    const f = await freshCommittee(3, 2, 1400);
    const m = f.members[0]!;
    const prepared = await f.chain.prepare({ kind: 'register', committeeId: f.committeeId, ...registration(0) }, m.toSuiAddress());
    await expect(signUnsigned({ ...prepared, digest: '11111111111111111111111111111111' }, m)).rejects.toMatchObject({
      code: 'offline-signature/digest-mismatch',
    });
    await expect(signUnsigned(prepared, f.members[1]!)).rejects.toMatchObject({ code: 'offline-signature/wrong-signer' });
  });

  it('a transaction prepared before the gas coin changed is refused by the ledger with a clear reason', async () => {
    const f = await freshCommittee(3, 2, 1500);
    const m = f.members[0]!;
    const first = await f.chain.prepare({ kind: 'register', committeeId: f.committeeId, ...registration(0) }, m.toSuiAddress());
    await f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...registration(0), name: 'other-name' }, m); // spends the same coin
    const sig = await signUnsigned(first, m);
    const err = f.chain.submitSigned(first, sig);
    await expect(err).rejects.toMatchObject({ code: 'rehearsal/stale-gas-coin' });
    await expect(err).rejects.toThrow(/prepare the transaction again/);
  });

  it('prepare refuses an unfunded sender with a pointer to the faucet', async () => {
    const f = await freshCommittee(3, 2, 1600);
    const broke = keypair(1699);
    await expect(
      f.chain.prepare({ kind: 'publish', dump: (await import('./test-support.ts')).fakeDump() }, broke.toSuiAddress()),
    ).rejects.toMatchObject({
      code: 'rehearsal/insufficient-gas',
      message: expect.stringContaining('faucet'),
    });
  });
});
