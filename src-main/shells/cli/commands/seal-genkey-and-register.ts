import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import { withCeremonyNetwork, networkConfig } from '../../../core/ceremonies/seal/network.ts';
import type { Command } from '../command.ts';
import {
  CONFIG_OPTIONS,
  confirmCodeOption,
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
  usage: '-c <dkg.yaml> -u <server url> -n <server name> --committee-code <code> [--address 0x…] [--network N] [--unsigned] [--json]',
  description:
    'The member address is --address, or MY_ADDRESS in the file, or the only wallet account that is a member.\n' +
    'Before registering, compare the committee check code with the one your coordinator announced and give it\n' +
    'with --committee-code (without it the command stops and prints the code to compare; a different code is\n' +
    'recorded as "A code differs" and nothing is registered).',
  options: {
    ...CONFIG_OPTIONS,
    url: { type: 'string', short: 'u' },
    name: { type: 'string', short: 'n' },
    'committee-code': { type: 'string' },
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
