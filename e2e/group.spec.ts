import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectAccessible, test, type Participant, setUpVault } from './fixtures.ts';
import { importFiles } from './files.ts';
import { expectMemberFirst } from './member-first.ts';
import { carry, save } from './seal-steps.ts';

/**
 * A quorum-run Ed25519 group through the member-first screens, air-gapped style (every file
 * saved from "Carry now" by one operator and imported by the others): genesis of 3 operators
 * with threshold 2, where Alice reads the roster code out and Bob and Carol type it; then Dave
 * joins with the approval of Alice and Bob, who type the identity code Dave reads them. The
 * codes to type are never on the typing person's screen, and main refuses a wrong one.
 */

function fact(p: Participant, label: string) {
  return p.page.locator('.facts__row', { has: p.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
}

/** The one task of this moment. */
function task(p: Participant) {
  return p.page.locator('.panel--next');
}

/** The code shown large in the task card (the digits, not the screen reader's spelling). */
async function shownCode(p: Participant): Promise<string> {
  const code = (await task(p).locator('.checkcode > span[aria-hidden="true"]').textContent())!;
  expect(code).toMatch(/^\d{4}-\d{4}-\d{4}$/);
  return code;
}

/** Reads the screen as a member (member-first, axe) and saves `group-<role>-<NN>-<step>.png`. */
async function step(p: Participant, role: string, n: number, name: string): Promise<void> {
  await expectMemberFirst(p.page, `${p.name}, ${role} ${n} ${name}`);
  await expectAccessible(p.page);
  await p.shot(`group-${role}-${String(n).padStart(2, '0')}-${name}`);
}

async function click(p: Participant, name: string, confirm?: string): Promise<void> {
  await task(p).getByRole('button', { name, exact: true }).click();
  if (confirm) {
    const dialog = p.page.getByRole('dialog');
    await expect(dialog).toContainText(confirm);
    await dialog.getByRole('button', { name }).click();
    await expect(dialog).toBeHidden();
  }
}

/** The step the step list marks as current; none once every step is done. */
function currentStep(p: Participant) {
  return p.page.locator('.stepper__step[aria-current="step"]');
}

async function typeCode(p: Participant, label: string | RegExp, code: string, button: string): Promise<void> {
  await task(p).getByLabel(label).fill(code);
  await task(p).getByRole('button', { name: button }).click();
}

test('genesis (3 operators, 2 of 3) and one join approved by 2 members, through the member-first screens', async ({ launch }) => {
  // Four apps and every file carried by hand (the receipts back to Dave too): 2 minutes on an idle
  // machine, over 3 on a loaded one.
  test.setTimeout(360_000);
  const usb = mkdtempSync(join(tmpdir(), 'e2e-group-usb-'));
  const [alice, bob, carol] = [await launch({ name: 'alice' }), await launch({ name: 'bob' }), await launch({ name: 'carol' })];
  const genesis = [alice, bob, carol];
  const operators = [bob, carol];
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
  await alice.shot('group-coordinator-00-create');
  await alice.page.getByRole('button', { name: 'Create the invitation' }).click();
  await expect(alice.page.getByRole('heading', { level: 1, name: 'Attestation signing group' })).toBeVisible();
  await expect(task(alice)).toContainText('Invite the operators');
  await expect(task(alice)).toContainText('Waiting for: bob and carol');
  // A rehearsal group runs on no network: its marker says the key is for practice.
  await expect(alice.page.locator('.network-marker')).toHaveText('REHEARSAL: a practice key, not for real use');
  await expect(alice.page.locator('.rehearsal-banner')).toHaveText(
    'Rehearsal: nothing here is real. The key made here is for practice only.',
  );
  await step(alice, 'coordinator', 1, 'invite');
  const invitation = await carry(alice, 'group-invitation.ceremony', usb);

  for (const p of operators) {
    await p.page.getByTestId('join-file').setInputFiles(invitation);
    await p.page.getByLabel('Your moniker').fill(p.name);
    await p.page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(p.page.getByRole('heading', { level: 1, name: 'Attestation signing group' })).toBeVisible();
    await expect(task(p)).toContainText('Give your registration to the others');
  }
  await step(bob, 'operator', 1, 'register');
  const regs = new Map<Participant, string>();
  for (const p of operators) regs.set(p, await carry(p, `register-${p.name}.ceremony`, usb));
  await importFiles(alice, [regs.get(bob)!, regs.get(carol)!]);
  await importFiles(bob, [regs.get(carol)!]);
  await importFiles(carol, [regs.get(bob)!]);

  // Alice reads the roster code out; Bob and Carol type it. Their screens never hold it.
  await expect(task(alice)).toContainText('Read the roster code to bob and carol');
  const rosterCode = await shownCode(alice);
  await step(alice, 'coordinator', 2, 'read-roster-code');
  for (const p of operators) {
    await expect(task(p)).toContainText('Type the roster code alice reads to you');
    expect(await p.page.content()).not.toContain(rosterCode);
  }
  await step(bob, 'operator', 2, 'type-roster-code');
  // A wrong code: main refuses it, under the field, without giving the right one; nothing is sent.
  await typeCode(bob, 'Roster code, as alice reads it', '0000-0000-0000', 'Check the code');
  const refusal = task(bob).locator('.code-entry [role="alert"]');
  await expect(refusal).toContainText('0000-0000-0000 is not the roster check code');
  await expect(refusal).not.toContainText(rosterCode);
  await expect(task(bob).getByLabel('Roster code, as alice reads it')).toHaveAttribute('aria-invalid', 'true');
  await step(bob, 'operator', 3, 'wrong-roster-code');
  for (const p of operators) {
    await typeCode(p, 'Roster code, as alice reads it', rosterCode, 'Check the code');
    await expect(task(p)).toContainText('Roster code confirmed: waiting for the others');
  }
  await step(bob, 'operator', 4, 'roster-confirmed');
  await click(alice, 'I read it to everyone');
  for (const p of genesis) await expect(fact(p, 'Roster check code')).toHaveText(rosterCode);

  // Files of each step travel from "Carry now" only.
  const exchange = async (prefix: string) => {
    const files = new Map<Participant, string>();
    for (const p of genesis) files.set(p, await carry(p, new RegExp(`^${prefix}${p.name}\\.ceremony$`), usb));
    for (const p of genesis)
      await importFiles(
        p,
        genesis.filter((o) => o !== p).map((o) => files.get(o)!),
      );
  };
  await exchange('round1-');
  await expect(task(carol)).toContainText('Send your shares');
  await step(carol, 'operator', 5, 'send-shares');
  for (const p of genesis) await click(p, 'Send my shares');
  await exchange('round2-');
  await expect(task(carol)).toContainText('Make the group key');
  await step(carol, 'operator', 6, 'make-key');
  for (const p of genesis) await click(p, 'Finalise', 'stores your share in the vault');
  await expect(task(carol)).toContainText('Waiting for the others to confirm the same key');
  await expect(currentStep(carol)).toContainText('Confirm the key');
  await step(carol, 'operator', 7, 'confirm-key');
  // Carol gets the others' confirmations before she has saved hers: every confirmation is in, but
  // no file will come back to show the others have hers, so carrying it is her last step, not "Done".
  const finals = new Map<Participant, string>();
  for (const p of [alice, bob]) finals.set(p, await carry(p, new RegExp(`^final-${p.name}\\.ceremony$`), usb));
  await importFiles(carol, [finals.get(alice)!, finals.get(bob)!]);
  await expect(task(carol)).toContainText('The group key is made: give the others your confirmation');
  await expect(task(carol)).toContainText('You, ');
  await expect(carol.page.locator('#next-h')).toHaveText('Last step: carry the file');
  await expect(currentStep(carol)).toContainText('Confirm the key');
  await expect(carol.page.locator('.carry')).toContainText('final-carol.ceremony');
  await step(carol, 'operator', 8, 'key-made');
  // Saving it out is as far as the app can know it was handed over: then she is done.
  finals.set(carol, await carry(carol, /^final-carol\.ceremony$/, usb));
  for (const p of [alice, bob])
    await importFiles(
      p,
      genesis.filter((o) => o !== p).map((o) => finals.get(o)!),
    );
  const groupKey = (await fact(alice, 'Group key').locator('.mono').textContent())!;
  expect(groupKey).toMatch(/^[0-9a-f]{64}$/);
  for (const p of genesis) {
    await expect(task(p)).toContainText('Done: the group key is made');
    await expect(p.page.locator('#next-h')).toHaveText('Done');
    await expect(fact(p, 'Group key').locator('.mono')).toHaveText(groupKey);
  }
  await step(alice, 'coordinator', 3, 'key-made');
  await step(carol, 'operator', 9, 'done');

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
  await dave.shot('group-newcomer-00-open-group-info');
  await dave.page.getByRole('button', { name: 'Continue as newcomer' }).click();
  await expect(dave.page.getByRole('heading', { level: 1, name: 'Attestation signing group' })).toBeVisible();
  await expect(task(dave)).toContainText('Choose who approves you');
  await step(dave, 'newcomer', 1, 'ask-to-join');
  await click(dave, 'Make my join request');
  await expect(dave.page.getByLabel('alice')).toBeChecked();
  await expect(dave.page.getByLabel('bob')).toBeChecked();
  await step(dave, 'newcomer', 2, 'choose-approvers');
  await dave.page.locator('.action-form').getByRole('button', { name: 'Make my join request' }).click();
  await expect(task(dave)).toContainText('Read your identity code to alice and bob');
  await expect(task(dave)).toContainText('Approvals: 0 of 2 needed; waiting for alice and bob');
  const daveCode = await shownCode(dave);
  await step(dave, 'newcomer', 3, 'read-identity-code');
  const request = await carry(dave, 'join-request-dave.json', usb);

  for (const p of genesis) await importFiles(p, [request]);
  await expect(task(carol)).toContainText('dave asks to join: nothing to do for you');
  await step(carol, 'member', 1, 'looks-on');
  for (const p of [alice, bob]) {
    await expect(task(p)).toContainText('dave asks to join: check it is really them');
    expect(await p.page.content()).not.toContain(daveCode);
  }
  await step(alice, 'approver', 1, 'type-identity-code');
  await typeCode(alice, 'Identity code, as dave reads it', '1111-2222-3333', 'Approve dave');
  await expect(task(alice).locator('.code-entry [role="alert"]')).toContainText("is not the identity code in dave's request");
  await expect(task(alice).locator('.code-entry [role="alert"]')).not.toContainText(daveCode);
  await step(alice, 'approver', 2, 'wrong-identity-code');
  await typeCode(alice, 'Identity code, as dave reads it', daveCode, 'Approve dave');
  await expect(task(alice)).toContainText('Approved: waiting for the other approvers');
  await expect(task(alice)).toContainText('Waiting for: bob');
  await step(alice, 'approver', 3, 'waiting-for-approvers');
  const aliceApproval = await carry(alice, 'j1-approve-alice.ceremony', usb);
  await importFiles(dave, [aliceApproval]);
  await expect(task(dave)).toContainText('Approvals: 1 of 2 needed — from alice; waiting for bob');
  await step(dave, 'newcomer', 4, 'one-approval');

  await typeCode(bob, 'Identity code, as dave reads it', daveCode, 'Approve dave');
  await expect(task(bob)).toContainText('Approved: waiting for the other approvers');
  const bobApproval = await carry(bob, 'j1-approve-bob.ceremony', usb);
  await importFiles(alice, [bobApproval]);
  await importFiles(bob, [aliceApproval]);
  await importFiles(dave, [bobApproval]);
  await importFiles(carol, [aliceApproval, bobApproval]);
  await expect(task(dave)).toContainText('Approved: waiting for the pieces of your share');
  await expect(task(alice)).toContainText('Send your part to dave');
  await step(alice, 'approver', 4, 'send-part');
  for (const p of [alice, bob]) await click(p, 'Send my contribution to dave', 'This sends your part');
  await expect(task(alice)).toContainText('Waiting for dave to finish joining');
  await step(alice, 'approver', 5, 'newcomer-finishes');
  await importFiles(dave, [await carry(alice, 'j1-share-alice.ceremony', usb), await carry(bob, 'j1-share-bob.ceremony', usb)]);
  await expect(task(dave)).toContainText('Finish joining');
  await step(dave, 'newcomer', 5, 'finish-joining');
  await click(dave, 'Finalise my join', 'stores your share in the vault');
  // His notice is still to carry: "Finish joining" is not ticked, and nothing says Done.
  await expect(task(dave)).toContainText('Tell the members you joined');
  await expect(dave.page.locator('#next-h')).toHaveText('Last step: carry the file');
  await expect(currentStep(dave)).toContainText('Finish joining');
  await expect(fact(dave, 'Join 1')).toHaveText('dave, approved by alice and bob');
  await expect(fact(dave, 'Group key').locator('.mono')).toHaveText(groupKey);
  await step(dave, 'newcomer', 6, 'tell-members');

  const joined = await carry(dave, 'j1-joined-dave.ceremony', usb);
  const receipts: string[] = [];
  for (const p of genesis) {
    await importFiles(p, [joined]);
    await expect(task(p)).toContainText('Done: the group is ready');
    await expect(p.page.locator('#next-h')).toHaveText('Done');
    await expect(currentStep(p)).toHaveCount(0);
    await expect(fact(p, 'Join 1')).toHaveText('dave, approved by alice and bob');
    await expect(fact(p, 'Group key').locator('.mono')).toHaveText(groupKey);
    await expect(fact(p, 'Threshold')).toHaveText('2 of 4 members');
    // Their new group information is Dave's receipt for his notice.
    receipts.push(await carry(p, `group-info-e1-${p.name}.ceremony`, usb));
  }
  await expect(carol.page.locator('.file', { hasText: 'join-1-dave-transcript.json' })).toHaveCount(1);
  await step(carol, 'member', 2, 'ready');

  // Alice's receipt: Bob and Carol may still lack the notice, so Dave is not done yet.
  await importFiles(dave, [receipts[0]!]);
  await expect(task(dave)).toContainText('Give your notice to bob and carol');
  await expect(dave.page.locator('#next-h')).toHaveText('Last step: carry the file');
  await importFiles(dave, receipts.slice(1));
  await expect(task(dave)).toContainText('Done: you are a member');
  await expect(dave.page.locator('#next-h')).toHaveText('Done');
  await expect(currentStep(dave)).toHaveCount(0);
  await step(dave, 'newcomer', 7, 'done');
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
  // Nothing to carry online: the one button picks up the folder.
  await expect(ann.page.locator('.carry')).toHaveCount(0);
  await step(ann, 'coordinator', 1, 'online-invite');

  // Ben finds the invitation in the shared folder and joins, also online: everyone is registered for him.
  await ben.page.getByTestId('join-file').setInputFiles(join(shared, 'group-invitation.ceremony'));
  await ben.page.getByLabel('Your moniker').fill('ben');
  await ben.page.getByLabel(/A shared folder/).check();
  await ben.page.getByLabel('Shared folder on this computer').fill(shared);
  await ben.page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(task(ben)).toContainText('Type the roster code ann reads to you');

  // Ann picks up Ben's registration from the folder: she reads the code, Ben types it.
  await click(ann, 'Pick up new files');
  await expect(task(ann)).toContainText('Read the roster code to ben');
  const code = await shownCode(ann);
  await step(ann, 'coordinator', 2, 'online-read-roster-code');
  await typeCode(ben, 'Roster code, as ann reads it', code, 'Check the code');
  await expect(task(ben)).toContainText('Roster code confirmed: waiting for the others');
  await expect(fact(ben, 'Roster check code')).toHaveText(code);
  await step(ben, 'operator', 1, 'online-roster-confirmed');
});
