import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectAccessible, test, type Participant, setUpVault } from './fixtures.ts';
import { importFiles, saveFile as save } from './files.ts';

/**
 * Issue 7, acceptance 4: a quorum-run Ed25519 group through the UI, air-gapped style (every
 * file saved by one operator and imported by the others): genesis of 3 operators with
 * threshold 2, then Dave joins with the approval of Alice and Bob; the group key never changes.
 */

function fact(p: Participant, label: string) {
  return p.page.locator('.facts__row', { has: p.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
}

/** The ceremony headline; assertions on it retry, because it updates when main's event arrives. */
function headline(p: Participant) {
  return p.page.locator('.headline');
}

test('genesis (3 operators, 2 of 3) and one join approved by 2 members, through the UI', async ({ launch }) => {
  const usb = mkdtempSync(join(tmpdir(), 'e2e-group-usb-'));
  const [alice, bob, carol] = [await launch({ name: 'alice' }), await launch({ name: 'bob' }), await launch({ name: 'carol' })];
  const genesis = [alice, bob, carol];
  for (const p of genesis) await setUpVault(p.page);

  // Alice coordinates: the agreed monikers and the threshold.
  await alice.page.getByRole('button', { name: 'New ceremony' }).click();
  await alice.page.getByRole('link', { name: 'Quorum-run Ed25519 group' }).click();
  await alice.page.getByLabel('Your moniker').fill('alice');
  await alice.page.getByLabel(/other operators' monikers/).fill('bob\ncarol');
  await alice.page.getByLabel(/Threshold/).fill('4');
  await expect(alice.page.getByRole('alert')).toContainText('could never sign');
  await alice.page.getByLabel(/Threshold/).fill('2');
  await alice.page.getByLabel('Your trust-server address (for peers_list.txt, optional)').fill('https://alice.example/');
  await alice.page.getByLabel(/This is a rehearsal/).check();
  await expectAccessible(alice.page);
  await alice.shot('group-genesis-create');
  await alice.page.getByRole('button', { name: 'Create the invitation' }).click();
  await expect(alice.page.getByRole('heading', { level: 1, name: 'Attestation signing group' })).toBeVisible();
  const invitation = await save(alice, 'group-invitation.ceremony', usb);

  for (const p of [bob, carol]) {
    await p.page.getByTestId('join-file').setInputFiles(invitation);
    await p.page.getByLabel('Your moniker').fill(p.name);
    await p.page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(p.page.getByRole('heading', { level: 1, name: 'Attestation signing group' })).toBeVisible();
  }
  const regs = new Map<Participant, string>();
  for (const p of [bob, carol]) regs.set(p, await save(p, 'register-', usb));
  await importFiles(alice, [regs.get(bob)!, regs.get(carol)!]);
  await importFiles(bob, [regs.get(carol)!]);
  await importFiles(carol, [regs.get(bob)!]);
  const rosterCode = (await fact(alice, 'Roster check code').textContent())!;
  expect(rosterCode).toMatch(/^\d{4}-\d{4}-\d{4}$/);
  for (const p of genesis) await expect(fact(p, 'Roster check code')).toHaveText(rosterCode);

  // Everyone confirms the same roster code, which sends round 1.
  for (const p of genesis) {
    await p.page.getByRole('button', { name: 'Confirm the roster' }).click();
    await expect(p.page.locator('.action-form')).toContainText(rosterCode);
    if (p === bob) {
      await expectAccessible(bob.page);
      await bob.shot('group-genesis-confirm-roster');
    }
    await p.page.getByLabel('Every operator read me exactly this code').check();
    await p.page.getByRole('button', { name: 'Confirm and send round 1' }).click();
    await expect(p.page.getByRole('button', { name: 'Confirm the roster' })).toHaveCount(0);
  }
  const exchange = async (prefix: string) => {
    const files = new Map<Participant, string>();
    for (const p of genesis) files.set(p, await save(p, prefix, usb));
    for (const p of genesis)
      await importFiles(
        p,
        genesis.filter((o) => o !== p).map((o) => files.get(o)!),
      );
  };
  await exchange('round1-');
  for (const p of genesis) await p.page.getByRole('button', { name: 'Send my shares' }).click();
  await exchange('round2-');
  for (const p of genesis) {
    await p.page.getByRole('button', { name: 'Finalise' }).click();
    const dialog = p.page.getByRole('dialog');
    await expect(dialog).toContainText('stores your share in the vault');
    await dialog.getByRole('button', { name: 'Finalise' }).click();
    await expect(fact(p, 'Group key').locator('.mono')).toHaveText(/^[0-9a-f]{64}$/);
  }
  await exchange('final-');
  const groupKey = (await fact(alice, 'Group key').locator('.mono').textContent())!;
  for (const p of genesis) {
    await expect(fact(p, 'Group key').locator('.mono')).toHaveText(groupKey);
    await expect(headline(p)).toContainText('Every operator confirmed the same group key');
  }
  await expectAccessible(carol.page);
  await carol.shot('group-genesis-done');

  // Dave joins: he reads Alice's group information and asks Alice and Bob.
  const dave = await launch({ name: 'dave' });
  await setUpVault(dave.page);
  const info = await save(alice, 'group-info-e0-alice.ceremony', usb);
  await dave.page.getByTestId('join-file').setInputFiles(info);
  await expect(dave.page.getByText('How a new operator joins')).toBeVisible();
  await dave.page.getByLabel('Your new moniker').fill('bob');
  await dave.page.getByRole('button', { name: 'Continue as newcomer' }).click();
  await expect(dave.page.locator('.notices')).toContainText('already the moniker of member "bob"');
  await dave.page.getByLabel('Your new moniker').fill('dave');
  await expectAccessible(dave.page);
  await dave.shot('group-join-newcomer-start');
  await dave.page.getByRole('button', { name: 'Continue as newcomer' }).click();
  await expect(dave.page.getByRole('heading', { level: 1, name: 'Attestation signing group' })).toBeVisible();
  await dave.page.getByRole('button', { name: 'Make my join request' }).click();
  await expect(dave.page.getByLabel('alice')).toBeChecked();
  await expect(dave.page.getByLabel('bob')).toBeChecked();
  await expectAccessible(dave.page);
  await dave.shot('group-join-request-form');
  await dave.page.locator('.action-form').getByRole('button', { name: 'Make my join request' }).click();
  const daveCode = (await fact(dave, 'Your identity code').textContent())!;
  await expect(headline(dave)).toContainText(daveCode);
  const request = await save(dave, 'join-request-dave.json', usb);

  for (const p of [alice, bob, carol]) await importFiles(p, [request]);
  await expect(headline(carol)).toContainText('(not you)');
  for (const p of [alice, bob]) {
    await p.page.getByRole('button', { name: 'Approve dave' }).click();
    await p.page.getByLabel('Identity code dave read to you').fill('1111-2222-3333');
    await expect(p.page.getByRole('alert')).toContainText('not the code in the request');
    await expect(p.page.locator('.action-form').getByRole('button', { name: 'Approve dave' })).toBeDisabled();
    await p.page.getByLabel('Identity code dave read to you').fill(daveCode);
    if (p === alice) {
      await expectAccessible(alice.page);
      await alice.shot('group-join-approve');
    }
    await p.page.locator('.action-form').getByRole('button', { name: 'Approve dave' }).click();
    await expect(p.page.getByRole('button', { name: 'Approve dave' })).toHaveCount(0);
  }
  const approvals = new Map<Participant, string>();
  for (const p of [alice, bob]) approvals.set(p, await save(p, 'j1-approve-', usb));
  await importFiles(alice, [approvals.get(bob)!]);
  await importFiles(bob, [approvals.get(alice)!]);
  await importFiles(dave, [approvals.get(alice)!, approvals.get(bob)!]);
  await importFiles(carol, [approvals.get(alice)!, approvals.get(bob)!]);
  for (const p of [alice, bob]) {
    await p.page.getByRole('button', { name: 'Send my contribution to dave' }).click();
    await p.page.getByRole('dialog').getByRole('button', { name: 'Send my contribution to dave' }).click();
    await expect(p.page.getByRole('button', { name: 'Send my contribution to dave' })).toHaveCount(0);
  }
  await alice.shot('group-join-contribution-sent');
  await importFiles(dave, [await save(alice, 'j1-share-', usb), await save(bob, 'j1-share-', usb)]);
  await dave.page.getByRole('button', { name: 'Finalise my join' }).click();
  await dave.page.getByRole('dialog').getByRole('button', { name: 'Finalise my join' }).click();
  await expect(fact(dave, 'Join 1')).toHaveText('dave, approved by alice and bob');
  await expect(fact(dave, 'Group key').locator('.mono')).toHaveText(groupKey);
  await expectAccessible(dave.page);
  await dave.shot('group-join-newcomer-done');

  const joined = await save(dave, 'j1-joined-', usb);
  for (const p of genesis) {
    await importFiles(p, [joined]);
    await expect(fact(p, 'Join 1')).toHaveText('dave, approved by alice and bob');
    await expect(fact(p, 'Group key').locator('.mono')).toHaveText(groupKey);
    await expect(fact(p, 'Threshold')).toHaveText('2 of 4 members');
  }
  await expect(carol.page.locator('.file', { hasText: 'join-1-dave-transcript.json' })).toBeVisible();
  await expectAccessible(carol.page);
  await carol.shot('group-join-member-view');
});

test('online operators share a folder: files are dropped there and picked up with one click', async ({ launch }) => {
  const shared = mkdtempSync(join(tmpdir(), 'e2e-group-shared-'));
  const [ann, ben] = [await launch({ name: 'ann' }), await launch({ name: 'ben' })];
  for (const p of [ann, ben]) await setUpVault(p.page);
  await ann.page.getByRole('button', { name: 'New ceremony' }).click();
  await ann.page.getByRole('link', { name: 'Quorum-run Ed25519 group' }).click();
  await ann.page.getByLabel('Your moniker').fill('ann');
  await ann.page.getByLabel(/other operators' monikers/).fill('ben');
  await ann.page.getByLabel(/A shared folder/).check();
  await ann.page.getByLabel('Shared folder on this computer').fill(shared);
  await ann.page.getByRole('button', { name: 'Create the invitation' }).click();
  await expect(fact(ann, 'Exchange folder')).toContainText(shared);

  // Ben finds the invitation in the shared folder and joins, also online.
  await ben.page.getByTestId('join-file').setInputFiles(join(shared, 'group-invitation.ceremony'));
  await ben.page.getByLabel('Your moniker').fill('ben');
  await ben.page.getByLabel(/A shared folder/).check();
  await ben.page.getByLabel('Shared folder on this computer').fill(shared);
  await ben.page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(ben.page.getByRole('heading', { level: 1, name: 'Attestation signing group' })).toBeVisible();

  // Ann picks up Ben's registration from the folder: both now see the same roster code.
  await ann.page.getByRole('button', { name: 'Pick up new files' }).click();
  await expectAccessible(ann.page);
  await ann.page.getByRole('button', { name: 'Pick up now' }).click();
  await expect(ann.page.locator('.action-form [role="status"]')).toContainText('1 new');
  await ann.shot('group-online-pick-up');
  await expect(fact(ann, 'Roster check code')).toHaveText(/^\d{4}-\d{4}-\d{4}$/);
  await expect(fact(ben, 'Roster check code')).toHaveText((await fact(ann, 'Roster check code').textContent())!);
});
