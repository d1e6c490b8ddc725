import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { verifyTransactionSignature } from '@mysten/sui/verify';
import { fromBase64, toBase64 } from '@mysten/sui/utils';
import { decodeSuiPrivateKey } from '@mysten/sui/cryptography';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryKeychain, TEST_SCRYPT, VaultService } from '../vault/index.ts';
import { findSecret, listFiles } from '../vault/test-support.ts';
import { RehearsalLedger, rehearsalChain } from '../transports/sui/index.ts';
import { fakeDump } from '../transports/sui/test-support.ts';
import { SuiWallet } from './sui-wallet.ts';
import { isCeremonyError } from '../errors.ts';

function rawSecret(kp: Ed25519Keypair | Secp256k1Keypair): Uint8Array {
  return decodeSuiPrivateKey(kp.getSecretKey()).secretKey;
}

async function wallet(confirm?: ConstructorParameters<typeof SuiWallet>[1]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wallet-'));
  const vault = new VaultService({ dataDir, keychain: new MemoryKeychain(), kdf: TEST_SCRYPT });
  await vault.init({ kind: 'keychain' });
  return { w: new SuiWallet(vault, confirm), dataDir };
}

/** A real ceremony transaction (publishing a committee package), prepared on a rehearsal ledger. */
async function transferTx(ledger: RehearsalLedger, sender: string): Promise<Uint8Array> {
  await ledger.faucet(sender);
  const chain = rehearsalChain(ledger);
  const prepared = await chain.prepare({ kind: 'publish', dump: fakeDump() }, sender);
  return fromBase64(prepared.bytes);
}

describe('Sui wallet (vault-backed accounts)', () => {
  it('imports a sui.keystore entry and a suiprivkey file; the key never leaves as bytes, hex or base64', async () => {
    const { w, dataDir } = await wallet();
    const ed = new Ed25519Keypair();
    const k1 = new Secp256k1Keypair();
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    const keystore = join(dir, 'sui.keystore');
    const entry = (kp: Ed25519Keypair | Secp256k1Keypair, flag: number) => toBase64(new Uint8Array([flag, ...rawSecret(kp)]));
    writeFileSync(keystore, JSON.stringify([entry(ed, 0), entry(k1, 1)]));
    await expect(w.importFile(keystore)).rejects.toSatisfy((e) => isCeremonyError(e, 'sui-key/choose-address'));
    const a = await w.importFile(keystore, k1.toSuiAddress(), 'Alice');
    expect(a).toMatchObject({ address: k1.toSuiAddress(), scheme: 'Secp256k1', label: 'Alice' });
    const privFile = join(dir, 'key.txt');
    writeFileSync(privFile, ed.getSecretKey() + '\n');
    const b = await w.importFile(privFile, undefined, 'Bob');
    expect(b.address).toBe(ed.toSuiAddress());
    expect((await w.accounts()).map((x) => x.label)).toEqual(['Alice', 'Bob']);
    // Idempotent.
    expect((await w.importFile(privFile)).label).toBe('Bob');
    const replies = JSON.stringify([a, b, await w.accounts()]);
    for (const kp of [ed, k1]) {
      const raw = rawSecret(kp);
      expect(findSecret(replies, raw)).toEqual([]);
      for (const f of listFiles(dataDir)) expect(findSecret(readFileSync(f), raw)).toEqual([]);
    }
  });

  it('signs a built transaction for its own account only, after confirmation, with a valid signature', async () => {
    const seen: string[] = [];
    const { w } = await wallet(async (_acc, tx) => (seen.push(tx.digest), true));
    const acc = await w.generate('Member');
    const ledger = RehearsalLedger.inMemory();
    const bytes = await transferTx(ledger, acc.address);
    const signed = await w.signTransaction(acc.address, toBase64(bytes));
    expect(signed.bytes).toBe(toBase64(bytes));
    const pk = await verifyTransactionSignature(bytes, signed.signature);
    expect(pk.toSuiAddress()).toBe(acc.address);
    expect(seen).toEqual([signed.digest]);
    const other = await w.generate('Other');
    await expect(w.signTransaction(other.address, toBase64(bytes))).rejects.toSatisfy((e) => isCeremonyError(e, 'wallet/wrong-sender'));
    const stranger = new Ed25519Keypair().toSuiAddress();
    const strangerTx = await transferTx(ledger, stranger);
    await expect(w.signTransaction(stranger, toBase64(strangerTx))).rejects.toSatisfy((e) => isCeremonyError(e, 'wallet/unknown-account'));
  });

  it('refuses when the person declines, and describes what is signed', async () => {
    const { w } = await wallet(async () => false);
    const acc = await w.generate('Member');
    const ledger = RehearsalLedger.inMemory();
    const bytes = await transferTx(ledger, acc.address);
    await expect(w.signTransaction(acc.address, toBase64(bytes))).rejects.toSatisfy((e) => isCeremonyError(e, 'wallet/refused'));
    const d = SuiWallet.describe(bytes);
    expect(d.sender).toBe(acc.address);
    expect(d.lines.join('\n')).toMatch(/Gas: up to \d+ MIST/);
    expect(d.lines.join('\n')).toContain(`Gas: up to ${d.gasBudgetMist} MIST`);
    await expect(SuiWallet.transactionBytes('{"version":2,"sender":null}')).rejects.toSatisfy((e) =>
      isCeremonyError(e, 'wallet/not-built'),
    );
  });
});
