import { DkgYaml } from '../../formats/seal/dkg-yaml.ts';

/**
 * The member's dkg.yaml from plain data, in a file of its own so a worker thread can render it
 * without loading the rest of the Seal ceremony (at n = 256 its YAML takes about 40 ms, too long
 * for the main thread in one piece).
 */

/** What the member's dkg.yaml is made of. */
export interface MemberDkgYamlInput {
  /** The invitation's dkg.yaml text. */
  invitation: string;
  genkey?: { myAddress: string; serverUrl: string; serverName: string; encPk: string; signingPk: string };
  outputs?: { version: number; keyServerPk: string; partialPks: string[]; masterShare?: Uint8Array };
}

export function renderMemberDkgYaml(input: MemberDkgYamlInput): string {
  const y = DkgYaml.parse(input.invitation, 'dkg.yaml');
  if (input.genkey) y.setGenkeyAndRegister(input.genkey);
  const out = input.outputs;
  if (out) {
    // A rotation keeps KEY_SERVER_PK (the template lists it, "should match v0"): recorded so
    // `seal validate` checks the new shares against the unchanged key.
    if (out.version > 0) y.setKeyServerPk(out.keyServerPk);
    y.setProcessOutputs({
      version: out.version,
      keyServerPk: out.keyServerPk,
      partialPks: out.partialPks,
      // Only the explicit share export writes MASTER_SHARE (no placeholder to strip again: at
      // n = 256 re-parsing the file cost the main thread about 50 ms).
      masterShare: out.masterShare,
    });
  }
  return y.toString();
}

/** The worker task: the dkg.yaml of a member whose result has n partial keys (about 40 ms of YAML at n = 256). */
export function memberDkgYamlTask(input: MemberDkgYamlInput): string {
  return renderMemberDkgYaml(input);
}
