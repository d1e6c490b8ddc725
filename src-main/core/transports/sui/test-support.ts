/**
 * Helpers for this folder's tests only: a fake committee bytecode dump, fake-but-valid BLS points
 * (generator multiples), and a funded committee on an in-memory rehearsal ledger.
 */
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { toBase64 } from '@mysten/sui/utils';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ChainTxResult } from './chain.ts';
import { RehearsalLedger } from './ledger/ledger.ts';
import { rehearsalChain } from './open-chain.ts';
import type { SuiCommitteeChain } from './sui-chain.ts';
import { parseBytecodeDump, type BytecodeDump } from './tx/bytecode-dump.ts';

/** G1 point k·G (48 bytes). */
export const g1 = (k: bigint): Uint8Array => bls12_381.G1.Point.BASE.multiply(k).toBytes(true);
/** G2 point k·G (96 bytes). */
export const g2 = (k: bigint): Uint8Array => bls12_381.G2.Point.BASE.multiply(k).toBytes(true);

/** A bytecode dump whose single module has the Move magic; enough for the ledger. */
export function fakeDump(): BytecodeDump {
  const module = toBase64(Uint8Array.from([0xa1, 0x1c, 0xeb, 0x0b, 7, 0, 0, 0, 0x0a, 0x0b, 0x0c]));
  return parseBytecodeDump(
    JSON.stringify({ modules: [module], dependencies: ['0x1', '0x2', '0x5ea1'], digest: Array.from({ length: 32 }, (_, i) => i) }),
  );
}

/** Deterministic keypairs so failures are reproducible. */
export function keypair(seed: number): Ed25519Keypair {
  return Ed25519Keypair.fromSecretKey(sha256(new TextEncoder().encode(`ceremony-test-key-${seed}`)));
}

export interface Fixture {
  ledger: RehearsalLedger;
  chain: SuiCommitteeChain;
  coordinator: Ed25519Keypair;
  members: Ed25519Keypair[];
  packageId: string;
  committeeId: string;
  published: ChainTxResult;
}

export async function fundedLedger(keys: Ed25519Keypair[]) {
  const ledger = RehearsalLedger.inMemory({ now: () => 1_700_000_000_000 });
  const chain = rehearsalChain(ledger);
  for (const k of keys) await ledger.faucet(k.toSuiAddress());
  return { ledger, chain };
}

/** Publishes a committee package and creates an n-member committee with threshold t. */
export async function freshCommittee(n: number, t: number, seedBase = 100): Promise<Fixture> {
  const coordinator = keypair(seedBase);
  const members = Array.from({ length: n }, (_, i) => keypair(seedBase + 1 + i));
  const { ledger, chain } = await fundedLedger([coordinator, ...members]);
  const published = await chain.execute({ kind: 'publish', dump: fakeDump() }, coordinator);
  const init = await chain.execute(
    {
      kind: 'init_committee',
      packageId: published.packageId!,
      upgradeCapId: published.upgradeCapId!,
      threshold: t,
      members: members.map((m) => m.toSuiAddress()),
    },
    coordinator,
  );
  return { ledger, chain, coordinator, members, packageId: published.packageId!, committeeId: init.committeeId!, published };
}

export function registration(i: number) {
  return { encPk: g1(BigInt(1000 + i)), signingPk: g2(BigInt(2000 + i)), url: `https://ks${i}.example`, name: `server-${i}` };
}

export async function registerAll(f: Pick<Fixture, 'chain' | 'committeeId'>, members: Ed25519Keypair[], offset = 0): Promise<void> {
  for (const [i, m] of members.entries()) {
    await f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...registration(i + offset) }, m);
  }
}

/** A proposal every member agrees on: partial pk of party j = (j+2)·G2, pk = 1·G2… with a distinct seed. */
export function proposalValues(n: number, seed = 0) {
  return {
    partialPks: Array.from({ length: n }, (_, j) => g2(BigInt(10 + seed * 100 + j))),
    pk: g2(BigInt(7 + seed)),
    messagesHash: Uint8Array.from({ length: 32 }, (_, i) => (i + seed) & 0xff),
  };
}
