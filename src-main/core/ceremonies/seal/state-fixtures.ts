/**
 * Seal states built by hand for tests of the pure functions that read them (describe, view):
 * a committee of `n` members on testnet, and each role's state on top of it, from the same
 * constructors the protocol uses (baseState, newMemberState, newCoordinatorState).
 */
import { newCoordinatorState } from './coordinator.ts';
import {
  baseState,
  newMemberState,
  type CoordinatorState,
  type MemberState,
  type RelayState,
  type RotationSnap,
  type StateBase,
} from './state.ts';

/** Member i's address: 0x1111…, 0x2222…, … */
export const fixtureAddr = (i: number) => `0x${String(i + 1).repeat(64)}`;
export const fixtureAt = '2025-01-01T00:00:00.000Z';

/** A member's registration as the chain shows it. */
export const fixtureRegistration = (i: number) => ({
  partyId: i,
  address: fixtureAddr(i),
  encPk: '00',
  signingPk: '00',
  url: `https://ks${i}`,
  name: `ks${i}`,
});

/** The committee (members M0…M<n-1>, threshold 2, coordinator M0), fresh or rotating `rotation`'s committee. */
export function fixtureBase(n = 3, rotation: RotationSnap | null = null): StateBase {
  const members = Array.from({ length: n }, (_, i) => ({ address: fixtureAddr(i), label: `M${i}` }));
  const committee = {
    network: 'testnet',
    networkLabel: 'Sui testnet',
    packageId: `0x${'a'.repeat(64)}`,
    committeeId: `0x${'c'.repeat(64)}`,
    threshold: 2,
    members,
    coordinatorAddress: fixtureAddr(0),
    oldCommitteeId: rotation ? rotation.oldCommitteeId : null,
  };
  return baseState('member', committee, null, rotation);
}

/** Member M0 with its keys generated for key server ks0; `patch` moves it on. */
export function fixtureMember(patch: Partial<MemberState> = {}, b: StateBase = fixtureBase()): MemberState {
  return {
    ...newMemberState(b, { airGapped: false, partyId: 0, address: fixtureAddr(0), coordinatorCredentialsKey: null }),
    server: { url: 'https://ks0', name: 'ks0' },
    keys: { encPk: '00', signingPk: '00' },
    ...patch,
  };
}

export function fixtureCoordinator(patch: Partial<CoordinatorState> = {}, b: StateBase = fixtureBase()): CoordinatorState {
  return { ...newCoordinatorState(b.committee, b.rotation, null), ...b, role: 'coordinator', ...patch };
}

/** The relay of M1. */
export function fixtureRelay(patch: Partial<RelayState> = {}, b: StateBase = fixtureBase()): RelayState {
  return {
    ...b,
    role: 'relay',
    partyId: 1,
    address: fixtureAddr(1),
    requests: { register: null, propose: null },
    attempts: { register: 0, propose: 0 },
    done: { register: false, propose: false },
    snapshotsSent: { registered: false, finalized: false },
    ...patch,
  };
}
