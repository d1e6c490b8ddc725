import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { CeremonyError } from '../../errors.ts';
import type { SssToolState } from '../../crypto/group/sss-tool.ts';
import { decodePrivateSss, decodeSharedSss, encodePrivateSss, encodeSharedSss } from '../../formats/group/sss.ts';
import type { Vault } from '../../vault/index.ts';

/**
 * An operator's state in "sss-tool compatible" mode, kept in the vault instead of sss-tool's
 * plaintext private.sss: the seed with the moniker (the tool derives everything from it), the
 * group commitment (shared.sss) and the share. Each is written once (vault ids never change
 * content), so a second `initialize` cannot destroy the seed as the tool's does, and a different
 * commitment or share is refused instead of overwriting. One such operator per data folder, as
 * sss-tool has one per working directory; the group runs in this mode only (the app's sound
 * protocol is a separate group ceremony).
 */
const SEED_ID = 'group/sss-tool/seed';
const SHARED_ID = 'group/sss-tool/shared';
const SHARE_ID = 'group/sss-tool/share';

export async function loadSssToolState(vault: Vault): Promise<SssToolState | null> {
  if (!vault.has(SEED_ID)) return null;
  const raw = await vault.get(SEED_ID);
  const priv = decodePrivateSss(raw);
  raw.fill(0);
  const commitment = vault.has(SHARED_ID) ? decodeSharedSss(await vault.get(SHARED_ID)).commitment : null;
  const share = vault.has(SHARE_ID) ? await vault.get(SHARE_ID) : null;
  return { seed: priv.seed, moniker: priv.moniker, commitment, share };
}

export async function saveSssToolSeed(vault: Vault, seed: Uint8Array, moniker: string): Promise<void> {
  if (vault.has(SEED_ID)) {
    const s = await loadSssToolState(vault);
    throw new CeremonyError(
      'group/sss-tool-already-initialized',
      `This data folder already holds the sss-tool operator "${s?.moniker}"; initialize is refused so its seed and share are not destroyed (sss-tool itself would overwrite private.sss). Use another --data-dir for another operator.`,
      { moniker: s?.moniker ?? '' },
    );
  }
  const bytes = encodePrivateSss({ seed, moniker, share: null });
  await vault.put({ id: SEED_ID, label: `sss-tool seed of ${moniker}`, kind: 'group.sss-seed', ceremonyId: null }, bytes);
  bytes.fill(0);
}

export async function saveSssToolCommitment(vault: Vault, commitment: readonly Uint8Array[]): Promise<void> {
  const bytes = encodeSharedSss({ commitment });
  try {
    await vault.put(
      {
        id: SHARED_ID,
        label: 'sss-tool group commitment (shared.sss)',
        kind: 'group.sss-shared',
        ceremonyId: null,
        publicKey: commitment[0]!,
      },
      bytes,
    );
  } catch (e) {
    if (e instanceof CeremonyError && e.code === 'vault/id-conflict')
      throw new CeremonyError(
        'group/sss-tool-other-group',
        'This operator already belongs to a group with a different commitment (shared.sss); the new one was not stored.',
      );
    throw e;
  }
}

export async function saveSssToolShare(vault: Vault, moniker: string, share: Uint8Array): Promise<void> {
  const pub = ed25519.Point.BASE.multiply(bytesToNumberLE(share)).toBytes();
  try {
    await vault.put(
      { id: SHARE_ID, label: `sss-tool share of ${moniker}`, kind: 'group.sss-share', ceremonyId: null, publicKey: pub },
      share,
    );
  } catch (e) {
    if (e instanceof CeremonyError && e.code === 'vault/id-conflict')
      throw new CeremonyError('group/sss-tool-already-have-share', 'Already have my share (a different one is in the vault; it was kept).');
    throw e;
  }
}

/** The operator as sss-tool's own files would hold it (for `group publish --private`). */
export function sssToolFiles(s: SssToolState): { privateSss: Uint8Array; sharedSss: Uint8Array } {
  return {
    privateSss: encodePrivateSss({ seed: s.seed, moniker: s.moniker, share: s.share }),
    sharedSss: encodeSharedSss({ commitment: s.commitment }),
  };
}
