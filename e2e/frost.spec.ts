/**
 * Issue 6, acceptance 4, on the member-first screens of issue 14: through the UI, a 2-of-3
 * Ed25519 DKG over bundle files (invite → agree on the rules → exchange commitments → exchange
 * shares → confirm the group key, compared with "Codes match" and journaled; main refuses to use
 * the group before), then a signing by two members (review the message to its end, its
 * fingerprint the same for signer and requester, "2 of 2 signers"), a verification, then the
 * group's upkeep (e2e/frost-upkeep.ts: renewing the shares, rebuilding a lost share on a fresh
 * install), with a member-first reading, axe and a screenshot (`frost-<flow>-<NN>-<step>`) at
 * every step.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { expect, expectAccessible, test, type Participant, setUpVault } from './fixtures.ts';
import { importFiles } from './files.ts';
import { rebuildShare, renewShares } from './frost-upkeep.ts';
import { apiAct, carry, codeInTask, confirmAction, confirmGroupCode, expectJournaled, factValue, step, task } from './frost-steps.ts';

test('2-of-3 Ed25519 DKG over bundles, a signing by two members, a verification, renewed shares and a rebuilt share, through the UI', async ({
  launch,
}) => {
  // Five flows on one group (making it is the slow part): more than the default three minutes on a busy machine.
  test.setTimeout(360_000);
  const usb = mkdtempSync(join(tmpdir(), 'e2e-frost-usb-'));
  const [alice, bob, carol] = [await launch({ name: 'alice' }), await launch({ name: 'bob' }), await launch({ name: 'carol' })];
  for (const p of [alice, bob, carol]) await setUpVault(p.page);
  const all = [alice, bob, carol];
  const names = new Map<Participant, string>([
    [alice, 'Alice'],
    [bob, 'Bob'],
    [carol, 'Carol'],
  ]);
  const others = (p: Participant) => all.filter((x) => x !== p);
  const current = (p: Participant) => p.page.locator('.stepper__step[aria-current="step"]');

  // ── Alice creates the group: members, threshold, suite.
  await alice.page.getByRole('button', { name: 'New ceremony' }).click();
  await alice.page.getByRole('link', { name: 'FROST threshold signing group' }).click();
  await alice.page.getByLabel('Your name').fill('Alice');
  await alice.page.getByLabel('Group description').fill('Treasury');
  await alice.page.getByLabel('The other members, one name per line').fill('Bob\nCarol');
  await alice.page.getByLabel(/^Threshold/).fill('2');
  await expect(alice.page.locator('.callout')).toContainText('any 2 of Alice, Bob, Carol can sign');
  await expectAccessible(alice.page);
  await alice.shot('frost-dkg-01-create-group');
  await alice.page.getByRole('button', { name: 'Create the group and invitations' }).click();
  await expect(alice.page.getByRole('heading', { level: 1, name: 'Treasury' })).toBeVisible();
  // Step 1, Invite: the invitations to hand out, and the rules' code to read to the members.
  await expect(current(alice)).toContainText('Invite');
  await expect(task(alice).getByRole('heading', { name: 'Invite the members' })).toBeVisible();
  const rulesCode = await codeInTask(alice);
  await step(alice, 'frost-dkg-02-invite', 'creator, invite');

  // ── Bob and Carol join from their own invitation, see the rules, and accept them.
  for (const p of [bob, carol]) {
    const name = names.get(p)!;
    const inv = await carry(alice, `invitation-for-${name}.ceremony`, usb);
    await p.page.getByTestId('join-file').setInputFiles(inv);
    // One code per moment: the join screen shows none; the rules' code is compared right after joining.
    await expect(p.page.locator('.invitation')).toContainText(`invitation-for-${name}.ceremony: an invitation from Alice`);
    await expect(p.page.locator('.invitation .checkcode')).toHaveCount(0);
    await p.page.getByRole('button', { name: 'Join' }).click();
    await expect(p.page.getByRole('heading', { level: 1, name: 'Treasury' })).toBeVisible();
    await expect(current(p)).toContainText('Agree on the rules');
    await expect(task(p)).toContainText('Alice invites you into a signing group');
    await expect(task(p)).toContainText('Any 2 of 3 can sign: Alice, Bob and Carol');
    expect(await codeInTask(p)).toBe(rulesCode);
    if (p === bob) await step(bob, 'frost-dkg-03-agree-on-the-rules', 'joiner, agree on the rules');
    await confirmAction(p, 'Accept the rules', 'You accept this group: ed25519, any 2 of 3');
  }
  await confirmAction(alice, 'Make my commitment', /any 2 of 3/);

  // ── Exchange commitments over the stick; each is checked on import.
  await expect(current(alice)).toContainText('Exchange commitments');
  const r1 = new Map<Participant, string>();
  for (const p of all) r1.set(p, await carry(p, `round1-${names.get(p)}.ceremony`, usb));
  await importFiles(alice, [r1.get(bob)!]);
  await expect(task(alice)).toContainText('Waiting for: Carol (has not sent their commitment yet)');
  await step(alice, 'frost-dkg-04-exchange-commitments', 'creator, waiting for a commitment');
  // Issue 17: while she waits, Alice could go on without Carol; the form says what it means for everyone. She keeps waiting.
  await task(alice).getByRole('button', { name: 'Restart without Carol…' }).click();
  const restart = alice.page.locator('.action-form');
  await expect(restart.getByRole('checkbox', { name: 'Carol' })).toBeChecked();
  await expect(restart.getByRole('checkbox', { name: 'Bob' })).not.toBeChecked();
  await expect(restart).toContainText('Bob imports a new invitation from you, compares a new code with you');
  await expect(restart).toContainText('The group will be any 2 of 2 (Alice and Bob).');
  await expectAccessible(alice.page);
  await alice.shot('frost-dkg-04b-restart-without-a-member');
  await restart.getByRole('button', { name: 'Cancel' }).click();
  await expect(task(alice)).toContainText('Waiting for: Carol (has not sent their commitment yet)');
  await importFiles(alice, [r1.get(carol)!]);
  for (const p of [bob, carol])
    await importFiles(
      p,
      others(p).map((o) => r1.get(o)!),
    );

  // ── Exchange shares.
  for (const p of all) {
    await expect(current(p)).toContainText('Exchange shares');
    await task(p).getByRole('button', { name: 'Make my shares', exact: true }).click();
  }
  const r2 = new Map<Participant, string>();
  for (const p of all) r2.set(p, await carry(p, `round2-${names.get(p)}.ceremony`, usb));
  await expect(task(carol)).toContainText('Waiting for: Alice (has not sent their shares yet), Bob (has not sent their shares yet)');
  await step(carol, 'frost-dkg-05-exchange-shares', 'member, waiting for shares');
  for (const p of all)
    await importFiles(
      p,
      others(p).map((o) => r2.get(o)!),
    );
  for (const p of all) await task(p).getByRole('button', { name: 'Compute the group key', exact: true }).click();

  // ── Confirm the group key: one code, compared actively; main refuses to use the group before.
  const codes: string[] = [];
  for (const p of all) {
    await expect(current(p)).toContainText('Confirm group key');
    codes.push(await codeInTask(p));
  }
  expect(new Set(codes).size).toBe(1);
  const groupCode = codes[0]!;
  expect(groupCode).toMatch(/^\d{4}-\d{4}-\d{4}$/);
  await step(bob, 'frost-dkg-06-confirm-group-key', 'member, confirm the group key');
  const message = Buffer.from('not yet').toString('base64');
  expect(await apiAct(alice, 'sign-request', { signers: ['p1', 'p2'], message, label: '' })).toBe('frost/group-code-not-confirmed');
  expect(await apiAct(bob, 'refresh-start', {})).toBe('frost/group-code-not-confirmed');
  // The creator names whom she heard; the others have the creator ticked already (needed); Carol uses only the keyboard.
  await confirmGroupCode(alice, groupCode, ['Bob', 'Carol']);
  await confirmGroupCode(bob, groupCode, []);
  await confirmGroupCode(carol, groupCode, ['Bob'], true);
  await expectJournaled(alice, `Codes match: group key check code ${groupCode}, heard from Bob and Carol`);
  await expectJournaled(bob, `Codes match: group key check code ${groupCode}, heard from Alice`);
  await expectJournaled(carol, `Codes match: group key check code ${groupCode}, heard from Alice and Bob`);
  const keys: string[] = [];
  for (const p of all) {
    await expect(task(p).getByRole('heading', { name: 'Your group is ready' })).toBeVisible();
    keys.push(await factValue(p, 'Group public key'));
  }
  expect(new Set(keys).size).toBe(1);
  const groupKey = keys[0]!;
  expect(groupKey).toMatch(/^[0-9a-f]{64}$/);
  await step(carol, 'frost-dkg-07-group-ready', 'member, group ready');

  // ── Alice asks Bob to sign a message file with her (long: it scrolls).
  const msgPath = join(usb, 'payment.txt');
  const lines = Array.from({ length: 40 }, (_, i) => `Line ${i + 1}: pay Dave 10 coins from the treasury.`);
  const text = `Payment order 2026-114\n${lines.join('\n')}\nEnd of the order.\n`;
  writeFileSync(msgPath, text);
  await task(alice).getByRole('button', { name: 'Request a signature', exact: true }).click();
  await alice.page.getByRole('checkbox', { name: 'Bob' }).check();
  await alice.page.getByTestId('frost-message-file').setInputFiles(msgPath);
  await expect(alice.page.getByLabel('As text')).toHaveValue(text);
  // A text message shows as text; its exact bytes are one click away, not a wall of hex.
  await expect(alice.page.getByLabel('As hex')).toBeHidden();
  await step(alice, 'frost-sign-01-request', 'requester, the request form');
  await alice.page.getByRole('button', { name: 'Send the signing request' }).click();
  // The requester: 2 signers of a 2-of-3 group, the fingerprint to read to them, whom she waits for.
  await expect(task(alice)).toContainText('1 of 2 signers approved');
  await expect(task(alice)).toContainText('Waiting for: Bob (has not approved yet)');
  const fingerprint = await codeInTask(alice);
  await step(alice, 'frost-sign-02-requester-waits', 'requester, waiting for the signers');
  const request = await carry(alice, 'sign-p1-1-request.ceremony', usb);

  // Bob reads the message to its end before "I have read" can be ticked; the fingerprint is Alice's.
  await importFiles(bob, [request]);
  await expect(current(bob)).toContainText('Review message');
  await expect(task(bob).locator('.message-review__text')).toHaveText(text);
  expect(await codeInTask(bob)).toBe(fingerprint);
  const read = task(bob).getByRole('checkbox', { name: /I have read this message/ });
  const approve = task(bob).getByRole('button', { name: 'Approve and sign' });
  await expect(read).toBeDisabled();
  await expect(approve).toBeDisabled();
  await step(bob, 'frost-sign-03-review-message', 'signer, review the message');
  // Keyboard only: focus the message, End scrolls to its end; Space ticks the box; Tab, Enter approves.
  await task(bob).getByRole('region', { name: 'The message to sign' }).focus();
  await bob.page.keyboard.press('End');
  await expect(read).toBeEnabled();
  await read.focus();
  await bob.page.keyboard.press('Space');
  await expect(approve).toBeEnabled();
  await step(bob, 'frost-sign-04-read-to-the-end', 'signer, read to the end');
  await bob.page.keyboard.press('Tab');
  await expect(approve).toBeFocused();
  await bob.page.keyboard.press('Enter');
  await expect(current(bob)).toContainText('Approve');
  await expect(task(bob)).toContainText('Waiting for: Alice (has not sent the signing package yet)');
  await step(bob, 'frost-sign-05-approved', 'signer, approved');
  await importFiles(alice, [await carry(bob, 'sign-p1-1-commit-Bob.ceremony', usb)]);
  await expect(task(alice)).toContainText('2 of 2 signers approved');
  await task(alice).getByRole('button', { name: 'Sign the message', exact: true }).click();
  await importFiles(bob, [await carry(alice, 'sign-p1-1-package.ceremony', usb)]);
  await task(bob).getByRole('button', { name: 'Sign the message', exact: true }).click();
  // Not "Done" while his share is still to be carried to Alice.
  await expect(bob.page.getByRole('heading', { name: 'Last step: carry the file', exact: true })).toBeVisible();
  await expect(task(bob).getByRole('heading', { name: 'Take your signature share to Alice' })).toBeVisible();
  await step(bob, 'frost-sign-06-signer-share-to-carry', 'signer, share to carry');
  await importFiles(alice, [await carry(bob, 'sign-p1-1-share-Bob.ceremony', usb)]);
  await expect(task(alice).getByRole('heading', { name: 'The signature of “payment.txt” is ready' })).toBeVisible();
  await expect(task(alice)).toContainText('2 of 2 signers signed');
  await expect(task(alice)).not.toContainText('3 of 3');
  await step(alice, 'frost-sign-07-signature-ready', 'requester, signature ready');
  // The result reaching Bob shows his share arrived: now his part is done.
  await importFiles(bob, [await carry(alice, 'sign-p1-1-signature.ceremony', usb)]);
  await expect(bob.page.getByRole('heading', { name: 'Done', exact: true })).toBeVisible();
  await step(bob, 'frost-sign-08-signer-done', 'signer, done');
  const row = task(alice).locator('.row', { hasText: 'signature-p1-1.hex' });
  const [download] = await Promise.all([alice.page.waitForEvent('download'), row.getByRole('button', { name: 'Save…' }).click()]);
  const sigFile = join(usb, 'signature-p1-1.hex');
  await download.saveAs(sigFile);
  const signature = readFileSync(sigFile, 'utf8').trim();
  expect(signature).toMatch(/^[0-9a-f]{128}$/);
  expect(ed25519.verify(Buffer.from(signature, 'hex'), Buffer.from(text), Buffer.from(groupKey, 'hex'))).toBe(true);

  // ── Carol, who did not sign, verifies the signature against the group key (under More).
  await task(carol).locator('summary', { hasText: 'More' }).click();
  await task(carol).getByRole('button', { name: 'Verify a signature', exact: true }).click();
  await carol.page.getByTestId('frost-verify-file').setInputFiles(msgPath);
  await carol.page.getByLabel('Signature (hex)').fill(signature);
  await step(carol, 'frost-verify-01-form', 'verify form');
  await carol.page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expectJournaled(carol, 'valid for the group key');
  // A wrong message is reported as such.
  const wrong = join(usb, 'wrong.txt');
  writeFileSync(wrong, text.replace('10', '100'));
  await task(carol).locator('summary', { hasText: 'More' }).click();
  await task(carol).getByRole('button', { name: 'Verify a signature', exact: true }).click();
  await carol.page.getByTestId('frost-verify-file').setInputFiles(wrong);
  await carol.page.getByLabel('Signature (hex)').fill(signature);
  await carol.page.getByRole('button', { name: 'Verify', exact: true }).click();
  // Said in the form, next to the files that caused it; the form stays open to choose others.
  const refusal = carol.page.locator('.action-form').getByRole('alert');
  await expect(refusal).toContainText('This signature does not verify');
  await expect(refusal).toContainText('(“Treasury”, group key check code');
  await step(carol, 'frost-verify-02-wrong-message', 'verify form, refused');
  await carol.page.getByRole('button', { name: 'Cancel' }).click();

  // ── Renewing the shares: the refresh form warns who would be left out; Carol keeps everyone.
  await task(carol).locator('summary', { hasText: 'More' }).click();
  await task(carol).getByRole('button', { name: 'Refresh the shares', exact: true }).click();
  await carol.page.getByRole('checkbox', { name: 'Alice' }).uncheck();
  await expect(carol.page.getByRole('alert').filter({ hasText: 'Alice will be left out' })).toBeVisible();
  await step(carol, 'frost-more-01-refresh-form', 'refresh form');
  await carol.page.getByRole('checkbox', { name: 'Alice' }).check();
  await renewShares([alice, bob, carol], groupKey, usb);

  // ── Rebuilding a lost share: Bob lost his computer; Alice and Carol help his fresh install.
  await task(alice).locator('summary', { hasText: 'More' }).click();
  await task(alice).getByRole('button', { name: 'Repair a lost share', exact: true }).click();
  await alice.page.getByLabel('Whose share was lost?').selectOption({ label: 'Bob' });
  await step(alice, 'frost-more-02-repair-form', 'repair form');
  await rebuildShare([alice, carol], await launch({ name: 'bob-new' }), groupKey, usb);
});

test('address book: a communication key and a contact, with fingerprints', async ({ launch }) => {
  const bob = await launch({ name: 'bob' });
  await setUpVault(bob.page);
  await bob.page.getByRole('button', { name: 'New ceremony' }).click();
  await bob.page.getByRole('link', { name: 'FROST threshold signing group' }).click();
  await bob.page.getByRole('radio', { name: /My communication key and contacts/ }).check();
  await bob.page.getByLabel('Your name').fill('Bob');
  await expectAccessible(bob.page);
  await bob.page.getByRole('button', { name: 'Create my communication key' }).click();
  await expect(bob.page.getByRole('heading', { level: 1, name: 'FROST contacts' })).toBeVisible();
  // The main view shortens the contact string; the whole one is under Technical details.
  await expect(task(bob)).toContainText(/Your contact: zffrost1\S{4}…\S{6}/);
  await step(bob, 'frost-contacts-01-my-key', 'address book, my key');
  const mine = await factValue(bob, 'Your contact string');
  expect(mine).toMatch(/^zffrost1/);
  // Seed 004's Alice.
  const alice = 'zffrost1qyqq2stvd93k2gqq6cumgg6zajpsx8qvlvzx9jm4nqe0kntm03v59mwncpnmge2qdu8ya0ws';
  await task(bob).getByRole('button', { name: 'Import a contact', exact: true }).click();
  await bob.page.getByLabel('Contact string (zffrost1…)').fill(alice);
  await expectAccessible(bob.page);
  await bob.page.getByRole('button', { name: 'Import the contact' }).click();
  await expect(task(bob).locator('.contacts')).toContainText(/Alice fingerprint [0-9a-f]{4}( [0-9a-f]{4}){4}/);
  await step(bob, 'frost-contacts-02-a-contact', 'address book, a contact');
  // Importing it again is refused with a clear reason.
  await task(bob).getByRole('button', { name: 'Import a contact', exact: true }).click();
  await bob.page.getByLabel('Contact string (zffrost1…)').fill(alice);
  await bob.page.getByRole('button', { name: 'Import the contact' }).click();
  await expect(bob.page.getByRole('alert').filter({ hasText: 'Alice is already in your contacts' })).toBeVisible();
});
