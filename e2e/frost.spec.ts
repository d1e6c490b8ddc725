/**
 * Issue 6, acceptance 4: through the UI, a 2-of-3 Ed25519 DKG over bundle files, then a signing
 * by two members and a verification, with screenshots of every screen people meet.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { expect, expectAccessible, test, type Participant, setUpVault } from './fixtures.ts';
import { importFiles, saveFile as save } from './files.ts';

/** Clicks an action, confirms it in the dialog (which must say `expectInDialog`). */
async function confirmAction(p: Participant, label: string, expectInDialog?: string | RegExp): Promise<void> {
  await p.page.getByRole('button', { name: label, exact: true }).click();
  const dialog = p.page.getByRole('dialog');
  if (expectInDialog) await expect(dialog).toContainText(expectInDialog);
  await dialog.getByRole('button', { name: label, exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function factValue(p: Participant, label: string): Promise<string> {
  return (await p.page
    .locator('.facts__row', { has: p.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .locator('dd .mono, dd > span')
    .first()
    .textContent())!.trim();
}

test('2-of-3 Ed25519 DKG over bundles, a signing by two members, and a verification, through the UI', async ({ launch }) => {
  const usb = mkdtempSync(join(tmpdir(), 'e2e-frost-usb-'));
  const [alice, bob, carol] = [await launch({ name: 'alice' }), await launch({ name: 'bob' }), await launch({ name: 'carol' })];
  for (const p of [alice, bob, carol]) await setUpVault(p.page);
  const all = [alice, bob, carol];
  const others = (p: Participant) => all.filter((x) => x !== p);

  // ── Alice creates the group: members, threshold, suite.
  await alice.page.getByRole('button', { name: 'New ceremony' }).click();
  await alice.page.getByRole('link', { name: 'FROST threshold signing group' }).click();
  await alice.page.getByLabel('Your name').fill('Alice');
  await alice.page.getByLabel('Group description').fill('Treasury');
  await alice.page.getByLabel('The other members, one name per line').fill('Bob\nCarol');
  await alice.page.getByLabel(/^Threshold/).fill('2');
  await expect(alice.page.locator('.callout')).toContainText('any 2 of Alice, Bob, Carol can sign');
  await expectAccessible(alice.page);
  await alice.shot('frost-01-create-group');
  await alice.page.getByRole('button', { name: 'Create the group and invitations' }).click();
  await expect(alice.page.getByRole('heading', { level: 1, name: 'Treasury' })).toBeVisible();
  await expectAccessible(alice.page);
  await alice.shot('frost-02-creator-invitations');

  // ── Bob and Carol join from their own invitation, see the parameters, and accept them.
  for (const p of [bob, carol]) {
    const name = p === bob ? 'Bob' : 'Carol';
    const inv = await save(alice, `invitation-for-${name}.ceremony`, usb);
    const code = await alice.page
      .locator('.file', { hasText: `invitation-for-${name}.ceremony` })
      .locator('.checkcode [aria-hidden]')
      .textContent();
    await p.page.getByTestId('join-file').setInputFiles(inv);
    await expect(p.page.locator('.invitation .checkcode [aria-hidden]')).toHaveText(code!);
    await p.page.getByRole('button', { name: 'Join' }).click();
    await expect(p.page.getByRole('heading', { level: 1, name: 'Treasury' })).toBeVisible();
    await expect(p.page.locator('.headline')).toContainText(
      `Alice invites you, ${name}, into a group: ed25519, any 2 of 3 (Alice, Bob, Carol) can sign`,
    );
    if (p === bob) {
      await expectAccessible(bob.page);
      await bob.shot('frost-03-joiner-sees-parameters');
      await bob.page.getByRole('button', { name: 'Accept and send round 1', exact: true }).click();
      await expect(bob.page.getByRole('dialog')).toContainText('Parameters check code');
      await bob.shot('frost-04-joiner-accepts');
      await bob.page.getByRole('dialog').getByRole('button', { name: 'Accept and send round 1' }).click();
    } else await confirmAction(p, 'Accept and send round 1', 'You accept this group: ed25519, any 2 of 3');
  }
  await confirmAction(alice, 'Send round 1', /any 2 of 3/);

  // ── Round 1 and round 2 over the stick; each package is checked on import.
  const r1 = new Map<Participant, string>();
  for (const p of all) r1.set(p, await save(p, `round1-${p === alice ? 'Alice' : p === bob ? 'Bob' : 'Carol'}.ceremony`, usb));
  for (const p of all)
    await importFiles(
      p,
      others(p).map((o) => r1.get(o)!),
    );
  await expect(carol.page.locator('.stepper__step[aria-current="step"]')).toContainText('Messages');
  await carol.shot('frost-05-round1-verified');
  for (const p of all) await p.page.getByRole('button', { name: 'Send round 2', exact: true }).click();
  const r2 = new Map<Participant, string>();
  for (const p of all) r2.set(p, await save(p, `round2-${p === alice ? 'Alice' : p === bob ? 'Bob' : 'Carol'}.ceremony`, usb));
  for (const p of all)
    await importFiles(
      p,
      others(p).map((o) => r2.get(o)!),
    );
  const keys: string[] = [];
  for (const p of all) {
    await p.page.getByRole('button', { name: 'Finish key generation', exact: true }).click();
    await expect(p.page.locator('.headline')).toContainText('Group ready: any 2 of 3 can sign');
    keys.push(await factValue(p, 'Group public key'));
  }
  expect(new Set(keys).size).toBe(1);
  const groupKey = keys[0]!;
  expect(groupKey).toMatch(/^[0-9a-f]{64}$/);
  await expectAccessible(carol.page);
  await carol.shot('frost-06-group-ready');

  // ── Alice asks Bob to sign a message file with her.
  const msgPath = join(usb, 'payment.txt');
  const message = 'Pay Dave 10 coins from the treasury.\nReference 2026-114\n';
  writeFileSync(msgPath, message);
  await alice.page.getByRole('button', { name: 'Request a signature', exact: true }).click();
  await alice.page.getByRole('checkbox', { name: 'Bob' }).check();
  await alice.page.getByTestId('frost-message-file').setInputFiles(msgPath);
  await expect(alice.page.getByLabel('As text')).toHaveValue(message);
  await expectAccessible(alice.page);
  await alice.shot('frost-07-coordinator-request');
  await alice.page.getByRole('button', { name: 'Send the signing request' }).click();
  await expect(alice.page.locator('.headline')).toContainText('waiting for the commitments of Bob');
  const request = await save(alice, 'sign-p1-1-request.ceremony', usb);

  // Bob reads the message as text and hex, and approves it explicitly.
  await importFiles(bob, [request]);
  await bob.page.getByRole('button', { name: 'Review and approve', exact: true }).click();
  await expect(bob.page.getByLabel('As text')).toHaveValue(message);
  await expect(bob.page.getByLabel('As hex')).toHaveValue(Buffer.from(message).toString('hex'));
  const approve = bob.page.getByRole('button', { name: 'Approve and send my commitment' });
  await expect(approve).toBeDisabled();
  // Keyboard only: tick the box with Space, Tab to the button, Enter.
  await bob.page.getByRole('checkbox', { name: /I have read this message/ }).focus();
  await bob.page.keyboard.press('Space');
  await expect(approve).toBeEnabled();
  await expectAccessible(bob.page);
  await bob.shot('frost-08-signer-reads-and-approves');
  await bob.page.keyboard.press('Tab');
  await expect(approve).toBeFocused();
  await bob.page.keyboard.press('Enter');
  await expect(bob.page.locator('.headline')).toContainText("waiting for Alice's signing package");
  await importFiles(alice, [await save(bob, 'sign-p1-1-commit-Bob.ceremony', usb)]);
  await alice.page.getByRole('button', { name: 'Sign session p1-1', exact: true }).click();
  await importFiles(bob, [await save(alice, 'sign-p1-1-package.ceremony', usb)]);
  await bob.page.getByRole('button', { name: 'Sign session p1-1', exact: true }).click();
  await importFiles(alice, [await save(bob, 'sign-p1-1-share-Bob.ceremony', usb)]);
  await expect(alice.page.locator('.headline')).toContainText('Group ready');
  const signature = await factValue(alice, 'Signature p1-1 \\(payment.txt\\)');
  expect(signature).toMatch(/^[0-9a-f]{128}$/);
  expect(ed25519.verify(Buffer.from(signature, 'hex'), Buffer.from(message), Buffer.from(groupKey, 'hex'))).toBe(true);
  await expectAccessible(alice.page);
  await alice.shot('frost-09-signature');
  const sigFile = await save(alice, 'signature-p1-1.hex', usb);
  expect(readFileSync(sigFile, 'utf8').trim()).toBe(signature);

  // ── Carol, who did not sign, verifies the signature against the group key.
  await carol.page.getByRole('button', { name: 'Verify a signature', exact: true }).click();
  await carol.page.getByTestId('frost-verify-file').setInputFiles(msgPath);
  await carol.page.getByLabel('Signature (hex)').fill(signature);
  await expectAccessible(carol.page);
  await carol.shot('frost-10-verify');
  await carol.page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(carol.page.locator('.activity')).toContainText('valid for the group key');
  // A wrong message is reported as such.
  const wrong = join(usb, 'wrong.txt');
  writeFileSync(wrong, message.replace('10', '100'));
  await carol.page.getByRole('button', { name: 'Verify a signature', exact: true }).click();
  await carol.page.getByTestId('frost-verify-file').setInputFiles(wrong);
  await carol.page.getByLabel('Signature (hex)').fill(signature);
  await carol.page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(carol.page.getByRole('alert').filter({ hasText: 'This signature does not verify' })).toBeVisible();
  await carol.shot('frost-11-verify-wrong-message');

  // The refresh and repair forms (the flows themselves are covered by the engine tests).
  await alice.page.getByRole('button', { name: 'Refresh the shares', exact: true }).click();
  await alice.page.getByRole('checkbox', { name: 'Carol' }).uncheck();
  await expect(alice.page.getByRole('alert').filter({ hasText: 'Carol will be left out' })).toBeVisible();
  await expectAccessible(alice.page);
  await alice.shot('frost-12-refresh-form');
  await alice.page.getByRole('button', { name: 'Cancel' }).click();
  await alice.page.getByRole('button', { name: 'Repair a lost share', exact: true }).click();
  await alice.page.getByLabel('Whose share was lost?').selectOption({ label: 'Carol' });
  await expectAccessible(alice.page);
  await alice.shot('frost-13-repair-form');
  await alice.page.getByRole('button', { name: 'Start the repair' }).click();
  await expect(alice.page.locator('.file', { hasText: 'repair-p1-2-for-Carol.ceremony' })).toBeVisible();
  await expect(alice.page.locator('.headline')).toContainText("import Carol's hello file first");
  await alice.shot('frost-14-repair-started');
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
  const mine = await factValue(bob, 'Your contact string');
  expect(mine).toMatch(/^zffrost1/);
  // Seed 004's Alice.
  const alice = 'zffrost1qyqq2stvd93k2gqq6cumgg6zajpsx8qvlvzx9jm4nqe0kntm03v59mwncpnmge2qdu8ya0ws';
  await bob.page.getByRole('button', { name: 'Import a contact', exact: true }).click();
  await bob.page.getByLabel('Contact string (zffrost1…)').fill(alice);
  await expectAccessible(bob.page);
  await bob.page.getByRole('button', { name: 'Import the contact' }).click();
  await expect(bob.page.locator('.roster')).toContainText('Alice');
  await expect(bob.page.locator('.roster')).toContainText(/Fingerprint [0-9a-f]{4}( [0-9a-f]{4}){4}/);
  await expectAccessible(bob.page);
  await bob.shot('frost-15-address-book');
  // Importing it again is refused with a clear reason.
  await bob.page.getByRole('button', { name: 'Import a contact', exact: true }).click();
  await bob.page.getByLabel('Contact string (zffrost1…)').fill(alice);
  await bob.page.getByRole('button', { name: 'Import the contact' }).click();
  await expect(bob.page.getByRole('alert').filter({ hasText: 'Alice is already in your contacts' })).toBeVisible();
});
