import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { isCeremonyError } from '../../errors.ts';
import { dkgPart1, dkgPart2, identifierFromIndex, frostSuite } from '../../crypto/frost/index.ts';
import {
  decodeDkgCoordinatorMessage,
  decodeDkgMessage,
  decodeSigningPackageMessage,
  decodeToCoordinatorMessage,
  encodeCommitmentsMessage,
  encodeDkgConfirmation,
  encodeDkgHello,
  encodeDkgEcho,
  encodeDkgRound1,
  encodeDkgRound2,
  encodeSignatureShareMessage,
  encodeSigningPackageMessage,
  sameRound1Package,
} from './messages.ts';

const ED = 'FROST-ED25519-SHA512-v1' as const;
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

// serde_json output of frost-core 2.x types, as frost-client's own tests spell them
// (frost-tools `frost-client/src/participant/tests/round2.rs`: the SigningPackage a participant
// receives, and `check_print_values_round_2`: a SignatureShare).
const FROST_CLIENT_SIGNING_PACKAGE =
  '{"header":{"version":0,"ciphersuite":"FROST-ED25519-SHA512-v1"},"signing_commitments":{"0100000000000000000000000000000000000000000000000000000000000000":{"header":{"version":0,"ciphersuite":"FROST-ED25519-SHA512-v1"},"hiding":"beb81feb53ed75a2695b07f377b464a88c4c2824e7d7b63911b745df01dc2d87","binding":"d2102c5f8b8abb7ad2f1706f47a4aab3be6ede28e408f3e74baeff1f6fbcd5c0"},"0200000000000000000000000000000000000000000000000000000000000000":{"header":{"version":0,"ciphersuite":"FROST-ED25519-SHA512-v1"},"hiding":"cc9e9503921cdd3f4d64f2c9e7b22c9ab6d7c940111ce36f84e4a114331c6edd","binding":"b0e13794eaf00be2e430b16ec7f72ab0b6579e52ca604d17406a4fd1597afd66"}},"message":"15d21ccd7ee42959562fc8aa63224c8851fb3ec85a3faf66040d380fb9738673"}';
const FROST_CLIENT_SIGNATURE_SHARE =
  '{"header":{"version":0,"ciphersuite":"FROST-ED25519-SHA512-v1"},"share":"44055c54d0604cbd006f0d1713a22474d7735c5e8816b1878f62ca94bf105900"}';

describe('frost-client session payloads', () => {
  it('SendSigningPackageArgs: frost-client’s SigningPackage JSON decodes and re-encodes byte for byte inside the envelope', () => {
    const envelope = `{"signing_package":[${FROST_CLIENT_SIGNING_PACKAGE}],"aux_msg":"","randomizer":[]}`;
    const decoded = decodeSigningPackageMessage(ED, bytes(envelope));
    expect(decoded.signingPackages).toHaveLength(1);
    expect(decoded.randomizers).toEqual([]);
    const pkg = decoded.signingPackages[0]!;
    expect(Object.keys(pkg.signingCommitments)).toEqual([identifierFromIndex(frostSuite(ED), 1), identifierFromIndex(frostSuite(ED), 2)]);
    expect(text(encodeSigningPackageMessage(pkg))).toBe(envelope);
  });

  it('[SignatureShare] and [SigningCommitments]: the arrays frost-client sends to the coordinator', () => {
    const msg = decodeToCoordinatorMessage(ED, bytes(`[${FROST_CLIENT_SIGNATURE_SHARE}]`));
    if (msg.kind !== 'shares') throw new Error('expected shares');
    const share = msg.shares[0]!;
    expect(text(encodeSignatureShareMessage({ suite: ED, share: share.share }))).toBe(`[${FROST_CLIENT_SIGNATURE_SHARE}]`);
    const pkg = decodeSigningPackageMessage(ED, bytes(`{"signing_package":[${FROST_CLIENT_SIGNING_PACKAGE}],"aux_msg":"","randomizer":[]}`))
      .signingPackages[0]!;
    const c = Object.values(pkg.signingCommitments)[0]!;
    const round = decodeToCoordinatorMessage(ED, encodeCommitmentsMessage(c));
    expect(round.kind).toBe('commitments');
    expect(text(encodeCommitmentsMessage(c))).toBe(
      '[{"header":{"version":0,"ciphersuite":"FROST-ED25519-SHA512-v1"},"hiding":"beb81feb53ed75a2695b07f377b464a88c4c2824e7d7b63911b745df01dc2d87","binding":"d2102c5f8b8abb7ad2f1706f47a4aab3be6ede28e408f3e74baeff1f6fbcd5c0"}]',
    );
  });

  it('reads a randomizer and an aux_msg when a coordinator sends them', () => {
    const env = `{"signing_package":[${FROST_CLIENT_SIGNING_PACKAGE}],"aux_msg":"417578206d7367","randomizer":["${'11'.repeat(32)}"]}`;
    const d = decodeSigningPackageMessage(ED, bytes(env));
    expect(text(d.auxMsg)).toBe('Aux msg');
    expect(d.randomizers).toEqual(['11'.repeat(32)]);
  });

  it('DKG messages are classified by shape: round-1 package, [identifier, package] echo, round-2 package', () => {
    const suite = frostSuite(ED);
    const ids = [1, 2, 3].map((i) => identifierFromIndex(suite, i));
    const p = ids.map((id) => dkgPart1(ED, id, 3, 2));
    const r1 = decodeDkgMessage(ED, encodeDkgRound1(p[0]!.package));
    expect(r1.kind).toBe('round1');
    expect(sameRound1Package((r1 as { pkg: (typeof p)[0]['package'] }).pkg, p[0]!.package)).toBe(true);
    expect(sameRound1Package(p[0]!.package, p[1]!.package)).toBe(false);
    const echoBytes = encodeDkgEcho(ids[1]!, p[1]!.package);
    expect(text(echoBytes).startsWith(`["${ids[1]}",{"header":{"version":0,"ciphersuite":"FROST-ED25519-SHA512-v1"},"commitment":[`)).toBe(
      true,
    );
    const echo = decodeDkgMessage(ED, echoBytes);
    expect(echo).toMatchObject({ kind: 'echo', origin: ids[1] });
    const part2 = dkgPart2(p[0]!.secretPackage, { [ids[1]!]: p[1]!.package, [ids[2]!]: p[2]!.package });
    const r2 = decodeDkgMessage(ED, encodeDkgRound2(part2.packages[ids[1]!]!));
    expect(r2.kind).toBe('round2');
  });

  it('refuses what frost-core would refuse: unknown fields, another suite, a broken echo, non-JSON', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isCeremonyError(e) ? e.code : 'not-a-ceremony-error';
      }
      return 'no-error';
    };
    const pkg = dkgPart1(ED, identifierFromIndex(frostSuite(ED), 1), 3, 2).package;
    const json = JSON.parse(text(encodeDkgRound1(pkg))) as Record<string, unknown>;
    expect(codeOf(() => decodeDkgMessage(ED, bytes(JSON.stringify({ ...json, extra: 1 }))))).toBe('frost/json-malformed');
    expect(codeOf(() => decodeDkgMessage('FROST-RISTRETTO255-SHA512-v1', encodeDkgRound1(pkg)))).toBe('frost/wrong-ciphersuite');
    expect(codeOf(() => decodeDkgMessage(ED, bytes(`["01", ${JSON.stringify(json)}, 3]`)))).toBe('frostd/unexpected-message');
    expect(codeOf(() => decodeDkgMessage(ED, bytes('{"hello":1}')))).toBe('frostd/unexpected-message');
    expect(codeOf(() => decodeDkgMessage(ED, hexToBytes('ff00')))).toBe('frostd/unexpected-message');
    expect(codeOf(() => decodeToCoordinatorMessage(ED, bytes('[]')))).toBe('frostd/unexpected-message');
    expect(codeOf(() => decodeSigningPackageMessage(ED, bytes('{"signing_package":[],"aux_msg":"zz","randomizer":[]}')))).toBe(
      'frostd/unexpected-message',
    );
  });

  it('our DKG confirmation round-trips and is not mistaken for anything else', () => {
    const c = encodeDkgConfirmation({ verifyingKey: 'AB'.repeat(32) });
    expect(decodeDkgCoordinatorMessage(c)).toEqual({ kind: 'confirmation', verifyingKey: 'ab'.repeat(32) });
    expect(decodeDkgCoordinatorMessage(encodeDkgHello())).toEqual({ kind: 'hello' });
    expect(() => decodeDkgCoordinatorMessage(bytes(FROST_CLIENT_SIGNATURE_SHARE))).toThrow(/not a DKG hello or confirmation/);
  });
});
