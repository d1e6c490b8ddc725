import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { AppCore } from '../../../core/app/create-app.ts';
import { CeremonyError, listedCode } from '../../../core/errors.ts';
import { parseBundle } from '../../../core/bundles/codec.ts';
import { adoptsRestart } from '../../../core/ceremonies/seal/restart-member.ts';
import { withCeremonyNetwork, networkConfig } from '../../../core/ceremonies/seal/network.ts';
import type { CliContext, Command } from '../command.ts';
import {
  CONFIG_OPTIONS,
  confirmCodeOption,
  type DkgFile,
  type FoundCeremony,
  sealCeremonies,
  fileAddress,
  findMember,
  networkOf,
  readDkgFile,
  sealCore,
  signOrPrint,
  stateOf,
  unsignedText,
  writeDkgFile,
} from './seal-cli-support.ts';

/**
 * `ceremony seal genkey-and-register -c dkg.yaml -u URL -n NAME`: seal-committee-cli's member step.
 * Joins the committee from the file (checked against the chain), generates the DKG keys INTO
 * THE VAULT (no dkg.key file), appends the genkey-and-register section to the file and
 * registers on chain (signed with the member's vault account, or printed with --unsigned) once
 * --committee-code says the committee check code matches the one the coordinator announced.
 */
export const sealGenkeyAndRegisterCommand: Command = {
  usage:
    '-c <dkg.yaml> -u <server url> -n <server name> --committee-code <code> [--invitation seal-invitation.ceremony] [--address 0x…] [--network N] [--unsigned] [--json]',
  description:
    'The member address is --address, or MY_ADDRESS in the file, or the only wallet account that is a member.\n' +
    'Before registering, compare the committee check code with the one your coordinator announced and give it\n' +
    'with --committee-code (without it the command stops and prints the code to compare; a different code is\n' +
    'recorded as "A code differs" and nothing is registered).\n' +
    'After the coordinator restarted the committee (`seal restart`), give the new invitation bundle with --invitation:\n' +
    "this install's ceremony of the abandoned committee follows it (the old DKG keys are deleted from the vault).",
  options: {
    ...CONFIG_OPTIONS,
    url: { type: 'string', short: 'u' },
    name: { type: 'string', short: 'n' },
    'committee-code': { type: 'string' },
    invitation: { type: 'string' },
    unsigned: { type: 'boolean' },
  },
  async run(ctx) {
    const f = readDkgFile(ctx);
    const url = ctx.options.url;
    const name = ctx.options.name;
    if (typeof url !== 'string' || typeof name !== 'string')
      throw new CeremonyError('cli/usage', 'Give the key server URL with -u and its name with -n.');
    if (!f.yaml.has('COMMITTEE_ID'))
      throw new CeremonyError('seal/no-committee-yet', `${f.path} has no COMMITTEE_ID: the coordinator runs publish-and-init first.`);
    const core = await sealCore(ctx);
    const network = networkOf(ctx, f);
    let found = findMember(ctx.dataDir, f.yaml.committeeId(), fileAddress(ctx, f));
    if (!found && typeof ctx.options.invitation === 'string') found = await followRestart(core, ctx, f, ctx.options.invitation);
    if (!found) {
      const address = fileAddress(ctx, f);
      const v = await core.engine.join(
        basename(f.path),
        new Uint8Array(readFileSync(f.path)),
        { role: 'member', network, ...(address ? { address } : {}) },
        'seal',
      );
      found = { id: v.id, state: stateOf(ctx.dataDir, v.id) };
    }
    const id = found.id;
    let s = stateOf(ctx.dataDir, id);
    if (s.role !== 'member') throw new Error('not a member ceremony');
    // Registering is final: the code comparison comes first (a rerun after registering needs none).
    if (!s.registered && !s.pending) await confirmCodeOption(core, ctx, id, 'committee');
    if (!s.keys) await core.engine.act(id, 'generate-keys', { serverUrl: url, serverName: name });
    s = stateOf(ctx.dataDir, id);
    if (s.role !== 'member' || !s.keys || !s.server) throw new Error('keys missing after generate-keys');
    f.yaml.setGenkeyAndRegister({
      myAddress: s.address,
      serverUrl: s.server.url,
      serverName: s.server.name,
      encPk: s.keys.encPk,
      signingPk: s.keys.signingPk,
    });
    writeDkgFile(f, withCeremonyNetwork(f.yaml.toString(), networkConfig(network)));
    if (!s.registered && !s.pending) await core.engine.act(id, 'register', {});
    const r = await signOrPrint(core, ctx, id);
    if (r.unsigned) return { data: { ceremonyId: id, unsigned: r.unsigned }, text: unsignedText(r.unsigned, f.path) };
    s = stateOf(ctx.dataDir, id);
    const registered = s.role === 'member' && s.registered;
    return {
      data: {
        ceremonyId: id,
        address: s.role === 'member' ? s.address : null,
        registered,
        encPk: `0x${s.role === 'member' ? s.keys!.encPk : ''}`,
      },
      text: [
        `DKG keys are in the vault (ceremony ${id}); DKG_ENC_PK and DKG_SIGNING_PK written to ${f.path}.`,
        registered ? 'Registered on chain.' : 'Not registered yet.',
        'Next: wait for the coordinator to announce Phase 2, then run `ceremony seal create-message -c ' + f.path + '`.',
      ].join('\n'),
    };
  },
};

/**
 * A restarted committee: the coordinator's new invitation bundle moves this install's ceremony of
 * the abandoned committee to the new one (as importing it in the app does). Null when no ceremony
 * here follows it (the member then joins from the file).
 */
async function followRestart(core: AppCore, ctx: CliContext, f: DkgFile, invitation: string): Promise<FoundCeremony | null> {
  const path = resolve(ctx.cwd, invitation);
  const bytes = new Uint8Array(readFileSync(path));
  const bundle = parseBundle(bytes);
  const old = sealCeremonies(ctx.dataDir).find((c) => adoptsRestart(c.state, bundle));
  if (!old) return null;
  const r = await core.engine.importFile(old.id, basename(path), bytes);
  if (!r.accepted) throw new CeremonyError(listedCode(r.error!.code), r.error!.message);
  const state = stateOf(ctx.dataDir, old.id);
  if (state.committee.committeeId !== f.yaml.committeeId())
    throw new CeremonyError(
      'seal/committee-mismatch',
      `${path} is the invitation of another committee than ${f.path}; use the pair the coordinator sent.`,
    );
  return { id: old.id, state };
}
