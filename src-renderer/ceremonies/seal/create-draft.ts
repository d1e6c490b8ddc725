import { SealCreateParams } from '../../../src-shared/ceremonies/seal.ts';

/**
 * The coordinator's "new committee" form as data, and its checks as the person types: each
 * problem is attached to the field that has it (so the screen can mark that input), and the
 * params are built only when there is none.
 */

export const NETWORK_CHOICES = [
  { kind: 'testnet', label: 'Sui Testnet' },
  { kind: 'mainnet', label: 'Sui Mainnet' },
  { kind: 'devnet', label: 'Sui Devnet' },
  { kind: 'localnet', label: 'Local network (http://127.0.0.1:9000)' },
  { kind: 'custom', label: 'Another full node (URL)' },
  { kind: 'rehearsal', label: 'Rehearsal ledger (not a real network)' },
] as const;
export type NetworkKind = (typeof NETWORK_CHOICES)[number]['kind'];

export interface MemberRow {
  /** Stable React key, not a party id. */
  key: number;
  address: string;
  label: string;
}

let rowKey = 0;
/** An empty member row with a fresh React key. */
export const newRow = (): MemberRow => ({ key: ++rowKey, address: '', label: '' });

export interface CreateDraft {
  title: string;
  network: NetworkKind;
  customUrl: string;
  ledgerDir: string;
  coordinatorAddress: string;
  threshold: number;
  members: MemberRow[];
  /** The bytecode dump's file name and text, when one was chosen. */
  dump: { name: string; text: string } | null;
}

export interface DraftCheck {
  /** Problems by field: title, network, coordinatorAddress, threshold, members, dump. */
  fields: Partial<Record<'title' | 'network' | 'coordinatorAddress' | 'threshold' | 'members' | 'dump', string>>;
  /** Problems by member row key. */
  rows: Map<number, string>;
  /** The network string the protocol takes (`testnet`, `https://…`, `rehearsal:<folder>`). */
  network: string;
  params: SealCreateParams | null;
}

const ADDRESS = /^0x[0-9a-fA-F]{1,64}$/;

/** 0x + 64 lowercase hex digits, the form two spellings of one address share. */
export function normalizeAddress(a: string): string | null {
  const t = a.trim();
  if (!ADDRESS.test(t)) return null;
  return `0x${t.slice(2).toLowerCase().padStart(64, '0')}`;
}

/** What is wrong with a typed Sui address, in words; null when it is one. */
export function addressProblem(raw: string): string | null {
  const t = raw.trim();
  if (!t) return 'Enter the Sui address.';
  if (!t.startsWith('0x')) return 'A Sui address starts with 0x.';
  if (!/^0x[0-9a-fA-F]*$/.test(t)) return 'A Sui address has only hex digits (0-9, a-f) after 0x.';
  if (t.length > 66) return `Too long: a Sui address has at most 64 hex digits (this has ${t.length - 2}).`;
  if (t.length === 2) return 'Enter the hex digits after 0x.';
  return null;
}

/** Checks a chosen `sui move build --dump-bytecode-as-base64` output; null when it looks right. */
export function dumpProblem(text: string): string | null {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return 'This file is not JSON: choose the output of `sui move build --dump-bytecode-as-base64`.';
  }
  const o = j as { modules?: unknown; dependencies?: unknown };
  if (!Array.isArray(o.modules) || o.modules.length === 0 || !o.modules.every((m) => typeof m === 'string'))
    return 'This JSON has no "modules" list of base64 strings: it is not a bytecode dump.';
  if (!Array.isArray(o.dependencies) || !o.dependencies.every((d) => typeof d === 'string'))
    return 'This JSON has no "dependencies" list: it is not a bytecode dump.';
  return null;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s.trim());
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function networkString(d: Pick<CreateDraft, 'network' | 'customUrl' | 'ledgerDir'>): string {
  if (d.network === 'custom') return d.customUrl.trim();
  if (d.network === 'rehearsal') return `rehearsal:${d.ledgerDir.trim()}`;
  return d.network;
}

/** What is missing from the network choice (a custom URL, a rehearsal folder); null when complete. */
export function networkProblem(d: Pick<CreateDraft, 'network' | 'customUrl' | 'ledgerDir'>): string | null {
  if (d.network === 'custom' && !isHttpUrl(d.customUrl)) return 'Enter the full node URL, e.g. https://fullnode.testnet.sui.io:443.';
  if (d.network === 'rehearsal' && !d.ledgerDir.trim())
    return 'Enter the folder of the rehearsal ledger; everyone taking part must be able to open it.';
  return null;
}

export function checkDraft(d: CreateDraft): DraftCheck {
  const fields: DraftCheck['fields'] = {};
  const rows = new Map<number, string>();
  if (!d.title.trim()) fields.title = 'Give the committee a name people recognise.';
  const net = networkProblem(d);
  if (net) fields.network = net;
  const coord = addressProblem(d.coordinatorAddress);
  if (coord) fields.coordinatorAddress = coord;

  const seen = new Map<string, number>();
  d.members.forEach((m, i) => {
    const p = addressProblem(m.address);
    if (p) return rows.set(m.key, p);
    const norm = normalizeAddress(m.address)!;
    const first = seen.get(norm);
    if (first !== undefined) rows.set(m.key, `The same address as member ${first + 1}: every member needs their own address.`);
    else seen.set(norm, i);
  });
  const n = d.members.length;
  if (n < 2) fields.members = 'A committee needs at least 2 members.';
  if (!Number.isInteger(d.threshold) || d.threshold < 2) fields.threshold = 'The threshold is at least 2 (the contract requires it).';
  else if (d.threshold > n) fields.threshold = `The threshold cannot exceed the number of members (${n}).`;
  if (d.dump) {
    const p = dumpProblem(d.dump.text);
    if (p) fields.dump = p;
  } else if (d.network !== 'rehearsal') fields.dump = 'Choose the committee package bytecode dump (a rehearsal can use the built-in one).';

  const network = networkString(d);
  let params: SealCreateParams | null = null;
  if (!Object.keys(fields).length && !rows.size) {
    const r = SealCreateParams.safeParse({
      network,
      threshold: d.threshold,
      coordinatorAddress: d.coordinatorAddress.trim(),
      members: d.members.map((m) => ({ address: m.address.trim(), ...(m.label.trim() ? { label: m.label.trim() } : {}) })),
      ...(d.dump ? { bytecodeDump: d.dump.text } : {}),
    });
    if (r.success) params = r.data;
    else fields.members = r.error.issues.map((i) => i.message).join('; ');
  }
  return { fields, rows, network, params };
}
