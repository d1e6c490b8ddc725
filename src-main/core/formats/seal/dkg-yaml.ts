import type { ErrorCode } from '../../../../src-shared/api/errors.ts';
import { hexToBytes } from '@noble/hashes/utils.js';
import { Document, isMap, isScalar, isSeq, parseDocument, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { CeremonyError } from '../../errors.ts';

/**
 * seal-committee-cli's dkg.yaml, read and written without losing anything.
 *
 * Two layouts exist:
 *  - sectioned (seal-committee-cli >= v0.6.0): `init-params`, `init-rotation-params`,
 *    `publish-and-init`, `init-rotation`, `genkey-and-register`, `process-all-and-propose`;
 *  - flat (the Python wrapper before v0.6.0): the same keys at the top level.
 *
 * Parsing uses YAML's failsafe schema, so every scalar stays the exact string in the file: an
 * unquoted 0x… value can never turn into a (lossy) number. Hex values we write are single-quoted;
 * THRESHOLD stays a plain integer because the Rust CLI reads it with `as_u64`. Unknown keys,
 * sections and comments survive a read–modify–write (the Rust CLI drops comments; we do not).
 */

/** More members than any committee this app runs (the Seal bench goes to 256); a bound before any per-member work. */
const MAX_MEMBERS = 1000;

export type DkgYamlLayout = 'sectioned' | 'flat';
export type DkgSection =
  'init-params' | 'init-rotation-params' | 'publish-and-init' | 'init-rotation' | 'genkey-and-register' | 'process-all-and-propose';
export type SuiNetwork = 'Testnet' | 'Mainnet';

const SECTIONS: readonly DkgSection[] = [
  'init-params',
  'init-rotation-params',
  'publish-and-init',
  'init-rotation',
  'genkey-and-register',
  'process-all-and-propose',
];

/** The coordinator's starting point: what `init-params` (and, for a rotation, `init-rotation-params`) hold. */
export interface DkgInvitation {
  network: SuiNetwork;
  threshold: number;
  /** Member addresses in party order (party id = index). */
  members: readonly string[];
  nodeUrl?: string;
  /** Rotation only: the key server object of the current committee. */
  keyServerObjId?: string;
}

export interface ProcessOutputs {
  /** Committee version k: 0 for a fresh DKG, old version + 1 for a rotation. */
  version: number;
  /** Written only for version 0 (upstream leaves it untouched on rotation). */
  keyServerPk?: Uint8Array | string;
  partialPks: readonly (Uint8Array | string)[];
  /** SECRET. Left out when the file is written without secrets (the usual case). */
  masterShare?: Uint8Array | string | undefined;
}

const HEX = /^(0x)?([0-9a-fA-F]*)$/;

function toHex(v: Uint8Array | string): string {
  if (typeof v === 'string') {
    const m = HEX.exec(v.trim());
    if (!m || m[2]!.length % 2 !== 0) throw new Error(`not hex: ${v}`);
    return `0x${m[2]!.toLowerCase()}`;
  }
  let s = '0x';
  for (const b of v) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Sui address / object id: 0x + 64 lowercase hex (short forms are zero-padded). */
function toAddress(v: string): string {
  const m = /^0x([0-9a-fA-F]{1,64})$/.exec(v.trim());
  if (!m) throw new Error(`not a 0x address: ${v}`);
  return `0x${m[1]!.toLowerCase().padStart(64, '0')}`;
}

function yamlError(code: ErrorCode, message: string, details: Record<string, string | number | boolean | null> = {}): CeremonyError {
  return new CeremonyError(code, message, details);
}

export class DkgYaml {
  private constructor(
    private readonly doc: Document,
    readonly layout: DkgYamlLayout,
    private readonly what: string,
  ) {}

  /** Parses a dkg.yaml of either layout. */
  static parse(text: string, what = 'dkg.yaml'): DkgYaml {
    const doc = parseDocument(text, { schema: 'failsafe', prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      throw yamlError('seal/dkg-yaml-invalid', `${what} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, { file: what });
    }
    const root = doc.contents;
    if (root !== null && !isMap(root))
      throw yamlError('seal/dkg-yaml-invalid', `${what} must be a mapping of keys to values.`, { file: what });
    const topKeys = isMap(root) ? root.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')) : [];
    const sectioned = topKeys.some((k) => (SECTIONS as readonly string[]).includes(k));
    const flat = topKeys.some((k) => ['NETWORK', 'THRESHOLD', 'MEMBERS'].includes(k));
    return new DkgYaml(doc, sectioned || !flat ? 'sectioned' : 'flat', what);
  }

  /** The coordinator's new dkg.yaml (current sectioned layout unless asked otherwise). */
  static create(invitation: DkgInvitation, layout: DkgYamlLayout = 'sectioned', what = 'dkg.yaml'): DkgYaml {
    const doc = new Document({}, { schema: 'failsafe' });
    const y = new DkgYaml(doc, layout, what);
    y.writePlain('NETWORK', invitation.network);
    if (invitation.nodeUrl) y.writeQuoted('NODE_URL', invitation.nodeUrl);
    if (!Number.isInteger(invitation.threshold) || invitation.threshold < 2 || invitation.threshold > invitation.members.length) {
      throw new CeremonyError(
        'seal/bad-threshold',
        `The threshold must be between 2 and the number of members (${invitation.members.length}).`,
        {
          threshold: invitation.threshold,
        },
      );
    }
    y.writePlain('THRESHOLD', String(invitation.threshold));
    y.writeList(
      'MEMBERS',
      invitation.members.map((m) => toAddress(m)),
    );
    if (invitation.keyServerObjId) y.writeQuoted('KEY_SERVER_OBJ_ID', toAddress(invitation.keyServerObjId));
    return y;
  }

  toString(): string {
    return this.doc.toString({ lineWidth: 0 });
  }

  /** A copy without any MASTER_SHARE_V* (what may leave the member's machine). */
  withoutSecrets(): DkgYaml {
    const copy = DkgYaml.parse(this.toString(), this.what);
    for (const k of copy.keys()) if (/^MASTER_SHARE_V\d+$/.test(k)) copy.deleteKey(k);
    return copy;
  }

  // --- where keys live ----------------------------------------------------------------------------

  /** True when init-rotation-params.KEY_SERVER_OBJ_ID (flat: KEY_SERVER_OBJ_ID) is present, as upstream decides. */
  isRotation(): boolean {
    return this.raw('KEY_SERVER_OBJ_ID') !== undefined;
  }

  /** The section that holds a key in the sectioned layout (upstream's rules, incl. committee_id_section). */
  sectionOf(key: string): DkgSection {
    switch (key) {
      case 'NETWORK':
      case 'NODE_URL':
      case 'THRESHOLD':
      case 'MEMBERS':
        return 'init-params';
      case 'KEY_SERVER_OBJ_ID':
        return 'init-rotation-params';
      case 'CURRENT_COMMITTEE_ID':
        return 'init-rotation';
      case 'COMMITTEE_PKG':
      case 'COMMITTEE_ID':
      case 'COORDINATOR_ADDRESS':
        return this.isRotation() ? 'init-rotation' : 'publish-and-init';
      case 'MY_ADDRESS':
      case 'MY_SERVER_URL':
      case 'MY_SERVER_NAME':
      case 'DKG_ENC_PK':
      case 'DKG_SIGNING_PK':
        return 'genkey-and-register';
      default:
        return 'process-all-and-propose';
    }
  }

  private path(key: string): string[] {
    return this.layout === 'flat' ? [key] : [this.sectionOf(key), key];
  }

  private node(key: string): unknown {
    if (this.layout === 'sectioned') {
      const section = this.doc.get(this.sectionOf(key), true);
      if (section === undefined || section === null) return undefined;
      if (isScalar(section) && (section.value === '' || section.value === null)) return undefined;
      if (!isMap(section))
        throw yamlError('seal/dkg-yaml-invalid', `${this.what}: section ${this.sectionOf(key)} is not a mapping.`, { file: this.what });
      return section.get(key, true);
    }
    return this.doc.get(key, true);
  }

  /** The raw string (scalar) or string list (sequence) of a key; undefined when absent or empty. */
  raw(key: string): string | string[] | undefined {
    const n = this.node(key);
    if (n === undefined || n === null) return undefined;
    if (isScalar(n)) {
      const v = n.value === null ? '' : String(n.value);
      return v === '' ? undefined : v;
    }
    if (isSeq(n)) return (n as YAMLSeq).items.map((it) => (isScalar(it) ? String(it.value ?? '') : ''));
    throw yamlError('seal/dkg-yaml-invalid', `${this.what}: ${key} must be a value or a list.`, { file: this.what, key });
  }

  /** Every key present (flat names), in file order. */
  keys(): string[] {
    const root = this.doc.contents;
    if (!isMap(root)) return [];
    const names = (m: YAMLMap) => m.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter(Boolean);
    if (this.layout === 'flat') return names(root);
    return SECTIONS.flatMap((s) => {
      const sec = root.get(s, true);
      return isMap(sec) ? names(sec) : [];
    });
  }

  private deleteKey(key: string): void {
    this.doc.deleteIn(this.path(key));
  }

  private writeNode(key: string, node: unknown): void {
    if (this.layout === 'sectioned') {
      const section = this.sectionOf(key);
      const existing = this.doc.get(section, true);
      if (!isMap(existing)) this.doc.set(section, this.doc.createNode({}));
    }
    this.doc.setIn(this.path(key), node);
  }

  private writeQuoted(key: string, value: string): void {
    const n = this.doc.createNode(value) as Scalar;
    n.type = 'QUOTE_SINGLE';
    this.writeNode(key, n);
  }

  private writePlain(key: string, value: string): void {
    const n = this.doc.createNode(value) as Scalar;
    n.type = 'PLAIN';
    this.writeNode(key, n);
  }

  private writeList(key: string, values: readonly string[]): void {
    const seq = this.doc.createNode([...values]) as YAMLSeq;
    for (const it of seq.items) (it as Scalar).type = 'QUOTE_SINGLE';
    this.writeNode(key, seq);
  }

  // --- typed reads (each throws naming the key) --------------------------------------------------

  private required(key: string): string {
    const v = this.raw(key);
    if (v === undefined) {
      throw yamlError('seal/dkg-yaml-missing', `${this.what} has no ${this.layout === 'flat' ? key : `${this.sectionOf(key)}.${key}`}.`, {
        file: this.what,
        key,
      });
    }
    if (Array.isArray(v))
      throw yamlError('seal/dkg-yaml-invalid', `${this.what}: ${key} must be a single value, not a list.`, { file: this.what, key });
    return v;
  }

  private hexValue(key: string, value: string, bytes: number | undefined): Uint8Array {
    const m = HEX.exec(value.trim());
    const digits = m?.[2] ?? '';
    if (!m || digits.length === 0 || digits.length % 2 !== 0 || (bytes !== undefined && digits.length !== 2 * bytes)) {
      throw yamlError(
        'seal/dkg-yaml-invalid',
        `${this.what}: ${key} must be ${bytes ? `${bytes} bytes of ` : ''}hex${value.includes('...') ? ' (it still holds the template placeholder)' : ''}.`,
        { file: this.what, key },
      );
    }
    return hexToBytes(digits);
  }

  private hex(key: string, bytes?: number): Uint8Array {
    return this.hexValue(key, this.required(key), bytes);
  }

  private address(key: string): string {
    const v = this.required(key).trim();
    if (!/^0x[0-9a-fA-F]{1,64}$/.test(v))
      throw yamlError('seal/dkg-yaml-invalid', `${this.what}: ${key} is not a 0x… address.`, { file: this.what, key });
    return `0x${v.slice(2).toLowerCase().padStart(64, '0')}`;
  }

  network(): SuiNetwork {
    const v = this.required('NETWORK');
    const lower = v.toLowerCase();
    if (lower === 'testnet') return 'Testnet';
    if (lower === 'mainnet') return 'Mainnet';
    throw yamlError('seal/dkg-yaml-invalid', `${this.what}: NETWORK must be Testnet or Mainnet, not "${v}".`, {
      file: this.what,
      key: 'NETWORK',
    });
  }

  nodeUrl(): string | undefined {
    const v = this.raw('NODE_URL');
    return typeof v === 'string' ? v : undefined;
  }

  /** THRESHOLD; like the Rust CLI (and the Move contract) it must be greater than 1. */
  threshold(): number {
    const v = this.required('THRESHOLD').trim();
    if (!/^\d+$/.test(v) || Number(v) < 2 || Number(v) > 65535) {
      throw yamlError('seal/dkg-yaml-invalid', `${this.what}: THRESHOLD must be an integer greater than 1, not "${v}".`, {
        file: this.what,
        key: 'THRESHOLD',
      });
    }
    return Number(v);
  }

  /** Member addresses in party order, normalized to 0x + 64 lowercase hex. */
  members(): string[] {
    const v = this.raw('MEMBERS');
    if (!Array.isArray(v) || v.length === 0) {
      throw yamlError('seal/dkg-yaml-missing', `${this.what} has no MEMBERS list.`, { file: this.what, key: 'MEMBERS' });
    }
    if (v.length > MAX_MEMBERS) {
      throw yamlError(
        'seal/dkg-yaml-invalid',
        `${this.what}: MEMBERS lists ${v.length} addresses; a committee has at most ${MAX_MEMBERS}.`,
        {
          file: this.what,
          key: 'MEMBERS',
          count: v.length,
        },
      );
    }
    return v.map((m, i) => {
      if (!/^0x[0-9a-fA-F]{1,64}$/.test(m.trim())) {
        throw yamlError('seal/dkg-yaml-invalid', `${this.what}: MEMBERS[${i}] is not a 0x… address.`, {
          file: this.what,
          key: 'MEMBERS',
          index: i,
        });
      }
      return `0x${m.trim().slice(2).toLowerCase().padStart(64, '0')}`;
    });
  }

  keyServerObjId(): string {
    return this.address('KEY_SERVER_OBJ_ID');
  }
  committeeId(): string {
    return this.address('COMMITTEE_ID');
  }
  committeePkg(): string {
    return this.address('COMMITTEE_PKG');
  }
  coordinatorAddress(): string {
    return this.address('COORDINATOR_ADDRESS');
  }
  currentCommitteeId(): string {
    return this.address('CURRENT_COMMITTEE_ID');
  }
  myAddress(): string {
    return this.address('MY_ADDRESS');
  }
  /** DKG_ENC_PK: 48-byte G1. */
  dkgEncPk(): Uint8Array {
    return this.hex('DKG_ENC_PK', 48);
  }
  /** DKG_SIGNING_PK: 96-byte G2. */
  dkgSigningPk(): Uint8Array {
    return this.hex('DKG_SIGNING_PK', 96);
  }
  has(key: string): boolean {
    return this.raw(key) !== undefined;
  }
  keyServerPk(): Uint8Array {
    return this.hex('KEY_SERVER_PK', 96);
  }
  partialPks(version: number): Uint8Array[] {
    const key = `PARTIAL_PKS_V${version}`;
    const v = this.raw(key);
    if (v === undefined) throw yamlError('seal/dkg-yaml-missing', `${this.what} has no ${key}.`, { file: this.what, key });
    if (!Array.isArray(v)) throw yamlError('seal/dkg-yaml-invalid', `${this.what}: ${key} must be a list.`, { file: this.what, key });
    return v.map((item, i) => this.hexValue(`${key}[${i}]`, item, 96));
  }
  /** SECRET: MASTER_SHARE_Vk, 32-byte big-endian scalar. */
  masterShare(version: number): Uint8Array {
    return this.hex(`MASTER_SHARE_V${version}`, 32);
  }
  /** Versions k with both PARTIAL_PKS_Vk and MASTER_SHARE_Vk, ascending. */
  outputVersions(): number[] {
    const keys = new Set(this.keys());
    const versions = [...keys].flatMap((k) => {
      const m = /^PARTIAL_PKS_V(\d+)$/.exec(k);
      return m && keys.has(`MASTER_SHARE_V${m[1]}`) ? [Number(m[1])] : [];
    });
    return versions.sort((a, b) => a - b);
  }

  // --- writes, one per CLI step --------------------------------------------------------------------

  /** publish-and-init (coordinator, fresh DKG). */
  setPublishAndInit(v: { committeePkg: string; committeeId: string; coordinatorAddress: string }): void {
    if (this.isRotation()) throw new Error('publish-and-init does not apply to a rotation file');
    this.writeQuoted('COMMITTEE_PKG', toAddress(v.committeePkg));
    this.writeQuoted('COMMITTEE_ID', toAddress(v.committeeId));
    this.writeQuoted('COORDINATOR_ADDRESS', toAddress(v.coordinatorAddress));
  }

  /**
   * restart (coordinator, fresh DKG): the committee was created again with another roster, so
   * THRESHOLD and MEMBERS change with the new package and committee ids.
   */
  setRestart(v: {
    threshold: number;
    members: readonly string[];
    committeePkg: string;
    committeeId: string;
    coordinatorAddress: string;
  }): void {
    if (this.isRotation()) throw new Error('restart does not apply to a rotation file');
    this.writePlain('THRESHOLD', String(v.threshold));
    this.writeList(
      'MEMBERS',
      v.members.map((m) => toAddress(m)),
    );
    this.setPublishAndInit(v);
  }

  /** init-rotation (coordinator, rotation); COMMITTEE_ID is written once the new committee exists. */
  setInitRotation(v: { coordinatorAddress: string; committeePkg: string; currentCommitteeId: string; committeeId?: string }): void {
    if (!this.isRotation()) throw new Error('init-rotation needs KEY_SERVER_OBJ_ID (a rotation file)');
    this.writeQuoted('COMMITTEE_PKG', toAddress(v.committeePkg));
    this.writeQuoted('CURRENT_COMMITTEE_ID', toAddress(v.currentCommitteeId));
    this.writeQuoted('COORDINATOR_ADDRESS', toAddress(v.coordinatorAddress));
    if (v.committeeId) this.writeQuoted('COMMITTEE_ID', toAddress(v.committeeId));
  }

  /** genkey-and-register (member). */
  setGenkeyAndRegister(v: {
    myAddress: string;
    serverUrl: string;
    serverName: string;
    encPk: Uint8Array | string;
    signingPk: Uint8Array | string;
  }): void {
    this.writeQuoted('MY_ADDRESS', toAddress(v.myAddress));
    this.writeQuoted('MY_SERVER_URL', v.serverUrl);
    this.writeQuoted('MY_SERVER_NAME', v.serverName);
    this.writeQuoted('DKG_ENC_PK', toHex(v.encPk));
    this.writeQuoted('DKG_SIGNING_PK', toHex(v.signingPk));
  }

  /**
   * Records KEY_SERVER_PK (e.g. the on-chain key before a rotation, which the template lists and
   * later versions must keep). Refuses to replace a different existing value.
   */
  setKeyServerPk(pk: Uint8Array | string): void {
    if (this.has('KEY_SERVER_PK') && toHex(this.keyServerPk()) !== toHex(pk)) {
      throw yamlError('seal/dkg-yaml-key-mismatch', `${this.what}: KEY_SERVER_PK already holds a different key.`, { file: this.what });
    }
    this.writeQuoted('KEY_SERVER_PK', toHex(pk));
  }

  /**
   * process-all-and-propose outputs. Like upstream, refuses to overwrite existing outputs of the same
   * version, writes KEY_SERVER_PK only for version 0, and for a rotation requires an existing
   * KEY_SERVER_PK to equal the given one.
   */
  setProcessOutputs(o: ProcessOutputs): void {
    const existing = [`MASTER_SHARE_V${o.version}`, `PARTIAL_PKS_V${o.version}`, ...(o.version === 0 ? ['KEY_SERVER_PK'] : [])].filter(
      (k) => this.has(k),
    );
    if (existing.length) {
      throw yamlError(
        'seal/dkg-yaml-outputs-exist',
        `${this.what} already holds ${existing.join(', ')}; remove them before writing new outputs.`,
        {
          file: this.what,
          keys: existing.join(','),
        },
      );
    }
    if (o.version === 0) {
      if (!o.keyServerPk) throw new Error('version 0 outputs need KEY_SERVER_PK');
      this.writeQuoted('KEY_SERVER_PK', toHex(o.keyServerPk));
    } else if (o.keyServerPk && this.has('KEY_SERVER_PK') && toHex(this.keyServerPk()) !== toHex(o.keyServerPk)) {
      throw yamlError('seal/dkg-yaml-key-mismatch', `${this.what}: KEY_SERVER_PK differs from the key rebuilt by the rotation.`, {
        file: this.what,
      });
    }
    this.writeList(
      `PARTIAL_PKS_V${o.version}`,
      o.partialPks.map((p) => toHex(p)),
    );
    if (o.masterShare !== undefined) this.writeQuoted(`MASTER_SHARE_V${o.version}`, toHex(o.masterShare));
  }
}
