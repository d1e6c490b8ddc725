/**
 * Issue 5, acceptance 1: a Seal key rotation through the UI, on a rehearsal ledger folder.
 *
 * The 2-of-3 committee to rotate comes from `ceremony rehearse seal` (a whole fresh ceremony on
 * the ledger in ~10 s; e2e/seal.spec.ts covers a fresh ceremony through the UI). Its data
 * folders are opened in loopback hosts and unlocked with the rehearsal's passphrase:
 *
 * - Alice (party 0) continues and coordinates: on her own install she creates the rotation
 *   (KEY_SERVER_OBJ_ID → the current committee from the chain), signs init_rotation, and joins
 *   as a member from the rotation dkg.yaml; her share of version 0 is found in her vault.
 * - Bob (party 1) continues AIR-GAPPED on a new offline computer: bundles only, his share of
 *   version 0 imported from the dkg.yaml `rehearse seal` left (after a wrong file is refused).
 *   His old, online install is his relay, and his Sui key is there, so the relay signs.
 * - Carol (party 2) leaves: at the end her old ceremony says the share is retired and tells her
 *   to stop her key server.
 * - Dave and Erin join, each on a new install with a vault account.
 *
 * The new committee is 3-of-4. Checked at the end: same KEY_SERVER_OBJ_ID and KEY_SERVER_PK,
 * committee version 1 with 4 partial key servers, configs and share files named by version.
 * Screenshots e2e/screenshots/seal-rotation-*.png; axe on every main screen.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, repoRoot, setUpVault, test, type Participant } from './fixtures.ts';
import {
  act,
  carry,
  confirmCode,
  createAccount,
  generateKeys,
  goTo,
  importFiles,
  openDetails,
  openSettings,
  save,
  signWithVault,
} from './seal-steps.ts';
import { expectMemberFirst } from './member-first.ts';

const shot = (p: Participant, name: string) => p.shot(`seal-rotation-${name}`);

interface Rehearsal {
  ledgerDir: string;
  keyServerObjId: string;
  keyServerPk: string;
  passphrase: string;
  members: { partyId: number; address: string; dataDir: string; ceremonyId: string; dkgYaml: string }[];
}

/** Unlocks the passphrase vault a rehearsal left in this data folder. */
async function unlockVault(page: Page, passphrase: string): Promise<void> {
  await openSettings(page);
  await page.getByLabel('Vault passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.locator('.facts').getByText('Unlocked')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Ceremonies' }).click();
}

/** Joins from an invitation file on the home screen. */
async function joinFrom(
  p: Participant,
  file: string,
  opts: { airGapped?: boolean; relayFor?: string; address?: string } = {},
): Promise<void> {
  await p.page.getByRole('link', { name: 'Ceremonies' }).click();
  await p.page.getByTestId('join-file').setInputFiles(file);
  if (opts.airGapped) await p.page.getByText('I am a committee member and this computer stays offline').click();
  if (opts.relayFor) {
    await p.page.getByText('I relay for an air-gapped member').click();
    await p.page.getByLabel("The air-gapped member's Sui address").fill(opts.relayFor);
  } else if (opts.address) await p.page.getByLabel(/^Your Sui address on the committee/).fill(opts.address);
  await p.page.getByRole('button', { name: opts.relayFor ? 'Join as relay' : 'Join the committee' }).click();
  await expect(p.page.locator('.panel--next')).toBeVisible();
}

/** The one code the coordinator reads aloud now. */
const readCode = async (page: Page) => (await page.locator('.panel--next .read-aloud .checkcode [aria-hidden]').textContent())!;

test('a 2-of-3 Seal committee rotates to 3-of-4 through the UI: one leaves, two join, an air-gapped member continues', async ({
  launch,
}) => {
  // About 2 minutes on an idle 2-core machine; the limit leaves room for a loaded one.
  test.setTimeout(480_000);
  const root = mkdtempSync(join(tmpdir(), 'e2e-seal-rotation-'));
  const usb = join(root, 'usb');
  mkdirSync(usb);

  // ── The committee to rotate: a fresh 2-of-3 on a rehearsal ledger, by the CLI.
  const out = execFileSync(
    process.execPath,
    [join(repoRoot, 'out/main/cli.js'), 'rehearse', 'seal', '--members', '3', '--threshold', '2', '--out', join(root, 'fresh'), '--json'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  const fresh = JSON.parse(out) as Rehearsal;
  const [alice0, bob0, carol0] = fresh.members;
  expect(fresh.passphrase).toBeTruthy();

  const alice = await launch({ name: 'rot-alice', dataDir: alice0!.dataDir });
  const bobRelay = await launch({ name: 'rot-bob-relay', dataDir: bob0!.dataDir });
  const bob = await launch({ name: 'rot-bob-airgapped' });
  const dave = await launch({ name: 'rot-dave' });
  const erin = await launch({ name: 'rot-erin' });
  await unlockVault(alice.page, fresh.passphrase);
  await unlockVault(bobRelay.page, fresh.passphrase);
  for (const p of [bob, dave, erin]) await setUpVault(p.page);
  // A finished member screen opened from the `ceremony rehearse seal` data folder reads as the app's own.
  await goTo(alice.page, `#/ceremony/${alice0!.ceremonyId}`);
  await expect(alice.page.locator('.panel--next').getByRole('heading', { name: 'Hand over' })).toBeVisible();
  await expectMemberFirst(alice.page, 'rehearsed member, finished');
  await shot(alice, 'member-0-rehearsed-finished');
  await alice.page.getByRole('link', { name: 'Ceremonies' }).click();
  const daveAddress = await createAccount(dave, 'Dave');
  const erinAddress = await createAccount(erin, 'Erin');

  // ── Alice starts the rotation from KEY_SERVER_OBJ_ID.
  const c = alice.page;
  await c.getByRole('button', { name: 'New ceremony' }).click();
  await c.getByRole('link', { name: 'Seal key-server committee' }).click();
  await c.getByText('Rotate a committee').click();
  await c.getByText('Rehearsal ledger (not a real network)').click();
  await c.getByLabel(/^Rehearsal ledger folder/).fill(fresh.ledgerDir);
  await c.getByLabel('Key server to rotate: KEY_SERVER_OBJ_ID').fill(fresh.keyServerObjId);
  await c.getByRole('button', { name: 'Read the current committee' }).click();
  const current = c.getByRole('region', { name: 'Current committee: version 0, 2 of 3' });
  await expect(current).toBeVisible();
  for (const m of fresh.members)
    await expect(current.getByRole('row', { name: new RegExp(m.address) })).toContainText(`rehearsal-server-${m.partyId}`);
  await expect(current.getByRole('row', { name: /rehearsal-server-0/ })).toContainText('https://seal-rehearsal-0.example.org');
  // The coordinator is a current member: Alice's vault account is suggested.
  const coordinatorField = c.getByLabel(/^Coordinator: the Sui address that sends init_rotation/);
  await expect(coordinatorField).toHaveValue(alice0!.address);
  // Carol leaves; with Bob unticked too, fewer than the current threshold continue: refused live.
  await current.getByRole('checkbox', { name: 'rehearsal-server-2 (party 2) continues' }).uncheck();
  await current.getByRole('checkbox', { name: 'rehearsal-server-1 (party 1) continues' }).uncheck();
  await expect(c.getByRole('alert').filter({ hasText: 'At least 2 of the 3 current members must continue' })).toContainText(
    'Only 1 continues: keep 1 more member.',
  );
  await expect(c.getByRole('button', { name: 'Start the rotation' })).toBeVisible();
  await shot(alice, 'coordinator-0-too-few-continuing');
  await current.getByRole('checkbox', { name: 'rehearsal-server-1 (party 1) continues' }).check();
  await expect(c.getByText('2 of 3 continue; 1 leaves')).toBeVisible();
  // Dave and Erin join; an address typed wrong is named as it is typed.
  for (const [i, [label, address]] of [
    ['Dave', daveAddress],
    ['Erin', erinAddress],
  ].entries()) {
    await c.getByRole('button', { name: 'Add a new member' }).click();
    await c.getByLabel(`New member ${i + 1} name (optional)`).fill(label!);
    const field = c.getByLabel(`New member ${i + 1} Sui address (party ${2 + i})`);
    if (i === 0) {
      await field.fill(carol0!.address);
      await expect(
        c.getByText(
          'This is rehearsal-server-2 (party 2 of the current committee): to keep them, tick “continues” above instead of adding them again.',
        ),
      ).toBeVisible();
      await field.fill('0xdave!');
      await expect(c.getByText('A Sui address has only hex digits (0-9, a-f) after 0x.')).toBeVisible();
    }
    await field.fill(address!);
  }
  // The sender of init_rotation must be a current member: Dave cannot, and the form says why.
  await coordinatorField.fill(daveAddress);
  await expect(
    c.getByText(/^Not a member of the current committee \(version 0\)\. Only a current member may send init_rotation/),
  ).toBeVisible();
  await coordinatorField.fill(alice0!.address);
  await c.getByLabel(/^New threshold/).fill('3');
  await expect(c.locator('.new-committee li')).toHaveText([
    /^rehearsal-server-0 continues \(was party 0\)/,
    /^rehearsal-server-1 continues \(was party 1\)/,
    /^Dave joins/,
    /^Erin joins/,
  ]);
  await expect(c.locator('form .callout')).toContainText('REHEARSAL: key server');
  await expect(c.locator('form .callout')).toContainText('version 0 → 1: a 3-of-4 committee; 2 continue, 1 leaves, 2 join');
  await expectAccessible(c);
  await shot(alice, 'coordinator-1-rotation-form');
  await c.getByRole('button', { name: 'Start the rotation' }).click();
  await expect(c.getByRole('heading', { level: 1, name: /^Seal key rotation of/ })).toBeVisible();
  const coordHash = new URL(c.url()).hash;

  // ── init_rotation: one transaction, signed with Alice's vault account.
  await act(alice, 'Start the rotation');
  await expect(c.locator('.panel--tx')).toContainText('Only a member of the current committee may send it');
  await expectAccessible(c);
  await shot(alice, 'coordinator-2-init-rotation');
  await signWithVault(alice, 'Start the rotation', { untilGone: true });
  await expect(c.locator('.panel--next').getByRole('heading', { name: 'Tell members now' })).toBeVisible();
  // One code for the committee AND the rotation, named in the script the coordinator copies.
  const committeeCode = await readCode(c);
  await expect(c.locator('.panel--next .announce')).toContainText(committeeCode);
  await expect(c.locator('.dashboard')).toContainText('Leaving');
  await expectAccessible(c);
  await expectMemberFirst(c, 'rotation coordinator, invitation');
  await shot(alice, 'coordinator-3-invitation');
  const invitation = await carry(alice, 'seal-invitation.ceremony', usb);
  const dkgYaml = await save(alice, /^dkg\.yaml/, usb);
  const yaml = readFileSync(dkgYaml, 'utf8');
  expect(yaml).toContain(fresh.keyServerObjId.slice(2));
  expect(yaml).toMatch(/CURRENT_COMMITTEE_ID/);

  // ── Everyone joins. Alice's member ceremony (same install) joins from dkg.yaml; her share is found.
  await joinFrom(alice, dkgYaml);
  const aliceMemberHash = new URL(c.url()).hash;
  await expect(c.locator('.panel--next .compare .checkcode [aria-hidden]')).toHaveText(committeeCode);
  await expectAccessible(c);
  await expectMemberFirst(c, 'rotation member, compare the code');
  await shot(alice, 'member-1-compare-code');
  await openDetails(c);
  const part = c.getByRole('region', { name: /^Your part in the rotation/ });
  await expect(part).toContainText('Continuing: party 0 of version 0 → party 0 of version 1');
  await expect(part.getByRole('status')).toContainText(
    'Your share of version 0 (MASTER_SHARE_V0) was found in this vault and matches your partial key on chain.',
  );
  await joinFrom(bobRelay, invitation, { relayFor: bob0!.address });
  await expect(bobRelay.page.locator('.who')).toContainText('You relay for');
  await joinFrom(bob, invitation, { airGapped: true, address: bob0!.address });
  await joinFrom(dave, invitation);
  await joinFrom(erin, invitation);
  for (const p of [bob, dave, erin])
    await expect(p.page.locator('.panel--next .compare .checkcode [aria-hidden]')).toHaveText(committeeCode);
  await openDetails(dave.page);
  await expect(dave.page.getByRole('region', { name: /^Your part in the rotation/ })).toContainText(
    'Joining: party 2 of version 1; you deal nothing and receive a share.',
  );
  await expectAccessible(dave.page);
  await shot(dave, 'joining-1-joined');

  // ── Phase 1: keys and registration.
  for (const [p, name] of [
    [alice, 'alice'],
    [dave, 'dave'],
    [erin, 'erin'],
  ] as const) {
    await confirmCode(p, committeeCode);
    await generateKeys(p, name);
    if (p === alice) await expectMemberFirst(c, 'rotation member, register');
    await act(p, 'Register', /Registering is final/);
    await signWithVault(p, 'Register on chain', { untilGone: true });
  }
  // Bob (air-gapped): the request goes to his relay, which holds his Sui key and signs there.
  await confirmCode(bob, committeeCode);
  await generateKeys(bob, 'bob');
  await act(bob, 'Write the registration request', /Registering is final/);
  await importFiles(bobRelay, [await carry(bob, /register-request/, usb)]);
  await act(bobRelay, 'Prepare the register transaction');
  await expectAccessible(bobRelay.page);
  await shot(bobRelay, 'relay-1-registration');
  await signWithVault(bobRelay, 'Registration to carry', { untilGone: true });

  await goTo(c, coordHash);
  await expect(c.locator('.dashboard caption')).toContainText('4 of 4 registered', { timeout: 60_000 });
  await expect(c.locator('.panel--next')).toContainText('Continuing members: make your DKG message with your current share');
  await expectAccessible(c);
  await expectMemberFirst(c, 'rotation coordinator, registered');
  await shot(alice, 'coordinator-4-registered');

  // ── Phase 2: only the continuing members deal. Bob first needs the relay's chain snapshot, and his share of version 0.
  await importFiles(bob, [await carry(bobRelay, /chain-registered/, usb)]);
  await expect(bob.page.locator('.panel--next').getByRole('heading', { name: 'Bring your share of version 0' })).toBeVisible();
  await openDetails(bob.page);
  const bobPart = bob.page.getByRole('region', { name: /^Your part in the rotation/ });
  await expect(bobPart).toContainText('MASTER_SHARE_V0 is not in this vault yet');
  // Carol's file holds a share, but not Bob's: refused against his partial key on chain, nothing kept.
  await act(bob, 'Import MASTER_SHARE_V0');
  await bob.page.getByLabel('Path of the share file on this computer').fill(carol0!.dkgYaml);
  await bob.page.getByRole('button', { name: 'Import my current share' }).click();
  // Said next to the path; the form stays open for another file.
  await expect(bob.page.locator('.action-form').getByRole('alert')).toContainText('does not match your partial key on chain');
  await expect(bob.page.locator('.action-form').getByRole('alert')).toContainText('nothing was stored');
  await expect(bobPart).toContainText('MASTER_SHARE_V0 is not in this vault yet');
  await expectAccessible(bob.page);
  await shot(bob, 'airgapped-1-wrong-share-refused');
  await bob.page.getByLabel('Path of the share file on this computer').fill(bob0!.dkgYaml);
  await bob.page.getByRole('button', { name: 'Import my current share' }).click();
  await expect(bobPart.getByRole('status')).toContainText(
    'Your share of version 0 (MASTER_SHARE_V0) was imported and matches your partial key on chain.',
  );
  await shot(bob, 'airgapped-2-share-imported');

  const messages: string[] = [];
  for (const p of [bob, alice]) {
    if (p === alice) await goTo(c, aliceMemberHash);
    await act(p, 'Create my DKG message');
    messages.push(await carry(p, /^message-\d+\.ceremony$/, usb));
  }
  await expectAccessible(c);
  await expectMemberFirst(c, 'rotation member, send the message');
  await shot(alice, 'member-2-message');
  await goTo(c, coordHash);
  await importFiles(alice, messages);
  await expect(c.locator('.dashboard caption')).toContainText('2 messages');
  await expect(c.locator('.dashboard tbody tr', { hasText: 'Dave' })).toContainText('Deals nothing');
  await expect(c.locator('.panel--next')).toContainText('Every message is in');
  await expectAccessible(c);
  await expectMemberFirst(c, 'rotation coordinator, messages in');
  await shot(alice, 'coordinator-5-messages');
  await act(alice, 'Export the message set', /cannot be changed afterwards/);
  const hashCode = await readCode(c);
  const messageSet = await carry(alice, 'seal-message-set.ceremony', usb);
  await shot(alice, 'coordinator-6-message-set');

  // ── Phase 3: everyone processes the same set and proposes (propose_for_rotation).
  await goTo(c, aliceMemberHash);
  for (const p of [alice, dave, erin]) {
    await importFiles(p, [messageSet]);
    await act(p, 'Process the messages');
    if (p === alice) {
      await expectAccessible(c);
      await expectMemberFirst(c, 'rotation member, compare the result code');
      await shot(alice, 'member-3-compare');
    }
    await confirmCode(p, hashCode);
    // The rotation rebuilt exactly the key server's public key (in Technical details).
    await openDetails(p.page);
    await expect(p.page.locator('.facts__row', { hasText: 'KEY_SERVER_PK' }).first()).toContainText(fresh.keyServerPk);
    await act(p, 'Propose', hashCode);
    await signWithVault(p, 'Propose the result', { untilGone: true });
  }
  await importFiles(bob, [messageSet]);
  await act(bob, 'Process the messages');
  await confirmCode(bob, hashCode);
  await act(bob, 'Write the proposal request', hashCode);
  await importFiles(bobRelay, [await carry(bob, /propose-request/, usb)]);
  await act(bobRelay, 'Prepare the propose transaction');

  // Meanwhile Alice's key server switches over: Rotation { target_version: 1 } with both shares.
  const update = c.locator('.panel--next');
  await expect(update.getByRole('heading', { name: 'Update your key server for the rotation' })).toBeVisible();
  await expect(update).toContainText('both shares (MASTER_SHARE_V0 and MASTER_SHARE_V1)');
  await expectMemberFirst(c, 'rotation member, update the key server');
  await openDetails(c);
  await expect(c.locator('.tech-details pre.command')).toContainText('MASTER_SHARE_V0=0x…');
  await expect(c.locator('.tech-details pre.command')).toContainText('MASTER_SHARE_V1=0x…');
  await c.getByRole('button', { name: 'Plain file for the key server (0600)' }).click();
  await c.getByLabel('I understand the file holds my secret share in plain text.').check();
  await expectAccessible(c);
  await shot(alice, 'member-4-update-key-server');
  await c.getByRole('button', { name: 'Write the share file' }).click();
  const { code: duringCode, path: during } = await alice.exportCode();
  await c.getByLabel('One-time code').fill(duringCode);
  await c.getByRole('button', { name: 'Confirm and write the file' }).click();
  await expect(c.locator('p.alert--success', { hasText: during })).toContainText('Done so far:');
  expect(readFileSync(during, 'utf8').match(/^MASTER_SHARE_V\d+=/gm)).toEqual(['MASTER_SHARE_V0=', 'MASTER_SHARE_V1=']);
  expect(statSync(during).mode & 0o777).toBe(0o600);

  // The last proposal: Bob's, signed on his relay.
  await signWithVault(bobRelay, 'Proposal to carry', { untilGone: true });

  // ── Finalized: the same key server at version 1, with 4 partial key servers.
  await goTo(c, coordHash);
  await expect(c.locator('.panel--next')).toContainText('The committee is finalized', { timeout: 60_000 });
  await expectMemberFirst(c, 'rotation coordinator, finalized');
  await openDetails(c);
  const ks = c.locator('.tech-details');
  await expect(ks.locator('.facts__row', { hasText: 'KEY_SERVER_OBJ_ID' }).locator('dd').first()).toContainText(fresh.keyServerObjId);
  await expect(ks.locator('.facts__row', { hasText: 'KEY_SERVER_PK' }).locator('dd').first()).toContainText(fresh.keyServerPk);
  await expect(ks.locator('.facts__row', { hasText: 'Committee version' })).toContainText('1');
  await expect(ks.locator('.facts__row', { hasText: /^Partial key server \d/ })).toHaveCount(4);
  await expectAccessible(c);
  await shot(alice, 'coordinator-7-finalized');

  await goTo(c, aliceMemberHash);
  // Finalized: the hand-over asks again for the share, now the new one only (the version switch explained).
  const mine = c.locator('.panel--next');
  await expect(mine.getByRole('heading', { name: 'Hand over' })).toBeVisible({ timeout: 60_000 });
  await expect(mine).toContainText('Restart your key server with the new configuration file and MASTER_SHARE_V1 only');
  await expectMemberFirst(c, 'rotation member, hand over');
  await openDetails(c);
  await expect(c.locator('.tech-details pre.command')).not.toContainText('MASTER_SHARE_V0');
  await c.getByRole('button', { name: 'Plain file for the key server (0600)' }).click();
  await c.getByLabel('I understand the file holds my secret share in plain text.').check();
  await c.getByRole('button', { name: 'Write the share file' }).click();
  const { code: afterCode, path: after } = await alice.exportCode();
  await c.getByLabel('One-time code').fill(afterCode);
  await c.getByRole('button', { name: 'Confirm and write the file' }).click();
  await expect(c.locator('.checklist', { hasText: after })).toContainText('Done so far:');
  expect(readFileSync(after, 'utf8').match(/^MASTER_SHARE_V\d+=/gm)).toEqual(['MASTER_SHARE_V1=']);
  const config = readFileSync(await save(alice, 'key-server-config.yaml', usb), 'utf8');
  expect(config).toContain('committee_state: !Active');
  expect(config).toContain(fresh.keyServerObjId);
  await expectAccessible(c);
  await shot(alice, 'member-5-finalized');

  await expect(dave.page.locator('.panel--next').getByRole('heading', { name: 'Hand over' })).toBeVisible({ timeout: 60_000 });
  await expectMemberFirst(dave.page, 'joining member, hand over');
  await shot(dave, 'joining-2-finalized');

  // Bob learns it from his relay's finalized snapshot.
  await importFiles(bob, [await carry(bobRelay, /chain-finalized/, usb)]);
  await expect(bob.page.locator('.panel--next').getByRole('heading', { name: 'Hand over' })).toBeVisible();
  await expectAccessible(bob.page);
  await shot(bob, 'airgapped-3-finalized');

  // ── Carol left: her old ceremony says its share is retired and tells her to stop her key server.
  const carol = await launch({ name: 'rot-carol', dataDir: carol0!.dataDir });
  await unlockVault(carol.page, fresh.passphrase);
  await goTo(carol.page, `#/ceremony/${carol0!.ceremonyId}`);
  const retired = carol.page.getByRole('region', { name: /^Rotated away/ });
  await expect(retired).toBeVisible({ timeout: 30_000 });
  await expect(retired).toContainText('Stop your key server');
  await expectMemberFirst(carol.page, 'leaving member, retired');
  await expectAccessible(carol.page);
  await shot(carol, 'leaving-1-retired');
});
