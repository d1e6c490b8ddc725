import { SealRotationCreateParams, type SealRotationPreview } from '../../../src-shared/ceremonies/seal.ts';
import { addressProblem, networkProblem, networkString, normalizeAddress, type MemberRow, type NetworkKind } from './create-draft.ts';

/**
 * The coordinator's "rotate a committee" form as data, and its checks as the person types.
 * The form first reads the key server's current committee (`seal.previewRotation`); the person
 * then keeps some of its members, adds new ones, and sets the new threshold and who sends
 * init_rotation. Every rule the contract (or main) would refuse is caught here first, on the
 * field that breaks it, so nothing is sent that cannot work:
 * - at least the CURRENT threshold of current members continue (their shares carry
 *   KEY_SERVER_PK over);
 * - the coordinator is a member of the CURRENT committee (only a current member may send
 *   init_rotation);
 * - new members are new (a current member continues by ticking it, not by adding it again).
 * Main checks the same rules again on create (`seal/too-few-continuing`,
 * `seal/coordinator-not-current-member`).
 */

export interface RotationDraft {
  network: NetworkKind;
  customUrl: string;
  ledgerDir: string;
  keyServerObjId: string;
  /** Party ids (current committee) of the members who continue. */
  continuing: number[];
  /** Members who join, in the order they get party ids after the continuing ones. */
  joining: MemberRow[];
  threshold: number;
  coordinatorAddress: string;
}

/** Where a preview was read from: it describes the draft only while both still match. */
export interface PreviewSource {
  network: string;
  keyServerObjId: string;
}

export type RotationField = 'network' | 'keyServerObjId' | 'preview' | 'continuing' | 'threshold' | 'coordinatorAddress' | 'members';

/** One member of the new committee, in party order. */
export interface NewMember {
  partyId: number;
  address: string;
  label: string;
  /** Party id in the current committee, for a continuing member. */
  oldPartyId: number | null;
}

export interface RotationCheck {
  fields: Partial<Record<RotationField, string>>;
  /** Problems by joining-member row key. */
  rows: Map<number, string>;
  network: string;
  /** The new committee in party order (continuing first, in their current order; then joining). */
  members: NewMember[];
  /** Current members who leave, by party id. */
  leaving: number[];
  /** The coordinator is a current member who leaves (allowed: it only sends init_rotation). */
  coordinatorLeaves: boolean;
  params: SealRotationCreateParams | null;
}

export function keyServerIdProblem(raw: string): string | null {
  const t = raw.trim();
  if (!t) return "Enter KEY_SERVER_OBJ_ID: it is in every current member's key-server-config.yaml (key_server_obj_id).";
  if (!/^0x[0-9a-fA-F]{1,64}$/.test(t))
    return 'A key server object id is 0x followed by up to 64 hex digits (key_server_obj_id in key-server-config.yaml).';
  return null;
}

/** Whether `preview` was read for this draft's network and key server (else it must be read again). */
export function previewMatches(
  d: Pick<RotationDraft, 'network' | 'customUrl' | 'ledgerDir' | 'keyServerObjId'>,
  source: PreviewSource | null,
): boolean {
  if (!source) return false;
  return source.network === networkString(d) && normalizeAddress(source.keyServerObjId) === normalizeAddress(d.keyServerObjId);
}

/** A current member's name for people: its key server's on-chain name, else its party id. */
export function currentMemberLabel(m: SealRotationPreview['members'][number]): string {
  return m.name.trim() || `Party ${m.partyId}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function checkRotationDraft(d: RotationDraft, preview: SealRotationPreview | null): RotationCheck {
  const fields: RotationCheck['fields'] = {};
  const rows = new Map<number, string>();
  const network = networkString(d);
  const net = networkProblem(d);
  if (net) fields.network = net;
  const ks = keyServerIdProblem(d.keyServerObjId);
  if (ks) fields.keyServerObjId = ks;
  if (!preview) {
    if (!net && !ks) fields.preview = 'Read the current committee from the chain first (the button next to KEY_SERVER_OBJ_ID).';
    return { fields, rows, network, members: [], leaving: [], coordinatorLeaves: false, params: null };
  }

  const current = [...preview.members].sort((a, b) => a.partyId - b.partyId);
  const byAddress = new Map(current.map((m) => [normalizeAddress(m.address)!, m]));
  const keep = new Set(d.continuing);
  const continuing = current.filter((m) => keep.has(m.partyId));
  const leaving = current.filter((m) => !keep.has(m.partyId)).map((m) => m.partyId);

  if (continuing.length < preview.threshold) {
    const more = preview.threshold - continuing.length;
    fields.continuing = `At least ${preview.threshold} of the ${current.length} current members must continue (the current threshold): their shares are what carries KEY_SERVER_PK over to the new committee. ${continuing.length ? `Only ${plural(continuing.length, 'continues', 'continue')}` : 'None continues'}: keep ${plural(more, 'more member', 'more members')}.`;
  }

  const seen = new Map<string, number>();
  d.joining.forEach((row, i) => {
    const p = addressProblem(row.address);
    if (p) return rows.set(row.key, p);
    const norm = normalizeAddress(row.address)!;
    const old = byAddress.get(norm);
    if (old) {
      return rows.set(
        row.key,
        keep.has(old.partyId)
          ? `This is ${currentMemberLabel(old)} (party ${old.partyId} of the current committee), who already continues: remove this row.`
          : `This is ${currentMemberLabel(old)} (party ${old.partyId} of the current committee): to keep them, tick “continues” above instead of adding them again.`,
      );
    }
    const first = seen.get(norm);
    if (first !== undefined) rows.set(row.key, `The same address as new member ${first + 1}: every member needs their own address.`);
    else seen.set(norm, i);
  });

  const members: NewMember[] = [
    ...continuing.map((m) => ({ address: normalizeAddress(m.address)!, label: currentMemberLabel(m), oldPartyId: m.partyId })),
    ...d.joining.map((r, i) => ({ address: r.address.trim(), label: r.label.trim() || `New member ${i + 1}`, oldPartyId: null })),
  ].map((m, partyId) => ({ ...m, partyId }));
  const n = members.length;
  if (n < 2) fields.members = 'The new committee needs at least 2 members.';
  if (!Number.isInteger(d.threshold) || d.threshold < 2) fields.threshold = 'The threshold is at least 2 (the contract requires it).';
  else if (d.threshold > n) fields.threshold = `The threshold cannot exceed the number of members of the new committee (${n}).`;

  let coordinatorLeaves = false;
  const coord = addressProblem(d.coordinatorAddress);
  if (coord) fields.coordinatorAddress = coord;
  else {
    const m = byAddress.get(normalizeAddress(d.coordinatorAddress)!);
    if (!m) {
      fields.coordinatorAddress = `Not a member of the current committee (version ${preview.version}). Only a current member may send init_rotation, the transaction that starts the rotation: use the address of one of its ${current.length} members, for example a continuing member's.`;
    } else coordinatorLeaves = !keep.has(m.partyId);
  }

  let params: SealRotationCreateParams | null = null;
  if (!Object.keys(fields).length && !rows.size) {
    const r = SealRotationCreateParams.safeParse({
      network,
      keyServerObjId: preview.keyServerObjId,
      threshold: d.threshold,
      coordinatorAddress: d.coordinatorAddress.trim(),
      members: [
        ...continuing.map((m) => ({ address: normalizeAddress(m.address)!, label: currentMemberLabel(m) })),
        ...d.joining.map((r) => ({ address: r.address.trim(), ...(r.label.trim() ? { label: r.label.trim() } : {}) })),
      ],
    });
    if (r.success) params = r.data;
    else fields.members = r.error.issues.map((i) => i.message).join('; ');
  }
  return { fields, rows, network, members, leaving, coordinatorLeaves, params };
}

/** "version 0 → 1: a 3-of-4 committee; 2 continue, 1 leaves, 2 join". */
export function rotationPlanSentence(preview: SealRotationPreview, check: RotationCheck, threshold: number): string {
  const continuing = check.members.filter((m) => m.oldPartyId !== null).length;
  const joining = check.members.length - continuing;
  return `version ${preview.version} → ${preview.version + 1}: a ${threshold}-of-${check.members.length} committee; ${plural(continuing, 'continues', 'continue')}, ${plural(check.leaving.length, 'leaves', 'leave')}, ${plural(joining, 'joins', 'join')}`;
}
