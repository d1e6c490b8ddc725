/**
 * A strict stand-in for frost-client (ZcashFoundation/frost-tools @cd2109d) in the tests, written
 * from its source and sharing no code with src-main (ESLint keeps it so): Ed25519 only, over
 * frostd, with frost-client's choreography and its intolerance.
 *
 *  - DKG (`dkg/comms/http.rs`, `session.rs` DKGSessionState): the creator makes the session with
 *    message_count 1 and closes it as soon as it holds its round-2 packages; a joiner calls
 *    `list_sessions` once and needs exactly one session. Every received message is decrypted
 *    with the next Noise nonce and handed to the state machine of the current round: a
 *    duplicate, a message of another round, an undecryptable one or a second echo aborts.
 *  - Signing participant (`participant/comms/http.rs`): one `list_sessions`, commitments to the
 *    coordinator, then reads only the first message of the first non-empty receive.
 *  - Coordinator (`coordinator/comms/http.rs`, CoordinatorSessionState): makes the session,
 *    waits for `[SigningCommitments]`, sends `{"signing_package":[…],"aux_msg":"","randomizer":[]}`,
 *    waits for `[SignatureShare]`, closes the session.
 * On any error frost-client runs `cleanup_on_error` (close the session; only its creator may) and stops.
 *
 * Each class's `poll()` is one turn of frost-client's loop (what it does between two 2 s sleeps),
 * so tests interleave it with our runners on a fake clock.
 */
import { ed25519, ed25519_FROST } from '@noble/curves/ed25519.js';
import type { FrostPublic, Key, Nonces } from '@noble/curves/abstract/frost.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { FrostdCallError, FrostdHttp } from './frostd-http.ts';
import { NoiseKReceive, NoiseKSend } from './noise-k.ts';

const SUITE = 'FROST-ED25519-SHA512-v1';
const HEADER = { version: 0, ciphersuite: SUITE };
const L = ed25519.Point.Fn.ORDER;
const enc = (v: unknown) => utf8ToBytes(JSON.stringify(v));

/** frost-core `Identifier::derive` for Ed25519: H(contextString ‖ "id" ‖ m) mod L, little-endian. */
export function deriveIdentifier(m: Uint8Array): string {
  const h = sha512(concatBytes(utf8ToBytes(SUITE), utf8ToBytes('id'), m));
  const n = BigInt('0x' + bytesToHex(Uint8Array.from(h).reverse())) % L;
  return bytesToHex(hexToBytes(n.toString(16).padStart(64, '0')).reverse());
}

export interface StandinKey {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** How a stand-in run ended: `protocol` aborts are what a peer must never cause (duplicate, gap, wrong round). */
export interface StandinStatus {
  readonly state: 'running' | 'done' | 'aborted';
  readonly error?: string;
  readonly protocolAbort?: boolean;
}

/** serde of frost-core structs: exact fields, header checked (frost-core refuses anything else). */
function strict(v: unknown, fields: readonly string[], what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`invalid type: expected struct ${what}`);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!fields.includes(k)) throw new Error(`unknown field \`${k}\` in ${what}`);
  for (const k of fields) if (!(k in o)) throw new Error(`missing field \`${k}\` in ${what}`);
  const h = o.header as { version?: unknown; ciphersuite?: unknown } | undefined;
  if (h && (h.version !== 0 || h.ciphersuite !== SUITE)) throw new Error(`bad header in ${what}`);
  return o;
}
const hex = (v: unknown, what: string): Uint8Array => {
  if (typeof v !== 'string' || !/^([0-9a-f]{2})*$/i.test(v)) throw new Error(`invalid hex in ${what}`);
  return hexToBytes(v);
};

interface Round1Pkg {
  readonly commitment: string[];
  readonly pok: string;
}
const parseRound1 = (v: unknown): Round1Pkg => {
  const o = strict(v, ['header', 'commitment', 'proof_of_knowledge'], 'round1::Package');
  if (!Array.isArray(o.commitment)) throw new Error('invalid commitment');
  return { commitment: o.commitment.map((c) => bytesToHex(hex(c, 'commitment'))), pok: bytesToHex(hex(o.proof_of_knowledge, 'pok')) };
};
const same = (a: Round1Pkg, b: Round1Pkg) => a.pok === b.pok && a.commitment.join() === b.commitment.join();

/** Noise channels and the session, shared by the three roles. */
abstract class FrostClientRun {
  protected readonly http: FrostdHttp;
  protected readonly me: string;
  protected sessionId: string | undefined;
  private readonly sendNoise = new Map<string, NoiseKSend>();
  private readonly recvNoise = new Map<string, NoiseKReceive>();
  protected creator = false;
  status: StandinStatus = { state: 'running' };
  /** What frostd said to each call that failed after the end (e.g. close by a non-creator). */
  readonly log: string[] = [];

  constructor(
    server: string,
    protected readonly key: StandinKey,
    /** The address book: hex communication keys this user imported. */
    protected readonly contacts: ReadonlySet<string>,
  ) {
    this.http = new FrostdHttp(server);
    this.me = bytesToHex(key.publicKey);
  }

  protected cipher(peers: readonly string[]): void {
    for (const p of peers) {
      if (p === this.me) continue;
      this.sendNoise.set(p, new NoiseKSend(this.key.privateKey, hexToBytes(p)));
      this.recvNoise.set(p, new NoiseKReceive(this.key.privateKey, hexToBytes(p)));
    }
  }
  protected async sendTo(to: string | null, payload: Uint8Array, coordinator?: string): Promise<void> {
    const noise = this.sendNoise.get(to ?? coordinator!);
    if (!noise) throw new Error('unknown recipient');
    await this.http.send(this.sessionId!, to === null ? [] : [to], noise.encrypt(payload));
  }
  protected decrypt(sender: string, msg: Uint8Array): unknown {
    const noise = this.recvNoise.get(sender);
    if (!noise) throw new Error('unknown sender');
    let plain: Uint8Array;
    try {
      plain = noise.decrypt(msg);
    } catch (e) {
      throw new Error(`cryptography error from snow: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return JSON.parse(new TextDecoder().decode(plain)) as unknown;
  }

  /** The one session frost-client finds without `-S`. */
  protected async theOnlySession(): Promise<string> {
    const ids = await this.http.listSessions();
    if (ids.length > 1)
      throw new Error(
        'user has more than one FROST session active; use `frost-client sessions` to list them and specify the session ID with `-S`',
      );
    if (ids.length === 0) throw new Error('User has no current sessions active');
    return ids[0]!;
  }

  protected abstract turn(): Promise<void>;

  /** One turn of frost-client's loop; an error ends the run as frost-client's does. */
  async poll(): Promise<void> {
    if (this.status.state !== 'running') return;
    try {
      await this.turn();
    } catch (e) {
      this.status = { state: 'aborted', error: e instanceof Error ? e.message : String(e), protocolAbort: !(e instanceof FrostdCallError) };
      if (this.sessionId) await this.http.closeSession(this.sessionId).catch((err: unknown) => this.log.push(String(err))); // cleanup_on_error
    }
  }
}

export interface FrostClientDkgOptions {
  readonly threshold: number;
  /** `-S`: the other members' keys; given = this user creates the session. */
  readonly participants?: readonly string[];
}

/** `frost-client dkg` (Ed25519). */
export class FrostClientDkg extends FrostClientRun {
  private ids = new Map<string, string>();
  private idToKey = new Map<string, string>();
  private state: 'start' | 'round1' | 'broadcast' | 'round2' | 'ready' = 'start';
  private echoed = false;
  private round2Sent = false;
  private part1!: ReturnType<typeof ed25519_FROST.DKG.round1>;
  private round1 = new Map<string, Round1Pkg>();
  private broadcasts = new Map<string, Map<string, Round1Pkg>>();
  private round2 = new Map<string, string>();
  /** The key package, once part 3 ran. */
  result: { key: Key; groupKey: string; identifier: string; participants: Record<string, string> } | undefined;

  constructor(
    server: string,
    key: StandinKey,
    contacts: ReadonlySet<string>,
    private readonly options: FrostClientDkgOptions,
  ) {
    super(server, key, contacts);
    this.creator = options.participants !== undefined && options.participants.length > 0;
  }

  get session(): string | undefined {
    return this.sessionId;
  }

  protected async turn(): Promise<void> {
    if (this.state === 'start') return this.start();
    const others = [...this.ids.keys()].filter((k) => k !== this.me);
    if (this.state === 'broadcast' && !this.echoed) {
      this.echoed = true;
      const sorted = [...this.round1].sort(([a], [b]) => (this.ids.get(a)! < this.ids.get(b)! ? -1 : 1));
      for (const to of others)
        for (const [from, pkg] of sorted)
          if (from !== to)
            await this.sendTo(to, enc([this.ids.get(from), { header: HEADER, commitment: pkg.commitment, proof_of_knowledge: pkg.pok }]));
    }
    if (this.state === 'round2' && !this.round2Sent) {
      this.round2Sent = true;
      const pkgs = ed25519_FROST.DKG.round2(this.part1.secret, this.round1Publics());
      for (const to of others)
        await this.sendTo(to, enc({ header: HEADER, signing_share: bytesToHex(pkgs[this.ids.get(to)!]!.signingShare) }));
    }
    if (this.state === 'ready') return this.finish();
    for (const m of await this.http.receive(this.sessionId!, false)) this.recv(m.sender, this.decrypt(m.sender, m.msg));
  }

  private round1Publics() {
    return [...this.round1].map(([k, p]) => ({
      identifier: this.ids.get(k)!,
      commitment: p.commitment.map(hexToBytes),
      proofOfKnowledge: hexToBytes(p.pok),
    }));
  }

  private async start(): Promise<void> {
    await this.http.login(this.key.privateKey, this.key.publicKey);
    if (this.creator) {
      const list = [...this.options.participants!];
      if (!list.includes(this.me)) list.push(this.me); // "Add ourselves if not already in the list"
      this.sessionId = await this.http.createNewSession(list, 1);
    } else this.sessionId = await this.theOnlySession();
    const info = await this.http.getSessionInfo(this.sessionId);
    const uuid = hexToBytes(this.sessionId.replace(/-/g, ''));
    for (const p of info.pubkeys) {
      const id = deriveIdentifier(concatBytes(uuid, hexToBytes(p)));
      this.ids.set(p.toLowerCase(), id);
      this.idToKey.set(id, p.toLowerCase());
    }
    if (this.ids.size < 2) throw new Error('DKG session must have at least 2 participants');
    for (const p of this.ids.keys())
      if (p !== this.me && !this.contacts.has(p))
        throw new Error("A participant in specified FROST session is not registered in the user's address book");
    this.part1 = ed25519_FROST.DKG.round1(this.ids.get(this.me)!, { min: this.options.threshold, max: this.ids.size });
    this.cipher([...this.ids.keys()]);
    const pkg = {
      header: HEADER,
      commitment: this.part1.public.commitment.map(bytesToHex),
      proof_of_knowledge: bytesToHex(this.part1.public.proofOfKnowledge),
    };
    this.state = 'round1';
    for (const to of this.ids.keys()) if (to !== this.me) await this.sendTo(to, enc(pkg));
    for (const m of await this.http.receive(this.sessionId, false)) this.recv(m.sender, this.decrypt(m.sender, m.msg));
  }

  /** DKGSessionState::recv. */
  private recv(sender: string, v: unknown): void {
    const n = this.ids.size;
    if (!this.ids.has(sender) || sender === this.me) throw new Error('unknown participant');
    if (this.state === 'round1') {
      this.round1.set(sender, parseRound1(v));
      if (this.round1.size === n - 1) this.state = n > 2 ? 'broadcast' : 'round2';
    } else if (this.state === 'broadcast') {
      if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string') throw new Error('invalid type: expected a tuple');
      const origin = this.idToKey.get(v[0].toLowerCase());
      if (!origin) throw new Error('unknown participant');
      if (origin === this.me) throw new Error('received own broadcast Round 1 Package');
      if (origin === sender) throw new Error('received redundant broadcast Round 1 Package');
      const pkg = parseRound1(v[1]);
      if (!same(this.round1.get(origin)!, pkg)) throw new Error('broadcast mismatch');
      const map = this.broadcasts.get(origin) ?? new Map<string, Round1Pkg>();
      this.broadcasts.set(origin, map);
      if (map.has(sender)) throw new Error('duplicated broadcast Round 1 Package');
      map.set(sender, pkg);
      const others = [...this.round1.keys()];
      if (others.every((o) => others.every((r) => r === o || this.broadcasts.get(o)?.has(r)))) this.state = 'round2';
    } else if (this.state === 'round2') {
      const o = strict(v, ['header', 'signing_share'], 'round2::Package');
      this.round2.set(sender, bytesToHex(hex(o.signing_share, 'signing_share')));
      if (this.round2.size === n - 1) this.state = 'ready';
    } else throw new Error('received message during wrong state');
  }

  private async finish(): Promise<void> {
    if (this.creator) await this.http.closeSession(this.sessionId!);
    await this.http.logout();
    const key = ed25519_FROST.DKG.round3(
      this.part1.secret,
      this.round1Publics(),
      [...this.round2].map(([k, s]) => ({ identifier: this.ids.get(k)!, signingShare: hexToBytes(s) })),
    );
    const participants = Object.fromEntries([...this.ids].map(([k, id]) => [id, k]));
    this.result = { key, groupKey: bytesToHex(key.public.commitments[0]!), identifier: this.ids.get(this.me)!, participants };
    this.status = { state: 'done' };
  }
}

export interface FrostClientGroup {
  readonly key: Key;
  /** Communication key (hex) by identifier: the group's participant table. */
  readonly participants: Readonly<Record<string, string>>;
}

/** `frost-client participant` without `-S`, answering yes to the signing prompt. */
export class FrostClientParticipant extends FrostClientRun {
  private nonces: Nonces | undefined;
  private coordinator = '';
  /** What the coordinator asked to sign. */
  message: Uint8Array | undefined;

  constructor(
    server: string,
    key: StandinKey,
    contacts: ReadonlySet<string>,
    private readonly group: FrostClientGroup,
  ) {
    super(server, key, contacts);
  }

  protected async turn(): Promise<void> {
    if (!this.nonces) {
      await this.http.login(this.key.privateKey, this.key.publicKey);
      this.sessionId = await this.theOnlySession();
      const info = await this.http.getSessionInfo(this.sessionId);
      this.coordinator = info.coordinator_pubkey.toLowerCase();
      if (!this.contacts.has(this.coordinator))
        throw new Error("The coordinator for the specified FROST session is not registered in the user's address book");
      this.cipher([this.coordinator]);
      const { nonces, commitments } = ed25519_FROST.commit(this.group.key.secret);
      this.nonces = nonces;
      await this.sendTo(
        null,
        enc([{ header: HEADER, hiding: bytesToHex(commitments.hiding), binding: bytesToHex(commitments.binding) }]),
        this.coordinator,
      );
      return;
    }
    const msgs = await this.http.receive(this.sessionId!, false);
    if (msgs.length === 0) return;
    const args = strict(
      this.decrypt(msgs[0]!.sender, msgs[0]!.msg),
      ['signing_package', 'aux_msg', 'randomizer'],
      'SendSigningPackageArgs',
    );
    if (!Array.isArray(args.signing_package) || args.signing_package.length !== 1) throw new Error('wrong number of signing packages');
    if (!Array.isArray(args.randomizer) || args.randomizer.length !== 0) throw new Error('unexpected randomizer');
    const sp = strict(args.signing_package[0], ['header', 'signing_commitments', 'message'], 'SigningPackage');
    const list = Object.entries(sp.signing_commitments as Record<string, unknown>).map(([id, c]) => {
      const o = strict(c, ['header', 'hiding', 'binding'], 'SigningCommitments');
      return { identifier: id.toLowerCase(), hiding: hex(o.hiding, 'hiding'), binding: hex(o.binding, 'binding') };
    });
    this.message = hex(sp.message, 'message');
    const share = ed25519_FROST.signShare(this.group.key.secret, this.group.key.public, this.nonces, list, this.message);
    await this.sendTo(null, enc([{ header: HEADER, share: bytesToHex(share) }]), this.coordinator);
    await this.http.logout();
    this.status = { state: 'done' };
  }
}

/** `frost-client coordinator -S <signers> -m <message>`. */
export class FrostClientCoordinator extends FrostClientRun {
  private state: 'start' | 'commitments' | 'shares' | 'ready' = 'start';
  private commitments = new Map<string, { identifier: string; hiding: Uint8Array; binding: Uint8Array }>();
  private shares = new Map<string, Uint8Array>();
  private packageSent = false;
  signature: Uint8Array | undefined;

  constructor(
    server: string,
    key: StandinKey,
    contacts: ReadonlySet<string>,
    private readonly group: { readonly public: FrostPublic; readonly participants: Readonly<Record<string, string>> },
    private readonly signers: readonly string[],
    private readonly message: Uint8Array,
  ) {
    super(server, key, contacts);
    this.creator = true;
  }

  get session(): string | undefined {
    return this.sessionId;
  }

  private idOf(pubkey: string): string {
    const id = Object.entries(this.group.participants).find(([, k]) => k === pubkey)?.[0];
    if (!id) throw new Error('unknown participant');
    return id;
  }

  protected async turn(): Promise<void> {
    if (this.state === 'start') {
      await this.http.login(this.key.privateKey, this.key.publicKey);
      this.sessionId = await this.http.createNewSession(this.signers, 1);
      this.cipher(this.signers);
      this.state = 'commitments';
    }
    if (this.state === 'shares' && !this.packageSent) {
      this.packageSent = true;
      const signing_commitments = Object.fromEntries(
        [...this.commitments.values()].map((c) => [
          c.identifier,
          { header: HEADER, hiding: bytesToHex(c.hiding), binding: bytesToHex(c.binding) },
        ]),
      );
      const args = {
        signing_package: [{ header: HEADER, signing_commitments, message: bytesToHex(this.message) }],
        aux_msg: '',
        randomizer: [],
      };
      for (const to of this.signers) await this.sendTo(to, enc(args));
    }
    if (this.state === 'ready') {
      await this.http.closeSession(this.sessionId!);
      await this.http.logout();
      const list = [...this.commitments.values()];
      const shares = Object.fromEntries([...this.shares].map(([k, s]) => [this.idOf(k), s]));
      this.signature = ed25519_FROST.aggregate(this.group.public, list, this.message, shares);
      this.status = { state: 'done' };
      return;
    }
    for (const m of await this.http.receive(this.sessionId!, true)) this.recv(m.sender, this.decrypt(m.sender, m.msg));
  }

  /** CoordinatorSessionState::recv (num_messages 1). */
  private recv(sender: string, v: unknown): void {
    if (!Array.isArray(v) || v.length !== 1)
      throw new Error(this.state === 'commitments' ? 'wrong number of commitments' : 'wrong number of signature shares');
    if (this.state === 'commitments') {
      const o = strict(v[0], ['header', 'hiding', 'binding'], 'SigningCommitments');
      // "Currently ignores the possibility of overwriting previous values"
      this.commitments.set(sender, { identifier: this.idOf(sender), hiding: hex(o.hiding, 'hiding'), binding: hex(o.binding, 'binding') });
      if (this.commitments.size === this.signers.length) this.state = 'shares';
    } else if (this.state === 'shares') {
      const o = strict(v[0], ['header', 'share'], 'SignatureShare');
      if (!this.commitments.has(sender)) throw new Error('invalid identifier');
      this.shares.set(sender, hex(o.share, 'share'));
      if (this.shares.size === this.commitments.size) this.state = 'ready';
    } else throw new Error('received message during wrong state');
  }
}
