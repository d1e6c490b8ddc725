// Test-only helpers for the online FROST tests (not product code; only *.test.ts import this).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type AppCore } from '../app/create-app.ts';
import { CeremonyFolder } from '../engine/folder.ts';
import { encodeContact } from '../formats/frost/contact.ts';
import { FrostdClient } from '../transports/frostd/client.ts';
import { FrostdDkgRunner } from '../transports/frostd/dkg-runner.ts';
import { generateCommunicationKeyPair } from '../transports/frostd/noise.ts';
import { FakeClock } from '../transports/frostd/test-support.ts';
import { FrostdTestRelay, type FrostdTestRelayOptions } from '../transports/frostd/test-relay.ts';
import { MemoryKeychain, TEST_SCRYPT } from '../vault/index.ts';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { FROST_FACT } from '../../../src-shared/ceremonies/frost.ts';
import { frostProtocol } from '../ceremonies/frost/protocol.ts';
import type { ContactsState, GroupState } from '../ceremonies/frost/state.ts';
import { groupKeyCode } from '../ceremonies/frost/code-checks.ts';
import { frostdAccess } from '../ceremonies/frost/online/services.ts';

export { FakeClock };

/** One install: its data folder, keychain (kept for restarts), app core, address book and group ceremony. */
export interface Member {
  readonly name: string;
  readonly dir: string;
  readonly keychain: MemoryKeychain;
  core: AppCore;
  book: string;
  id: string;
}

const root = () => mkdtempSync(join(tmpdir(), 'frost-online-'));

export async function startCore(dir: string, keychain: MemoryKeychain, clock: FakeClock): Promise<AppCore> {
  return createApp({
    dataDir: dir,
    shell: 'cli',
    keychain,
    kdf: TEST_SCRYPT,
    protocols: [frostProtocol],
    services: { frost: { frostd: frostdAccess({ now: clock.now }) } },
  });
}

/** Installs with a vault and an address book each (no contacts yet). */
export async function installs(names: readonly string[], clock: FakeClock): Promise<Member[]> {
  const base = root();
  const out: Member[] = [];
  for (const name of names) {
    const dir = join(base, name);
    mkdirSync(dir, { recursive: true });
    const keychain = new MemoryKeychain();
    const core = await startCore(dir, keychain, clock);
    await core.vault.init({ kind: 'keychain' });
    const v = await core.engine.create('frost', 'FROST contacts', false, { mode: 'contacts', name });
    out.push({ name, dir, keychain, core, book: v.id, id: '' });
  }
  return out;
}

/** A new app core on the same data folder and keychain: what reopening the app after a crash gives. */
export async function restart(m: Member, clock: FakeClock): Promise<void> {
  m.core = await startCore(m.dir, m.keychain, clock);
}

export function contactOf(m: Member): string {
  return m.core.engine.view(m.book).facts.find((f) => f.label === FROST_FACT.contactString)!.value;
}

export function bookState(m: Member): ContactsState {
  return new CeremonyFolder(join(m.dir, 'ceremonies'), m.book).readState<ContactsState>().protocolState;
}

/** Everyone imports everyone else's contact string (and any extra contacts). */
export async function exchangeContacts(all: readonly Member[], extra: readonly string[] = []): Promise<void> {
  for (const m of all)
    for (const c of [...all.filter((o) => o !== m).map(contactOf), ...extra])
      await m.core.engine.act(m.book, 'contact-import', { contact: c });
}

export function groupState(m: Member): GroupState {
  return new CeremonyFolder(join(m.dir, 'ceremonies'), m.id).readState<GroupState>().protocolState;
}

export function view(m: Member): CeremonyView {
  return m.core.engine.view(m.id);
}

export function fact(v: CeremonyView, label: string): string | undefined {
  return v.facts.find((f) => f.label === label)?.value;
}

/**
 * The app members of a group made online compare the group key check code (as people do aloud
 * before using it): each confirms the code its own state shows, heard from the other app
 * members, and only when every one of them shows the same code.
 */
export async function confirmGroupCodes(members: readonly Member[]): Promise<void> {
  const codes = members.map((m) => groupKeyCode(groupState(m)));
  if (new Set(codes).size !== 1 || codes[0] === null) throw new Error(`the members show different group key codes: ${codes.join(', ')}`);
  for (const m of members) {
    const s = groupState(m);
    const heard = members.map((o) => groupState(o).me).filter((id) => id !== s.me);
    // A creator outside these apps (a frost-client user) is heard too: the code must match theirs.
    if (!heard.includes(s.creator) && s.creator !== s.me) heard.push(s.creator);
    await m.core.engine.act(m.id, 'confirm-code', { verdict: 'match', code: codes[0], heard });
  }
}

/** A frost-client user: a communication key, a logged-in client, and its contact string. */
export async function frostClientUser(name: string, relayUrl: string) {
  const key = generateCommunicationKeyPair();
  const client = new FrostdClient({ server: relayUrl });
  await client.login(key);
  return { name, key, hex: bytesToHex(key.publicKey), client, contact: encodeContact({ name, publicKey: key.publicKey }) };
}

/**
 * Polls like the wizard does: every member's group steps once per round (the clock moves 2 s a
 * round), and `others` (frost-client stand-ins) step too, until `done()` or the rounds run out.
 */
export async function poll(
  members: readonly Member[],
  clock: FakeClock,
  done: () => boolean,
  options: { rounds?: number; tickMs?: number; others?: (() => Promise<unknown>)[] } = {},
): Promise<void> {
  for (let round = 0; round < (options.rounds ?? 40); round++) {
    if (done()) return;
    for (const m of members) if (m.id) await m.core.engine.act(m.id, 'online-step', {});
    for (const o of options.others ?? []) await o();
    clock.advance(options.tickMs ?? 2000);
  }
  if (!done()) throw new Error('poll: not done after all rounds');
}

/** `rounds` rounds of polling, whatever happens. */
export async function pollRounds(members: readonly Member[], clock: FakeClock, rounds: number): Promise<void> {
  let n = 0;
  await poll(members, clock, () => n++ >= rounds, { rounds: rounds + 1 });
}

export async function closeAll(members: readonly Member[]): Promise<void> {
  for (const m of members) await m.core.close();
}

/** What a test file's tests share: one frostd test relay and one fake clock. */
export interface OnlineTestEnv {
  readonly clock: FakeClock;
  /** The relay (started before the file's first test). */
  readonly relay: FrostdTestRelay;
  /** Installs (see `installs`) on the shared clock, closed after the file's last test. */
  installs(names: readonly string[]): Promise<Member[]>;
}

/**
 * Call at the top of a test file: starts a frostd test relay before its tests and, after them,
 * closes every install made through `installs` and then the relay.
 */
export function onlineTestEnv(relayOptions?: FrostdTestRelayOptions): OnlineTestEnv {
  const clock = new FakeClock();
  const open: Member[] = [];
  let relay: FrostdTestRelay | undefined;
  beforeAll(async () => {
    relay = await FrostdTestRelay.start(relayOptions);
  });
  afterAll(async () => {
    await closeAll(open);
    await relay?.close();
  });
  return {
    clock,
    get relay(): FrostdTestRelay {
      if (!relay) throw new Error('onlineTestEnv: the relay starts in beforeAll; use it inside a test');
      return relay;
    },
    async installs(names) {
      const all = await installs(names, clock);
      open.push(...all);
      return all;
    },
  };
}

/**
 * Bob and Carol (app installs) and Zoe, a frost-client user stood in for by the frostd DKG runner,
 * each with the others' contacts. Zoe creates a 2-of-3 DKG the way `frost-client dkg -S <Bob>,<Carol>
 * -t 2` does (message_count 1; the threshold is not on the relay) and takes her first step.
 */
export async function zoeCreatesDkg(env: OnlineTestEnv) {
  const apps = await env.installs(['Bob', 'Carol']);
  const [bob, carol] = apps as [Member, Member];
  const zoe = await frostClientUser('Zoe', env.relay.url);
  await exchangeContacts(apps, [zoe.contact]);
  const keyOf = (m: Member) => bookState(m).publicKey;
  const zoeDkg = FrostdDkgRunner.create(
    {
      role: 'creator',
      threshold: 2,
      participants: [keyOf(bob), keyOf(carol)],
      contacts: { [keyOf(bob)]: 'Bob', [keyOf(carol)]: 'Carol' },
    },
    { communicationKey: zoe.key, seed: randomBytes(32) },
    env.clock.now(),
  );
  await zoeDkg.step(zoe.client, { now: env.clock.now() });
  return { apps, bob, carol, zoe, zoeDkg, keyOf };
}
