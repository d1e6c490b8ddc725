/**
 * Test-only helpers for the frostd runners: members with keys and seeds, and a round-robin driver
 * that steps several runners against one relay on a fake clock (no sleeping).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { FrostdClient } from './client.ts';
import { generateCommunicationKeyPair, type CommunicationKeyPair } from './noise.ts';
import type { FrostdRunner, FrostdRunState, FrostdStepReport } from './runner.ts';

export interface TestMember {
  readonly name: string;
  readonly key: CommunicationKeyPair;
  readonly hex: string;
  readonly seed: Uint8Array;
}

export function members(...names: string[]): TestMember[] {
  return names.map((name) => {
    const key = generateCommunicationKeyPair();
    return { name, key, hex: bytesToHex(key.publicKey), seed: randomBytes(32) };
  });
}

/** The address book of `me`: everyone else by name. */
export function contactsOf(all: readonly TestMember[], me: TestMember): Record<string, string> {
  return Object.fromEntries(all.filter((m) => m !== me).map((m) => [m.hex, m.name]));
}

export async function loggedInClient(url: string, m: TestMember): Promise<FrostdClient> {
  const c = new FrostdClient({ server: url });
  await c.login(m.key);
  return c;
}

export class FakeClock {
  constructor(public t = 1_800_000_000_000) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Party<S extends FrostdRunState = FrostdRunState> {
  readonly name: string;
  runner: FrostdRunner<S>;
  readonly client: FrostdClient;
  /** Not stepped while true (someone who has not shown up yet). */
  paused?: boolean;
  last?: FrostdStepReport;
  /** Every state the party saved, after each step. */
  readonly saved: S[];
}

export function party<S extends FrostdRunState>(name: string, runner: FrostdRunner<S>, client: FrostdClient): Party<S> {
  return { name, runner, client, saved: [] };
}

const settled = (p: Party) => p.runner.status === 'done' || p.runner.status === 'failed' || p.runner.status === 'awaiting-approval';

/**
 * Steps every unpaused party in turn, advancing the clock by `tickMs` per round, until all of
 * them are settled (done, failed, or waiting for approval) or `rounds` run out.
 */
export async function drive(
  parties: readonly Party[],
  clock: FakeClock,
  options: { rounds?: number; tickMs?: number } = {},
): Promise<void> {
  for (let round = 0; round < (options.rounds ?? 60); round++) {
    const active = parties.filter((p) => !p.paused && !settled(p));
    if (active.length === 0) return;
    for (const p of active) {
      p.last = await p.runner.step(p.client, { now: clock.now() });
      p.saved.push(p.runner.toJSON());
    }
    clock.advance(options.tickMs ?? 2000);
  }
}
