import { canonicalJson } from '../../encoding/canonical-json.ts';
import { CeremonyError } from '../../errors.ts';
import type { StepContext } from '../../engine/protocol.ts';
import type { CommitteeChain, CommitteeView } from '../../transports/sui/chain.ts';
import { networkConfig } from './network.ts';
import { sealServices } from './services.ts';
import type { ChainSnap, CommitteeInfo, KeyServerSnap, RegistrationSnap, SealState } from './state.ts';
import { addr, hex, listNames, shortId } from './values.ts';

/** The chain of this ceremony's network. */
export async function chainOf(state: Pick<SealState, 'committee'>, ctx: Pick<StepContext, 'services'>): Promise<CommitteeChain> {
  return sealServices(ctx.services).openChain(networkConfig(state.committee.network));
}

export function registrationsOf(view: CommitteeView): RegistrationSnap[] | null {
  if (!view.registrations) return null;
  return view.registrations
    .map((r) => ({
      partyId: r.partyId,
      address: addr(r.address),
      encPk: hex(r.encPk),
      signingPk: hex(r.signingPk),
      url: r.url,
      name: r.name,
    }))
    .sort((a, b) => a.partyId - b.partyId);
}

/**
 * The committee on chain must be the one of the invitation: same package, threshold and members
 * in the same order. A dkg.yaml from another (older) committee fails here with the difference.
 */
export function checkCommitteeMatches(c: CommitteeInfo, view: CommitteeView, what: string): void {
  const problems: string[] = [];
  if (c.packageId && addr(c.packageId) !== addr(view.packageId))
    problems.push(`its package is ${shortId(view.packageId)}, not ${shortId(c.packageId)}`);
  if (view.threshold !== c.threshold) problems.push(`its threshold is ${view.threshold}, not ${c.threshold}`);
  const oldOnChain = view.oldCommitteeId ? addr(view.oldCommitteeId) : null;
  if (oldOnChain !== (c.oldCommitteeId ? addr(c.oldCommitteeId) : null)) {
    problems.push(
      oldOnChain
        ? c.oldCommitteeId
          ? `it rotates committee ${shortId(oldOnChain)}, not ${shortId(c.oldCommitteeId)}`
          : `it is a key rotation of committee ${shortId(oldOnChain)}, not a fresh committee`
        : 'it is a fresh committee, not a key rotation',
    );
  }
  const mine = c.members.map((m) => m.address);
  const theirs = view.members.map((m) => addr(m));
  if (canonicalJson(mine) !== canonicalJson(theirs)) {
    const missing = theirs.filter((a) => !mine.includes(a)).map(shortId);
    const extra = mine.filter((a) => !theirs.includes(a)).map(shortId);
    problems.push(
      missing.length || extra.length
        ? `its members differ (${[missing.length ? `on chain only: ${listNames(missing)}` : '', extra.length ? `in ${what} only: ${listNames(extra)}` : ''].filter(Boolean).join('; ')})`
        : 'its members are in a different order',
    );
  }
  if (problems.length) {
    throw new CeremonyError(
      'seal/committee-mismatch',
      `The committee ${shortId(view.id)} on chain does not match ${what}: ${problems.join(', ')}. The ${what} is stale or from another committee; ask the coordinator for the current one.`,
      { committeeId: view.id },
    );
  }
}

/** Folds a committee read into the state; keeps `observedAt` when nothing changed, so a poll that found no news is a no-op. */
export function foldCommittee<S extends SealState>(state: S, view: CommitteeView, now: string): S {
  const approvals = view.phase === 'Finalized' ? state.committee.members.map((m) => m.address) : (view.proposal?.approvals.map(addr) ?? []);
  const snapCore = {
    phase: view.phase,
    objectVersion: view.version,
    approvals,
    proposalHash: view.proposal ? hex(view.proposal.messagesHash) : null,
  };
  const prev = state.chain;
  const same = prev && canonicalJson({ ...prev, observedAt: '' }) === canonicalJson({ ...snapCore, observedAt: '' });
  const chain: ChainSnap = same ? prev : { ...snapCore, observedAt: now };
  const regs = registrationsOf(view);
  return { ...state, chain, registrations: regs ?? state.registrations };
}

export async function readKeyServer(chain: CommitteeChain, committeeId: string): Promise<KeyServerSnap | null> {
  const id = await chain.getKeyServerIdOfCommittee(committeeId);
  if (!id) return null;
  const ks = await chain.getKeyServer(id);
  return {
    id: addr(ks.id),
    sealPackageId: addr(ks.sealPackageId),
    pk: hex(ks.pk),
    version: ks.version,
    threshold: ks.threshold,
    partials: ks.partialKeyServers
      .map((p) => ({ partyId: p.partyId, name: p.name, url: p.url, partialPk: hex(p.partialPk) }))
      .sort((a, b) => a.partyId - b.partyId),
  };
}

/**
 * A finalized committee whose object is gone: a later rotation moved its key server to a new
 * committee (and deleted this one). Records where the key server is now and whether this
 * install's member is still in it; the share of this committee's version is retired.
 */
async function retired<S extends SealState>(state: S, chain: CommitteeChain, now: string, gone: CeremonyError): Promise<S> {
  const ks = await chain.getKeyServer(state.keyServer!.id);
  if (ks.version <= state.keyServer!.version) throw gone;
  const holder = await chain.getCommitteeOfKeyServer(ks.id);
  const members = (await chain.getCommittee(holder.committeeId)).members.map(addr);
  const stillMember = state.role === 'coordinator' ? null : members.includes(addr(state.address));
  const core = { version: ks.version, committeeId: addr(holder.committeeId), stillMember };
  const prev = state.retired;
  if (prev && canonicalJson({ ...prev, observedAt: '' }) === canonicalJson({ ...core, observedAt: '' })) return state;
  return { ...state, retired: { ...core, observedAt: now } };
}

/**
 * Reads the committee (and the key server once finalized) and folds both into the state. The
 * committee must still match the invitation.
 */
export async function refreshFromChain<S extends SealState>(state: S, ctx: Pick<StepContext, 'services' | 'now'>): Promise<S> {
  if (!state.committee.committeeId) return state;
  const chain = await chainOf(state, ctx);
  let view: CommitteeView;
  try {
    view = await chain.getCommittee(state.committee.committeeId);
  } catch (e) {
    // "Gone" is decided from chain state (the key server moved on to a later version), not from
    // the read's reason: gRPC full nodes say "not found" for deleted objects too.
    if (state.keyServer && e instanceof CeremonyError && (e.code === 'chain/object-deleted' || e.code === 'chain/object-not-found')) {
      return retired(state, chain, ctx.now(), e);
    }
    throw e;
  }
  checkCommitteeMatches(state.committee, view, 'this ceremony');
  let next = foldCommittee(state, view, ctx.now());
  if (view.phase === 'Finalized' && !next.keyServer) {
    const ks = await readKeyServer(chain, view.id);
    if (ks) next = { ...next, keyServer: ks };
  }
  return next;
}
