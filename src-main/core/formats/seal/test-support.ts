import { readVector } from '../../testing/vectors.ts';
import { scalarFromBytes } from '../../crypto/seal/field.ts';
import { type ProcessAllResult, processAllMessages } from '../../crypto/seal/process-all.ts';
import { dealAll, dealRotation, generateCommitteeKeys, registeredKeys, seededRandom } from '../../crypto/seal/simulation.ts';
import { DkgYaml } from './dkg-yaml.ts';

/**
 * Test support: the two upstream example dkg.yaml files (../shared/vectors/seal) filled with the
 * outputs of a real local DKG over their MEMBERS, and a rotation from the fresh committee to the
 * rotation example's committee (its members 0, 2, 3 are the fresh example's members).
 */
export interface FilledExamples {
  fresh: { text: string; member: number; result: ProcessAllResult };
  rotation: { text: string; member: number; result: ProcessAllResult };
  flat: { text: string; member: number };
  keyServerPk: Uint8Array;
}

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

let cached: Promise<FilledExamples> | undefined;

export function filledExamples(): Promise<FilledExamples> {
  cached ??= build();
  return cached;
}

async function build(): Promise<FilledExamples> {
  const rng = seededRandom('filled-examples');
  const fresh = DkgYaml.parse(readVector('seal', 'dkg.example.yaml'), 'dkg.example.yaml');
  const members = fresh.members();
  const t = fresh.threshold();
  const committeeId = hex(rng(32));
  const keys = generateCommitteeKeys(members.length, rng);
  const messages = dealAll(committeeId, t, keys, rng);
  const results = await Promise.all(
    keys.map((k, i) =>
      processAllMessages({ committeeId, threshold: t, members: registeredKeys(keys), myPartyId: i, encSk: k.encSk, messages }),
    ),
  );
  const me = 1;
  fresh.setPublishAndInit({ committeePkg: hex(rng(32)), committeeId, coordinatorAddress: members[0]! });
  fresh.setGenkeyAndRegister({
    myAddress: members[me]!,
    serverUrl: 'https://seal.example.org',
    serverName: 'member-1',
    encPk: keys[me]!.encPk,
    signingPk: keys[me]!.signingPk,
  });
  fresh.setProcessOutputs({
    version: 0,
    keyServerPk: results[me]!.keyServerPk,
    partialPks: results[me]!.partialPks,
    masterShare: results[me]!.masterShare,
  });

  // The same outputs in the older flat layout (as the pre-0.6.0 Python wrapper kept them).
  const flat = DkgYaml.create({ network: 'Testnet', threshold: t, members }, 'flat');
  flat.setPublishAndInit({ committeePkg: hex(rng(32)), committeeId, coordinatorAddress: members[0]! });
  flat.setGenkeyAndRegister({
    myAddress: members[me]!,
    serverUrl: 'https://seal.example.org',
    serverName: 'member-1',
    encPk: keys[me]!.encPk,
    signingPk: keys[me]!.signingPk,
  });
  flat.setProcessOutputs({
    version: 0,
    keyServerPk: results[me]!.keyServerPk,
    partialPks: results[me]!.partialPks,
    masterShare: results[me]!.masterShare,
  });

  // Rotation to the rotation example's committee.
  const rot = DkgYaml.parse(readVector('seal', 'dkg-rotation.example.yaml'), 'dkg-rotation.example.yaml');
  const newMembers = rot.members();
  const oldIdOfNew = newMembers.map((a) => (members.includes(a) ? members.indexOf(a) : null));
  const newKeys = generateCommitteeKeys(newMembers.length, rng);
  const newCommitteeId = hex(rng(32));
  const t1 = rot.threshold();
  const oldShares = new Map(results.map((r, i) => [i, scalarFromBytes(r.masterShare)] as const));
  const dealt = dealRotation({ newCommitteeId, plan: { threshold: t1, oldIdOfNew }, newMembers: newKeys, oldShares, oldThreshold: t, rng });
  const rotation = {
    oldThreshold: t,
    newToOld: dealt.newToOld,
    oldPartialPks: new Map(results[0]!.partialPks.map((p, i) => [i, p] as const)),
    oldKeyServerPk: results[0]!.keyServerPk,
  };
  const rotMe = 1; // the newcomer
  const rotResult = await processAllMessages({
    committeeId: newCommitteeId,
    threshold: t1,
    members: registeredKeys(newKeys),
    myPartyId: rotMe,
    encSk: newKeys[rotMe]!.encSk,
    messages: dealt.messages,
    rotation,
  });
  // Fill the placeholder KEY_SERVER_OBJ_ID the coordinator writes by hand, then the CLI steps.
  const filledRot = DkgYaml.parse(rot.toString().replace(/KEY_SERVER_OBJ_ID: 0x\.\.\./, `KEY_SERVER_OBJ_ID: ${hex(rng(32))}`), 'dkg.yaml');
  filledRot.setInitRotation({
    coordinatorAddress: newMembers[0]!,
    committeePkg: hex(rng(32)),
    currentCommitteeId: committeeId,
    committeeId: newCommitteeId,
  });
  filledRot.setGenkeyAndRegister({
    myAddress: newMembers[rotMe]!,
    serverUrl: 'https://new.example.org',
    serverName: 'newcomer',
    encPk: newKeys[rotMe]!.encPk,
    signingPk: newKeys[rotMe]!.signingPk,
  });
  // The rotation template lists KEY_SERVER_PK ("should match v0"): record the on-chain key first.
  filledRot.setKeyServerPk(results[0]!.keyServerPk);
  filledRot.setProcessOutputs({
    version: 1,
    keyServerPk: rotResult.keyServerPk,
    partialPks: rotResult.partialPks,
    masterShare: rotResult.masterShare,
  });
  const rotText = filledRot.toString();
  return {
    fresh: { text: fresh.toString(), member: me, result: results[me]! },
    rotation: { text: rotText, member: rotMe, result: rotResult },
    flat: { text: flat.toString(), member: me },
    keyServerPk: results[0]!.keyServerPk,
  };
}
