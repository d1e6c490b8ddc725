import { CeremonyError } from '../../errors.ts';
import type { CreateContext, Created, StepContext, StepResult } from '../../engine/protocol.ts';
import type { SealRotationCreateParams } from '../../../../src-shared/ceremonies/seal.ts';
import { coordinatorCreated, coordinatorNetwork, memberEntries, newCoordinatorState } from './coordinator.ts';
import { labelOf, networkConfig, networkString } from './network.ts';
import { step } from './phases.ts';
import { checkRotationPlan, requireRotation, rotationFromKeyServer, rotationSummary, sameRotation } from './rotation.ts';
import { sealServices } from './services.ts';
import type { CoordinatorState } from './state.ts';
import { noPendingTx, prepareTx } from './transactions.ts';
import { addr, shortId } from './values.ts';

/**
 * The coordinator of a key rotation: starts from KEY_SERVER_OBJ_ID (the committee that holds it
 * and that committee's package come from the chain), refuses a plan the contract would refuse
 * BEFORE any transaction (the sender of init_rotation must be a current member; at least the
 * current threshold of current members must continue), then sends init_rotation. From there on
 * it is the fresh coordinator (registration, messages, finalization) with the rotation's rules.
 */
export async function createRotationCoordinator(params: SealRotationCreateParams, ctx: CreateContext): Promise<Created<CoordinatorState>> {
  const net = coordinatorNetwork(params.network, ctx);
  const members = memberEntries(params.members);
  const chain = await sealServices(ctx.services).openChain(net);
  const { rotation, packageId } = await rotationFromKeyServer(chain, addr(params.keyServerObjId));
  const roster = checkRotationPlan(
    rotation,
    members.map((m) => m.address),
    params.coordinatorAddress,
  );
  const network = networkString(net);
  const committee = {
    network,
    networkLabel: labelOf(network),
    packageId,
    committeeId: null,
    threshold: params.threshold,
    members,
    coordinatorAddress: addr(params.coordinatorAddress),
    oldCommitteeId: rotation.oldCommitteeId,
  };
  const state = newCoordinatorState(committee, rotation, null);
  const summary = `Created the rotation of key server ${rotation.keyServerId} to a ${params.threshold}-of-${members.length} committee (${rotationSummary(rotation, roster)})`;
  return coordinatorCreated(ctx, net.kind === 'rehearsal', `Seal key rotation of ${shortId(rotation.keyServerId)}`, state, summary);
}

/** The one transaction of a rotation's coordinator: init_rotation(current committee, threshold, members). */
export async function initRotation(state: CoordinatorState, ctx: StepContext): Promise<StepResult<CoordinatorState>> {
  noPendingTx(state);
  const rot = requireRotation(state);
  if (state.committee.committeeId)
    throw new CeremonyError('seal/already-created', 'The rotation committee already exists; send the invitation to the members.');
  // Between create and now the key server may have moved (another rotation): read it again.
  const chain = await sealServices(ctx.services).openChain(networkConfig(state.committee.network));
  const now = await rotationFromKeyServer(chain, rot.keyServerId);
  if (!sameRotation(now.rotation, rot)) {
    throw new CeremonyError(
      'seal/key-server-moved',
      `Key server ${shortId(rot.keyServerId)} is no longer at version ${rot.fromVersion} in committee ${shortId(rot.oldCommitteeId)} (it is at version ${now.rotation.fromVersion} in ${shortId(now.rotation.oldCommitteeId)}): another rotation finished first. Start a new rotation.`,
    );
  }
  const c = state.committee;
  checkRotationPlan(
    rot,
    c.members.map((m) => m.address),
    c.coordinatorAddress,
  );
  const { pending, artifact } = await prepareTx(
    state,
    ctx,
    'init-rotation',
    {
      kind: 'init_rotation',
      packageId: c.packageId!,
      oldCommitteeId: rot.oldCommitteeId,
      threshold: c.threshold,
      members: c.members.map((m) => m.address),
    },
    c.coordinatorAddress,
  );
  return step(
    { ...state, pending, lastTxError: null },
    `Prepared init_rotation: version ${rot.fromVersion} → ${rot.toVersion}, ${c.threshold} of ${c.members.length}`,
    { artifacts: [artifact] },
  );
}
