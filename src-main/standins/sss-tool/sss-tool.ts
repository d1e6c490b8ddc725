/**
 * TEST-ONLY stand-in for the trust-server's `sss-tool` binary (proofofcloud/trust-server e9b4393,
 * sss-tool/src/main.rs), written from that source. It plays the operators who run the real tool
 * in the tests of the app's "sss-tool compatible" group mode.
 *
 * Independence: it shares NO code with src-main (an ESLint rule forbids imports from outside this
 * folder except node: modules and @noble/*): its own hashing (node:crypto), AES-GCM (node:crypto),
 * JSON shapes and private.sss/shared.sss byte layouts, so a mistake in the app's port does not
 * hide itself by being repeated here.
 *
 * Like the tool: one working directory per operator holding private.sss and shared.sss;
 * `run(argv)` returns what the tool prints on stdout; errors throw with the tool's wording.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';

type Pt = InstanceType<typeof ed25519.Point>;
const ELL = 2n ** 252n + 27742317777372353535851937790883648493n;
const G = ed25519.Point.BASE;
const ZERO = ed25519.Point.ZERO;

const mod = (a: bigint) => ((a % ELL) + ELL) % ELL;
function inv(a: bigint): bigint {
  // Fermat: a^(ℓ−2) mod ℓ
  let r = 1n;
  let b = mod(a);
  let e = ELL - 2n;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % ELL;
    b = (b * b) % ELL;
    e >>= 1n;
  }
  return r;
}
function le(bytes: Uint8Array): bigint {
  let r = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) r = (r << 8n) | BigInt(bytes[i]!);
  return r;
}
function toLe32(v: bigint): Buffer {
  const b = Buffer.alloc(32);
  let x = v;
  for (let i = 0; i < 32; i++) {
    b[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return b;
}
function usize(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}
const sha256 = (...parts: (Uint8Array | string)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const times = (p: Pt, k: bigint) => (mod(k) === 0n ? ZERO : p.multiply(mod(k)));

/** secret_key_to_scalar: SHA-512, clamp, mod ℓ. */
function skToScalar(sk: Uint8Array): bigint {
  const a = createHash('sha512').update(sk).digest().subarray(0, 32);
  a[0]! &= 248;
  a[31]! &= 63;
  a[31]! |= 64;
  return mod(le(a));
}
function xOf(moniker: string): bigint {
  return mod(le(sha256('actor-', moniker)));
}

function dhKey(k: bigint, p: Pt): Buffer {
  return Buffer.from(times(p, k).toBytes());
}
function dhEncrypt(k: bigint, p: Pt, plain: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dhKey(k, p), iv);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, ct, c.getAuthTag()]);
}
function dhDecrypt(k: bigint, p: Pt, blob: Buffer): Buffer {
  if (blob.length < 12) throw new Error('dh_decrypt iv missing');
  try {
    const d = createDecipheriv('aes-256-gcm', dhKey(k, p), blob.subarray(0, 12));
    d.setAuthTag(blob.subarray(blob.length - 16));
    return Buffer.concat([d.update(blob.subarray(12, blob.length - 16)), d.final()]);
  } catch {
    throw new Error('dh_decrypt fail');
  }
}
function point(b: Uint8Array): Pt {
  try {
    return ed25519.Point.fromBytes(b);
  } catch {
    throw new Error('decoding EC point');
  }
}
const unb64 = (s: string) => Buffer.from(s, 'base64');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

interface State {
  seed: Buffer;
  moniker: string;
  share: bigint | null;
  coeffs: Pt[] | null;
}

export class SssToolStandIn {
  constructor(readonly dir: string) {}

  private load(needShared: boolean): State {
    const p = join(this.dir, 'private.sss');
    if (!existsSync(p)) throw new Error('No such file or directory (private.sss)');
    const b = readFileSync(p);
    if (b.readUInt32LE(0) !== 1) throw new Error('unsupported ver');
    const seed = b.subarray(4, 36);
    const len = Number(b.readBigUInt64LE(36));
    const moniker = b.subarray(44, 44 + len).toString('utf8');
    const has = b[44 + len] === 1;
    const share = has ? le(b.subarray(45 + len, 77 + len)) : null;
    let coeffs: Pt[] | null = null;
    const s = join(this.dir, 'shared.sss');
    if (existsSync(s)) {
      const c = readFileSync(s);
      if (c.readUInt32LE(0) !== 1) throw new Error('unsupported ver');
      if (c[4] === 1) {
        const m = Number(c.readBigUInt64LE(5));
        coeffs = Array.from({ length: m }, (_, j) => point(c.subarray(13 + 32 * j, 45 + 32 * j)));
      }
    } else if (needShared) throw new Error('No such file or directory (shared.sss)');
    if (needShared && !coeffs) throw new Error('no common state');
    return { seed: Buffer.from(seed), moniker, share, coeffs };
  }

  private savePrivate(s: State): void {
    const m = Buffer.from(s.moniker, 'utf8');
    const parts = [Buffer.from([1, 0, 0, 0]), s.seed, usize(m.length), m];
    parts.push(s.share === null ? Buffer.from([0]) : Buffer.concat([Buffer.from([1]), toLe32(s.share)]));
    writeFileSync(join(this.dir, 'private.sss'), Buffer.concat(parts));
  }

  private saveShared(coeffs: Pt[]): void {
    const parts = [Buffer.from([1, 0, 0, 0, 1]), usize(coeffs.length), ...coeffs.map((c) => Buffer.from(c.toBytes()))];
    writeFileSync(join(this.dir, 'shared.sss'), Buffer.concat(parts));
  }

  private initKeyRaw(s: State, m: number, i: number): Buffer {
    return sha256('init-key', s.seed, usize(m), usize(i));
  }

  private myKeys(s: State, m: number): bigint[] {
    return Array.from({ length: m }, (_, j) => skToScalar(this.initKeyRaw(s, m, j)));
  }

  private static partialAt(x: bigint, sks: bigint[]): bigint {
    let res = sks[0]!;
    let xp = x;
    for (const k of sks.slice(1)) {
      res = mod(res + k * xp);
      xp = mod(xp * x);
    }
    return res;
  }

  private static evaluateAt(coeffs: Pt[], x: bigint): Pt {
    let res = coeffs[0]!;
    let xp = x;
    for (const c of coeffs.slice(1)) {
      res = res.add(times(c, xp));
      xp = mod(xp * x);
    }
    return res;
  }

  private static verifyPops(who: string, d: { pub_coeffs: string[]; pops: string[] }): void {
    if (d.pub_coeffs.length !== d.pops.length) throw new Error(`from ${who}: pub_coeffs and pops len do not match`);
    d.pub_coeffs.forEach((pk, j) => {
      const pub = unb64(pk);
      const sig = unb64(d.pops[j]!);
      const strictOk =
        sig.length === 64 &&
        !point(pub).isSmallOrder() &&
        !point(sig.subarray(0, 32)).isSmallOrder() &&
        ed25519.verify(sig, new Uint8Array(0), pub, { zip215: false });
      if (!strictOk) throw new Error(`from ${who}: PoP mismatch`);
    });
  }

  private coeff(s: State, x: bigint, quorum: Set<string>): bigint {
    if (quorum.size !== s.coeffs!.length) throw new Error(`incorrect quorum actual=${quorum.size}, expected=${s.coeffs!.length}`);
    if (!quorum.has(s.moniker)) throw new Error("I'm not a part of the quorum");
    let nom = 1n;
    let den = 1n;
    const xm = xOf(s.moniker);
    for (const k of quorum) {
      if (k === s.moniker) continue;
      nom = mod(nom * (x - xOf(k)));
      den = mod(den * (xm - xOf(k)));
    }
    return mod(nom * inv(den));
  }

  private importMyShare(s: State, y: bigint): void {
    if (!SssToolStandIn.evaluateAt(s.coeffs!, xOf(s.moniker)).equals(times(G, y))) throw new Error('my share verification failed');
    s.share = y;
    this.savePrivate(s);
  }

  /** Runs one sss-tool command; returns its stdout (lines joined by \n, no trailing newline). */
  run(argv: string[]): string {
    const [cmd, ...rest] = argv;
    const flag = (name: string): string => {
      const i = rest.indexOf(`--${name}`);
      if (i < 0 || i + 1 >= rest.length) throw new Error(`error: the following required arguments were not provided: --${name}`);
      return rest[i + 1]!;
    };
    switch (cmd) {
      case 'initialize': {
        this.savePrivate({ seed: randomBytes(32), moniker: flag('moniker'), share: null, coeffs: null });
        return '';
      }
      case 'info': {
        let s: State;
        try {
          s = this.load(false);
        } catch {
          return 'Not initialized';
        }
        const out = [`Moniker: ${s.moniker}`];
        if (s.coeffs) {
          out.push('Initialization ceremony complete.', `M = ${s.coeffs.length}`);
          out.push(`Shared Pubkey = ${Buffer.from(s.coeffs[0]!.toBytes()).toString('hex')}`);
          if (s.share !== null) out.push('My share initialized');
          else out.push('My share NOT initialized', `My public key: ${b64(ed25519.getPublicKey(this.initKeyRaw(s, s.coeffs.length, 0)))}`);
        }
        return out.join('\n');
      }
      case 'initial-pub-data': {
        const s = this.load(false);
        const m = Number(flag('m'));
        const pub_coeffs: string[] = [];
        const pops: string[] = [];
        for (let i = 0; i < m; i++) {
          const sk = this.initKeyRaw(s, m, i);
          pub_coeffs.push(b64(ed25519.getPublicKey(sk)));
          pops.push(b64(ed25519.sign(new Uint8Array(0), sk)));
        }
        return JSON.stringify({ [s.moniker]: { pub_coeffs, pops } });
      }
      case 'init-common': {
        const s = this.load(false);
        const datas = JSON.parse(flag('pub-datas')) as Record<string, { pub_coeffs: string[]; pops: string[] }>;
        if (!(s.moniker in datas)) throw new Error("I'm not in the quorum");
        let m = 0;
        for (const [who, d] of Object.entries(datas)) {
          if (m === 0) {
            m = d.pub_coeffs.length;
            if (m === 0) throw new Error(`from ${who}: zero coeffs`);
          } else if (d.pub_coeffs.length !== m) throw new Error(`from ${who}: wrong number of coeffs`);
        }
        const sks = this.myKeys(s, m);
        const common = sks.map((k) => times(G, k));
        const res: Record<string, string> = {};
        for (const [who, d] of Object.entries(datas)) {
          SssToolStandIn.verifyPops(who, d);
          if (who === s.moniker) continue;
          const pts = d.pub_coeffs.map((c) => point(unb64(c)));
          pts.forEach((p, j) => (common[j] = common[j]!.add(p)));
          res[who] = b64(dhEncrypt(sks[0]!, pts[0]!, toLe32(SssToolStandIn.partialAt(xOf(who), sks))));
        }
        this.saveShared(common);
        const lines = common.map((c, j) => `common coeff ${j}: ${Buffer.from(c.toBytes()).toString('hex')}`);
        return [...lines, JSON.stringify({ [s.moniker]: res })].join('\n');
      }
      case 'init-my-share': {
        const s = this.load(true);
        const datas = JSON.parse(flag('pub-datas')) as Record<string, { pub_coeffs: string[] }>;
        const shares = JSON.parse(flag('partial-shares')) as Record<string, Record<string, string>>;
        const sks = this.myKeys(s, s.coeffs!.length);
        let y = SssToolStandIn.partialAt(xOf(s.moniker), sks);
        for (const [who, d] of Object.entries(datas)) {
          if (who === s.moniker) continue;
          const from = shares[who];
          if (!from) throw new Error(`shares from ${who}: no shares`);
          const mine = from[s.moniker];
          if (!mine) throw new Error(`shares from ${who}: no share for me`);
          const plain = dhDecrypt(sks[0]!, point(unb64(d.pub_coeffs[0]!)), unb64(mine));
          if (plain.length !== 32) throw new Error(`shares from ${who}: could not convert slice to array`);
          y = mod(y + le(plain));
        }
        this.importMyShare(s, y);
        return '';
      }
      case 'add-new': {
        const s = this.load(true);
        if (s.share === null) throw new Error('no my share');
        const other = flag('moniker');
        const pk = point(unb64(flag('pubkey')));
        const quorum = new Set(JSON.parse(flag('quorum')) as string[]);
        let res = mod(this.coeff(s, xOf(other), quorum) * s.share);
        const sorted = [...quorum].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        const h = createHash('sha256').update(usize(s.coeffs!.length));
        for (const c of s.coeffs!) h.update(c.toBytes());
        for (const k of sorted) h.update(Buffer.concat([Buffer.from(k, 'utf8'), Buffer.from([0])]));
        h.update(other);
        const unique = h.digest();
        let foundSelf = false;
        for (const k of sorted) {
          if (k === s.moniker) {
            foundSelf = true;
            continue;
          }
          const secret = dhKey(s.share, SssToolStandIn.evaluateAt(s.coeffs!, xOf(k)));
          const mask = skToScalar(sha256('mask-key', unique, secret));
          res = foundSelf ? mod(res - mask) : mod(res + mask);
        }
        return JSON.stringify({ [s.moniker]: b64(dhEncrypt(s.share, pk, toLe32(res))) });
      }
      case 'init-new': {
        const s = this.load(true);
        if (s.share !== null) throw new Error('Already have my share');
        const parts = JSON.parse(flag('partial-shares')) as Record<string, string>;
        const n = Object.keys(parts).length;
        if (n !== s.coeffs!.length) throw new Error(`incorrect quorum actual=${n}, expected=${s.coeffs!.length}`);
        const d = skToScalar(this.initKeyRaw(s, s.coeffs!.length, 0));
        let y = 0n;
        for (const [who, blob] of Object.entries(parts)) {
          const plain = dhDecrypt(d, SssToolStandIn.evaluateAt(s.coeffs!, xOf(who)), unb64(blob));
          y = mod(y + le(plain));
        }
        this.importMyShare(s, y);
        return '';
      }
      default:
        throw new Error(`error: unrecognized subcommand '${cmd}'`);
    }
  }

  /** The share and moniker from this operator's private.sss (the test signs with it, as the trust-server would). */
  shareOf(): { moniker: string; x: bigint; share: bigint } {
    const s = this.load(false);
    if (s.share === null) throw new Error('no my share');
    return { moniker: s.moniker, x: xOf(s.moniker), share: s.share };
  }
}

/**
 * sss-tool's threshold signature (the trust-server's `get-nonce` + `sign`): z = Σ rᵢ + λᵢ(0)·sᵢ·e
 * with e = SHA-512(R ‖ Y ‖ msg); the result is a plain Ed25519 signature of the group key.
 */
export function standInQuorumSign(
  signers: readonly { moniker: string; share: bigint }[],
  groupKey: Uint8Array,
  msg: Uint8Array,
): Uint8Array {
  const xs = signers.map((s) => xOf(s.moniker));
  const nonces = signers.map(() => mod(le(randomBytes(64))));
  const R = nonces.reduce((acc, r) => acc.add(times(G, r)), ZERO).toBytes();
  const e = mod(le(createHash('sha512').update(R).update(groupKey).update(msg).digest()));
  let z = 0n;
  signers.forEach((s, i) => {
    let num = 1n;
    let den = 1n;
    xs.forEach((xk, k) => {
      if (k === i) return;
      num = mod(num * -xk);
      den = mod(den * (xs[i]! - xk));
    });
    z = mod(z + nonces[i]! + num * inv(den) * s.share * e);
  });
  return Buffer.concat([Buffer.from(R), toLe32(z)]);
}

/** Reads a private.sss written by anyone (the app's `group publish --private`), with this stand-in's own decoder. */
export function standInReadPrivate(bytes: Uint8Array): { moniker: string; share: bigint | null } {
  const b = Buffer.from(bytes);
  const len = Number(b.readBigUInt64LE(36));
  const moniker = b.subarray(44, 44 + len).toString('utf8');
  return { moniker, share: b[44 + len] === 1 ? le(b.subarray(45 + len, 77 + len)) : null };
}
