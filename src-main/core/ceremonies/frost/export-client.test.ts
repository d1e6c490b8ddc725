/**
 * The frost-client config from the screens (`export-frost-client`): written through the
 * secret-export gate (here the command line's preset path), mode 0600, never over a file, only
 * for a group whose code was compared; the file opens as a frost-client config of the same group,
 * and nothing of it reaches the journal.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { act, confirmGroupCodes, readState, runDkgSetup, syncClean, type Party } from '../../rehearsal/frost.ts';
import { closeAll, parties, secretOf } from '../../testing/frost-parties.ts';
import { bytesToHex } from '@noble/hashes/utils.js';

const open: Party[] = [];
afterAll(() => closeAll(open));

describe('export-frost-client', () => {
  it('writes the frost-client config where the person chose, 0600, once; a frost-client import of it is the same group', async () => {
    const ps = await parties(['Alice', 'Bob']);
    open.push(...ps);
    const [alice] = ps as [Party, Party];
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 2, description: 'Treasury', rehearsal: false });
    const dir = mkdtempSync(join(tmpdir(), 'frost-export-'));
    const path = join(dir, 'alice-credentials.toml');
    await expect(act(alice, 'export-frost-client', {})).rejects.toMatchObject({ code: 'frost/no-group' });
    for (const step of ['round1', 'round2', 'finalize']) {
      for (const p of ps) await act(p, step);
      await syncClean(ps);
    }
    // The share leaves for another tool only once the group key code was compared.
    await expect(act(alice, 'export-frost-client', {})).rejects.toMatchObject({ code: 'frost/group-code-not-confirmed' });
    await confirmGroupCodes(ps);
    const key = readState(alice).group!.verifyingKey;

    alice.core.exportTo(path);
    await act(alice, 'export-frost-client', {});
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const toml = readFileSync(path, 'utf8');
    expect(toml).toContain(`[group.${key}]`);
    const journal = JSON.stringify(alice.core.engine.view(alice.id).activity);
    expect(journal).toContain(`Wrote your frost-client config (key package and communication key in clear) to ${path}`);
    const share = bytesToHex(await secretOf(alice, `key-package.${readState(alice).group!.keyVersion}`));
    expect(journal).not.toContain(share.slice(0, 32));

    // Never over a file (the person chose an existing one): refused, the file left as it was.
    alice.core.exportTo(path);
    await expect(act(alice, 'export-frost-client', {})).rejects.toMatchObject({ code: 'frost/file-exists' });
    expect(readFileSync(path, 'utf8')).toBe(toml);

    // The file is a frost-client config of this group: a fresh install brings it in.
    const [carol] = await parties(['Carol']);
    open.push(carol!);
    const v = await carol!.core.engine.create('frost', 'from frost-client', false, { mode: 'import', toml, group: key });
    carol!.id = v.id;
    expect(readState(carol!).group!.verifyingKey).toBe(key);
  });
});
