// Helpers for this folder's tests only (not product code; only *.test.ts files import this).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { expect } from 'vitest';
import { createApp, type AppCore, type ShellCapabilities } from '../app/create-app.ts';
import { encodeBundle, parseBundle } from '../bundles/codec.ts';
import type { Bundle } from '../bundles/format.ts';
import { CeremonyFolder } from '../engine/folder.ts';
import { CeremonyError } from '../errors.ts';
import { MemoryKeychain, TEST_SCRYPT } from '../vault/index.ts';
import { createInlineRunner } from '../workers/inline.ts';
import { WORKER_TASKS } from '../workers/registry.ts';
import type { CallReply } from '../../../src-shared/api/contract.ts';
import type { WalletAccount } from '../../../src-shared/api/wallet.ts';
import type { SealState } from '../ceremonies/seal/state.ts';
import { SealCeremonyDriver, type RehearsalMember, type SealParty } from '../rehearsal/seal-driver.ts';

export interface TestParty extends SealParty {
  core: AppCore;
  dir: string;
  replies: CallReply[];
}

/** One install: data folder, an in-memory keychain vault (cheap KDF), an inline task runner. */
export async function makeParty(
  root: string,
  name: string,
  services: Record<string, unknown> = {},
  capabilities?: ShellCapabilities,
): Promise<TestParty> {
  const dir = join(root, name);
  const core = await createApp({
    dataDir: dir,
    shell: 'cli',
    ...(capabilities ? { capabilities } : {}),
    keychain: new MemoryKeychain(),
    kdf: TEST_SCRYPT,
    services: { seal: { runner: createInlineRunner(WORKER_TASKS), ...services } },
  });
  const replies: CallReply[] = [];
  const party: TestParty = {
    name,
    core,
    dir,
    replies,
    async call<T>(method: string, input: unknown): Promise<T> {
      const r = await core.dispatch(method, input);
      replies.push(r);
      if (!r.ok) throw new CeremonyError(r.error.code, r.error.message, r.error.details);
      return r.value as T;
    },
  };
  await party.call('vault.init', { kind: 'keychain' });
  return party;
}

export interface World {
  root: string;
  ledgerDir: string;
  coordinator: TestParty;
  members: TestParty[];
  relays: (TestParty | null)[];
  driver: SealCeremonyDriver;
  all: TestParty[];
}

/** A coordinator and n members (some air-gapped, each with its own relay install) on a rehearsal ledger folder. */
export async function makeWorld(
  n: number,
  t: number,
  opts: { airGapped?: number[]; root?: string; services?: Record<string, unknown>; capabilities?: ShellCapabilities } = {},
): Promise<World> {
  const root = opts.root ?? mkdtempSync(join(tmpdir(), 'seal-'));
  const ledgerDir = join(root, 'ledger');
  const coordinator = await makeParty(root, 'coordinator', opts.services, opts.capabilities);
  const coordinatorAccount = await coordinator.call<WalletAccount>('wallet.generate', { label: 'Coordinator' });
  const members: TestParty[] = [];
  const relays: (TestParty | null)[] = [];
  const plan: RehearsalMember[] = [];
  for (let i = 0; i < n; i++) {
    const p = await makeParty(root, `member-${i}`, opts.services, opts.capabilities);
    const account = await p.call<WalletAccount>('wallet.generate', { label: `Member ${i}` });
    const airGapped = opts.airGapped?.includes(i) ?? false;
    const relay = airGapped ? await makeParty(root, `relay-${i}`, opts.services) : null;
    members.push(p);
    relays.push(relay);
    plan.push({ party: p, address: account.address, label: `M${i}`, airGapped, ...(relay ? { relay } : {}) });
  }
  const driver = new SealCeremonyDriver({
    network: `rehearsal:${ledgerDir}`,
    threshold: t,
    coordinator: { party: coordinator, address: coordinatorAccount.address },
    members: plan,
  });
  return {
    root,
    ledgerDir,
    coordinator,
    members,
    relays,
    driver,
    all: [coordinator, ...members, ...relays.filter((r): r is TestParty => r !== null)],
  };
}

/** The protocol state of a party's ceremony (state.json), for assertions. */
export function sealStateOf(p: TestParty, id: string): SealState {
  return new CeremonyFolder(join(p.dir, 'ceremonies'), id).readState<SealState>().protocolState;
}

/** A bundle signed with a party's own ceremony identity (to forge what a dishonest sender could send). */
export async function signedBundleAs(
  p: TestParty,
  ceremonyId: string,
  header: { ceremonyId: string; phase: 1 | 2 | 3; step: string; sender: { id: string; label: string }; rehearsal: boolean },
  payload: unknown,
): Promise<{ name: string; base64: string }> {
  const v = await p.core.vault.unlockedVault();
  const sk = await v.get(`${ceremonyId}/bundle-identity`);
  const signer = { publicKey: ed25519.getPublicKey(sk), sign: (m: Uint8Array) => ed25519.sign(m, sk) };
  const { bytes } = encodeBundle(
    {
      protocol: 'seal',
      ...header,
      createdAt: new Date().toISOString(),
      payloadType: 'application/json',
      payload: new TextEncoder().encode(JSON.stringify(payload)),
    },
    signer,
  );
  return { name: `${header.step}.ceremony`, base64: Buffer.from(bytes).toString('base64') };
}

export function decodeBundlePayload<T>(file: { base64: string }): { header: Bundle['header']; payload: T } {
  const b = parseBundle(new Uint8Array(Buffer.from(file.base64, 'base64')));
  return { header: b.header, payload: JSON.parse(new TextDecoder().decode(b.payload)) as T };
}

export interface RotationWorld {
  driver: SealCeremonyDriver;
  /** New committee, by new party id: the install of each member. */
  parties: TestParty[];
  joiners: TestParty[];
  /** Every install taking part (coordinator = the first kept member's install). */
  all: TestParty[];
}

/**
 * A rotation of a finished world's committee: `keep` lists OLD party ids that continue (their
 * installs, vaults and shares are reused; the first one's install also runs the coordinator,
 * since only a current member may send init_rotation), then `join` new members; `airGapped`
 * names NEW party ids that run offline behind a relay.
 */
export async function makeRotation(
  w: World,
  opts: {
    keyServerObjId: string;
    keep: number[];
    join: number;
    threshold: number;
    airGapped?: number[];
    root?: string;
    dealers?: number[];
  },
): Promise<RotationWorld> {
  const root = opts.root ?? w.root;
  const old = w.driver.plan.members;
  const parties: TestParty[] = [];
  const joiners: TestParty[] = [];
  const plan: RehearsalMember[] = [];
  const extra: TestParty[] = [];
  for (const o of opts.keep) {
    const party = w.members[o]!;
    parties.push(party);
    plan.push({ party, address: old[o]!.address, label: `M${o}` });
  }
  for (let k = 0; k < opts.join; k++) {
    const p = await makeParty(root, `joiner-${k}-${Math.random().toString(16).slice(2, 8)}`);
    const account = await p.call<WalletAccount>('wallet.generate', { label: `Joiner ${k}` });
    joiners.push(p);
    parties.push(p);
    plan.push({ party: p, address: account.address, label: `J${k}` });
  }
  for (const j of opts.airGapped ?? []) {
    const oldId = j < opts.keep.length ? opts.keep[j]! : null;
    const relay =
      (oldId !== null ? w.relays[oldId] : null) ?? (await makeParty(root, `relay-new-${j}-${Math.random().toString(16).slice(2, 8)}`));
    if (!w.all.includes(relay)) extra.push(relay);
    plan[j] = { ...plan[j]!, airGapped: true, relay };
  }
  const driver = new SealCeremonyDriver({
    network: `rehearsal:${w.ledgerDir}`,
    threshold: opts.threshold,
    coordinator: { party: parties[0]!, address: plan[0]!.address },
    members: plan,
    keyServerObjId: opts.keyServerObjId,
    ...(opts.dealers ? { dealers: opts.dealers } : {}),
  });
  return { driver, parties, joiners, all: [...new Set([...parties, ...extra, ...w.relays.filter((r): r is TestParty => r !== null)])] };
}

/** Expects `p` to fail with CeremonyError `code` whose message contains (string) or matches (RegExp) every phrase. */
export async function expectRefusal(p: Promise<unknown>, code: string, ...phrases: (string | RegExp)[]): Promise<CeremonyError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${code}`).toBeInstanceOf(CeremonyError);
  const e = err as CeremonyError;
  expect(e.code, e.message).toBe(code);
  for (const ph of phrases) expect(e.message).toMatch(ph);
  return e;
}
