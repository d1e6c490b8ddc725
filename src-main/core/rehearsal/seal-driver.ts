import { CeremonyError } from '../errors.ts';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import type { ImportSummary } from '../../../src-shared/api/bundles.ts';
import {
  SEAL_ARTIFACTS,
  SEAL_FACTS,
  SEAL_TAGS,
  sealParticipantId,
  type SealActionName,
  type SealCodeMoment,
  type SealCreateParams,
  type SealJoinParams,
  type SealRotationCreateParams,
} from '../../../src-shared/ceremonies/seal.ts';

/**
 * Drives whole Seal ceremonies through the app's API (the same calls the renderer makes), one
 * install per participant. `ceremony rehearse seal` runs a rehearsal with it, and the tests use
 * it to reach any step and then go off the happy path. Nothing here touches a secret: signing
 * goes through each install's own wallet (`wallet.signTransaction`), as in the UI.
 */

/** One install: its API (dispatch) and a name for messages. */
export interface SealParty {
  name: string;
  call<T = unknown>(method: string, input: unknown): Promise<T>;
}

export interface PartyCeremony {
  party: SealParty;
  id: string;
}

export interface FileBytes {
  name: string;
  base64: string;
}

export async function view(p: PartyCeremony): Promise<CeremonyView> {
  return p.party.call<CeremonyView>('ceremonies.get', { id: p.id });
}

export async function act(p: PartyCeremony, action: SealActionName, input: Record<string, unknown> = {}): Promise<CeremonyView> {
  return p.party.call<CeremonyView>('ceremonies.act', { id: p.id, action, input });
}

export async function artifact(p: PartyCeremony, artifactId: string): Promise<FileBytes> {
  return p.party.call<FileBytes>('ceremonies.readArtifact', { id: p.id, artifactId });
}

export function factOf(v: CeremonyView, label: string): string | undefined {
  return v.facts.find((f) => f.label === label)?.value;
}

/** Imports files and fails loudly naming every refused one (tests look at refusals themselves with `importRaw`). */
export async function importFiles(p: PartyCeremony, files: FileBytes[]): Promise<ImportSummary> {
  const r = await importRaw(p, files);
  const bad = r.outcomes.filter((o) => !o.accepted && o.error?.code !== 'bundle/duplicate' && o.error?.code !== 'bundle/own-bundle');
  if (bad.length)
    throw new CeremonyError(
      'rehearsal/import-refused',
      `${p.party.name} refused ${bad.map((o) => `${o.file}: ${o.error?.message}`).join('; ')}`,
    );
  return r;
}

export async function importRaw(p: PartyCeremony, files: FileBytes[]): Promise<ImportSummary> {
  return p.party.call<ImportSummary>('bundles.importFiles', { ceremonyId: p.id, files });
}

/** Passes one artifact of `from` to `to` (a USB stick in real life). */
export async function carry(from: PartyCeremony, artifactId: string, to: PartyCeremony): Promise<ImportSummary> {
  return importFiles(to, [await artifact(from, artifactId)]);
}

/** The pending transaction's file (tx-<purpose>.json) as the view names it. */
export async function pendingTx(p: PartyCeremony): Promise<{ txBytes: string; digest: string; sender: string; purpose: string } | null> {
  const v = await view(p);
  const file = factOf(v, SEAL_FACTS.pendingTxFile);
  if (!file) return null;
  const a = v.artifacts.find((x) => x.name === file);
  if (!a) throw new Error(`${p.party.name}: no artifact ${file}`);
  const f = await artifact(p, a.id);
  return JSON.parse(Buffer.from(f.base64, 'base64').toString('utf8')) as {
    txBytes: string;
    digest: string;
    sender: string;
    purpose: string;
  };
}

/** Signs the pending transaction with this install's wallet (as dapp-kit would) and runs submit-signature. */
export async function signAndSubmit(p: PartyCeremony, signer: SealParty = p.party): Promise<CeremonyView> {
  const tx = await pendingTx(p);
  if (!tx) throw new Error(`${p.party.name}: nothing to sign`);
  const { signature } = await signer.call<{ signature: string }>('wallet.signTransaction', { address: tx.sender, transaction: tx.txBytes });
  return act(p, 'submit-signature', { signature });
}

/**
 * The code of `moment` as this install's screen shows it (null when it shows none yet): the
 * committee check code (the one code a member compares at join, a rotation's too), or the
 * messages_hash check code.
 */
export function codeShown(v: CeremonyView, moment: SealCodeMoment): string | null {
  if (moment === 'messages-hash') return factOf(v, SEAL_FACTS.messagesHashCheckCode) ?? null;
  return factOf(v, SEAL_FACTS.committeeCheckCode) ?? null;
}

export interface RehearsalMember {
  party: SealParty;
  address: string;
  label: string;
  airGapped?: boolean;
  /** The online install of an air-gapped member. */
  relay?: SealParty;
  /** Join from the plain dkg.yaml instead of the invitation bundle (as seal-committee-cli users do). */
  joinFrom?: 'dkg-yaml';
  serverUrl?: string;
  serverName?: string;
}

export interface RehearsalPlan {
  network: string;
  threshold: number;
  /** For a key rotation, the coordinator must be a CURRENT member (its install holds that member's Sui key). */
  coordinator: { party: SealParty; address: string };
  /** The committee in party order (for a rotation: the NEW committee, continuing and joining members). */
  members: RehearsalMember[];
  title?: string;
  /** Key rotation of this key server (KEY_SERVER_OBJ_ID) instead of a fresh committee. */
  keyServerObjId?: string;
  /** Rotation: the new party ids that deal (default: continuing members in party order until the coordinator has enough). */
  dealers?: number[];
}

export interface Joined {
  member: RehearsalMember;
  partyId: number;
  me: PartyCeremony;
  relay: PartyCeremony | null;
}

/** A rehearsal step by step; each method is one phase of the runbook. */
export class SealCeremonyDriver {
  coordinator!: PartyCeremony;
  joined: Joined[] = [];

  constructor(readonly plan: RehearsalPlan) {}

  async createCommittee(): Promise<CeremonyView> {
    if (this.plan.keyServerObjId) return this.createRotation(this.plan.keyServerObjId);
    const params: SealCreateParams = {
      network: this.plan.network,
      threshold: this.plan.threshold,
      members: this.plan.members.map((m) => ({ address: m.address, label: m.label })),
      coordinatorAddress: this.plan.coordinator.address,
    };
    const created = await this.plan.coordinator.party.call<CeremonyView>('ceremonies.create', {
      protocol: 'seal',
      title: this.plan.title ?? 'Seal committee',
      rehearsal: true,
      params,
    });
    this.coordinator = { party: this.plan.coordinator.party, id: created.id };
    await act(this.coordinator, 'publish');
    await signAndSubmit(this.coordinator);
    await act(this.coordinator, 'init-committee');
    return signAndSubmit(this.coordinator);
  }

  /** Rotation: the coordinator starts from KEY_SERVER_OBJ_ID and sends init_rotation. */
  async createRotation(keyServerObjId: string): Promise<CeremonyView> {
    const params: SealRotationCreateParams = {
      network: this.plan.network,
      keyServerObjId,
      threshold: this.plan.threshold,
      members: this.plan.members.map((m) => ({ address: m.address, label: m.label })),
      coordinatorAddress: this.plan.coordinator.address,
    };
    const created = await this.plan.coordinator.party.call<CeremonyView>('ceremonies.create', {
      protocol: 'seal',
      title: this.plan.title ?? 'Seal key rotation',
      rehearsal: true,
      params,
    });
    this.coordinator = { party: this.plan.coordinator.party, id: created.id };
    await act(this.coordinator, 'init-rotation');
    return signAndSubmit(this.coordinator);
  }

  async joinAll(): Promise<void> {
    const invitation = await artifact(this.coordinator, SEAL_ARTIFACTS.invitation);
    const dkgYaml = await artifact(this.coordinator, SEAL_ARTIFACTS.dkgYaml);
    for (const [partyId, m] of this.plan.members.entries()) {
      const params: SealJoinParams = { role: 'member', address: m.address, airGapped: !!m.airGapped };
      // The coordinator's own install cannot join its own bundle a second time: a coordinator who
      // is also a member (always so in a rotation) joins from the dkg.yaml.
      const file = m.party === this.plan.coordinator.party || m.joinFrom === 'dkg-yaml' ? dkgYaml : invitation;
      const v = await m.party.call<CeremonyView>('ceremonies.join', { ...file, params });
      let relay: PartyCeremony | null = null;
      if (m.airGapped) {
        if (!m.relay) throw new Error(`${m.label} is air-gapped but has no relay`);
        const rv = await m.relay.call<CeremonyView>('ceremonies.join', { ...invitation, params: { role: 'relay', address: m.address } });
        relay = { party: m.relay, id: rv.id };
      }
      this.joined.push({ member: m, partyId, me: { party: m.party, id: v.id }, relay });
    }
  }

  /**
   * The comparison a member makes aloud before registering (`committee`) or proposing
   * (`messages-hash`), played for every participant: this member's code against the
   * coordinator's and against every other member this driver plays that shows one, each read
   * from its own install. A member that does not know the rotation yet compares committee codes
   * only, as the codes its screen shows. Records "Codes match" heard from all of them; a
   * difference is recorded as "A code differs" and stops the rehearsal.
   */
  async confirmCode(j: Joined, moment: SealCodeMoment): Promise<CeremonyView> {
    const mine = await view(j.me);
    const code = codeShown(mine, moment);
    if (code === null) throw new Error(`${j.member.label} shows no ${moment} code to compare`);
    const heard: string[] = [];
    const differ: string[] = [];
    const others: [string, string, PartyCeremony][] = [
      [sealParticipantId.coordinator, 'the coordinator', this.coordinator],
      ...this.joined
        .filter((o) => o.partyId !== j.partyId)
        .map((o) => [sealParticipantId.member(o.partyId), o.member.label, o.me] as [string, string, PartyCeremony]),
    ];
    for (const [id, name, p] of others) {
      const theirs = await view(p);
      const said = codeShown(theirs, moment);
      if (said === null) continue; // nothing to announce yet (a member that has not processed)
      heard.push(id);
      if (said !== code) differ.push(`${name} (${said})`);
    }
    const verdict = differ.length ? 'differs' : 'match';
    const v = await act(j.me, 'confirm-code', { moment, verdict, code, heard });
    if (differ.length) throw new Error(`${j.member.label}: the ${moment} code ${code} differs from ${differ.join(', ')}`);
    return v;
  }

  /** Keys and registration for one member (online: sign and submit; air-gapped: through its relay). */
  async register(j: Joined): Promise<void> {
    await act(j.me, 'generate-keys', {
      serverUrl: j.member.serverUrl ?? `https://seal-${j.partyId}.example.org`,
      serverName: j.member.serverName ?? `server-${j.partyId}`,
    });
    await this.confirmCode(j, 'committee');
    await act(j.me, 'register');
    if (!j.relay) {
      await signAndSubmit(j.me);
      return;
    }
    await carry(j.me, SEAL_ARTIFACTS.registerRequest, j.relay);
    await act(j.relay, 'prepare-transaction', { purpose: 'register' });
    await carry(j.relay, SEAL_ARTIFACTS.unsignedTx('register'), j.me);
    await signAndSubmit(j.me);
    await carry(j.me, SEAL_ARTIFACTS.txSignature('register'), j.relay);
  }

  async registerAll(): Promise<void> {
    for (const j of this.joined) await this.register(j);
    await this.refreshAll();
    for (const j of this.joined.filter((x) => x.relay)) await carry(j.relay!, SEAL_ARTIFACTS.snapshotRegistered, j.me);
  }

  async refreshAll(): Promise<void> {
    await act(this.coordinator, 'refresh');
    for (const j of this.joined) {
      if (j.relay) await act(j.relay, 'refresh');
      else await act(j.me, 'refresh');
    }
  }

  async messagesAll(): Promise<void> {
    if (this.plan.keyServerObjId) return this.rotationMessages();
    for (const j of this.joined) {
      await act(j.me, 'create-message');
      await carry(j.me, SEAL_ARTIFACTS.messageBundle, this.coordinator);
    }
    await act(this.coordinator, 'export-message-set');
  }

  /** Rotation: joining members initialise without dealing; continuing members deal until the coordinator has the old threshold's messages. */
  async rotationMessages(): Promise<void> {
    const cv = await view(this.coordinator);
    const tagsOf = (partyId: number) => cv.participants.find((p) => p.id === sealParticipantId.member(partyId))?.tags ?? [];
    for (const j of this.joined) if (tagsOf(j.partyId).includes(SEAL_TAGS.joining)) await act(j.me, 'init-state');
    const dealers = this.plan.dealers ?? this.joined.filter((j) => tagsOf(j.partyId).includes(SEAL_TAGS.continuing)).map((j) => j.partyId);
    for (const partyId of dealers) {
      if ((await view(this.coordinator)).next.some((a) => a.action === 'export-message-set')) break;
      const j = this.joined.find((x) => x.partyId === partyId)!;
      await act(j.me, 'create-message');
      await carry(j.me, SEAL_ARTIFACTS.messageBundle, this.coordinator);
    }
    await act(this.coordinator, 'export-message-set');
  }

  /**
   * The coordinator's set to every member. In a fresh committee an air-gapped member's relay takes
   * it first, builds the member's proposal transaction from it, and both files travel on one trip.
   */
  async distributeMessageSet(): Promise<void> {
    const set = await artifact(this.coordinator, SEAL_ARTIFACTS.messageSet);
    for (const j of this.joined) {
      if (j.relay && !this.plan.keyServerObjId) {
        await importFiles(j.relay, [set]);
        await importFiles(j.me, [
          await artifact(j.relay, SEAL_ARTIFACTS.messageSet),
          await artifact(j.relay, SEAL_ARTIFACTS.unsignedTx('propose')),
        ]);
      } else await importFiles(j.me, [set]);
    }
  }

  async propose(j: Joined): Promise<void> {
    await act(j.me, 'process');
    await this.confirmCode(j, 'messages-hash');
    const v = await act(j.me, 'propose');
    if (!j.relay) {
      await signAndSubmit(j.me);
      return;
    }
    // The relay's transaction came with the set: the member's check of it made it the pending one.
    if (factOf(v, SEAL_FACTS.pendingTxFile)) {
      await signAndSubmit(j.me);
      await carry(j.me, SEAL_ARTIFACTS.txSignature('propose'), j.relay);
      return;
    }
    await carry(j.me, SEAL_ARTIFACTS.proposeRequest, j.relay);
    await act(j.relay, 'prepare-transaction', { purpose: 'propose' });
    await carry(j.relay, SEAL_ARTIFACTS.unsignedTx('propose'), j.me);
    await signAndSubmit(j.me);
    await carry(j.me, SEAL_ARTIFACTS.txSignature('propose'), j.relay);
  }

  /** Everyone processes first, so each member compares the messages_hash code with every other one before proposing. */
  async proposeAll(): Promise<void> {
    for (const j of this.joined) await act(j.me, 'process');
    for (const j of this.joined) await this.propose(j);
  }

  async finalizeAll(): Promise<void> {
    await this.refreshAll();
    for (const j of this.joined.filter((x) => x.relay)) await carry(j.relay!, SEAL_ARTIFACTS.snapshotFinalized, j.me);
  }

  async runAll(): Promise<void> {
    await this.createCommittee();
    await this.joinAll();
    await this.registerAll();
    await this.messagesAll();
    await this.distributeMessageSet();
    await this.proposeAll();
    await this.finalizeAll();
  }
}
