/**
 * Issue 6, online, on the member-first screens of issue 14: through the UI, three members exchange
 * contacts, run a 2-of-3 Ed25519 DKG through a frostd relay (a test relay with a self-signed TLS
 * certificate, trusted through CEREMONY_FROSTD_CA_FILE as a mkcert CA would be), compare the
 * group key code (journaled; main refuses to use the group before), then an online signing by two
 * of them (the same message fingerprint on both screens) that the third verifies. A member-first
 * reading, axe and a screenshot (`frost-online-<NN>-<step>`) at every step.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { FrostdTestRelay } from '../src-main/core/transports/frostd/test-relay.ts';
import { TEST_RELAY_CERT, TEST_RELAY_KEY } from '../src-main/core/transports/frostd/test-tls.fixture.ts';
import { expect, expectAccessible, test, type Participant, setUpVault } from './fixtures.ts';
import { apiAct, codeInTask, confirmGroupCode, expectJournaled, factValue, step, task } from './frost-steps.ts';

/**
 * Clicks a button right after a full-page screenshot of a scrolled page: Chromium then scrolls
 * when focus leaves the field being edited, between mouse down and up, and the click misses.
 * Focusing the button first (as a keyboard user would) avoids that artifact.
 */
async function clickAfterShot(p: Participant, name: string): Promise<void> {
  const button = p.page.getByRole('button', { name, exact: true });
  await button.focus();
  await button.click();
}

async function newFrost(p: Participant, mode: RegExp): Promise<void> {
  await p.page.getByRole('link', { name: 'Ceremonies' }).click();
  await p.page.getByRole('button', { name: 'New ceremony' }).click();
  await p.page.getByRole('link', { name: 'FROST threshold signing group' }).click();
  await p.page.getByRole('radio', { name: mode }).check();
}

test('online 2-of-3 Ed25519 DKG through a frostd relay, then an online signing, through the UI', async ({ launch }) => {
  const relay = await FrostdTestRelay.start({ tls: { cert: TEST_RELAY_CERT, key: TEST_RELAY_KEY } });
  const dir = mkdtempSync(join(tmpdir(), 'e2e-frost-online-'));
  const caFile = join(dir, 'rootCA.pem');
  writeFileSync(caFile, TEST_RELAY_CERT);
  const server = relay.url.replace(/^https:\/\//, ''); // host:port, as frost-client takes it
  try {
    const env = { CEREMONY_FROSTD_CA_FILE: caFile };
    const names = ['Alice', 'Bob', 'Carol'] as const;
    const [alice, bob, carol] = [
      await launch({ name: 'alice', env }),
      await launch({ name: 'bob', env }),
      await launch({ name: 'carol', env }),
    ];
    const all = [alice, bob, carol];
    const nameOf = (p: Participant) => names[all.indexOf(p)]!;
    for (const p of all) await setUpVault(p.page);

    // ── Everyone makes a communication key; they exchange zffrost1… contact strings.
    const contacts = new Map<Participant, string>();
    for (const p of all) {
      await newFrost(p, /My communication key and contacts/);
      await p.page.getByLabel('Your name').fill(nameOf(p));
      await p.page.getByRole('button', { name: 'Create my communication key' }).click();
      await expect(p.page.getByRole('heading', { level: 1, name: 'FROST contacts' })).toBeVisible();
      contacts.set(p, await factValue(p, 'Your contact string'));
    }
    for (const p of all)
      for (const o of all.filter((x) => x !== p)) {
        await task(p).getByRole('button', { name: 'Import a contact', exact: true }).click();
        await p.page.getByLabel('Contact string (zffrost1…)').fill(contacts.get(o)!);
        await p.page.getByRole('button', { name: 'Import the contact' }).click();
        await expect(task(p).locator('.contacts')).toContainText(nameOf(o));
      }
    await step(alice, 'frost-online-01-address-book', 'address book with contacts');

    // ── Bob is early: he looks for the key generation before Alice has made it; the wizard keeps looking.
    // He gives the threshold Alice told him: the relay does not carry it.
    await newFrost(bob, /Join an online key generation/);
    await bob.page.getByLabel('frostd relay address').fill(server);
    await bob.page.getByLabel('Threshold you were told').fill('2');
    await expectAccessible(bob.page);
    await bob.shot('frost-online-04-join');
    await bob.page.getByRole('button', { name: 'Look for my key generation' }).click();
    await expect(bob.page.getByRole('status').filter({ hasText: 'Looking again every 3 seconds' })).toBeVisible();
    await expect(bob.page.getByRole('status').filter({ hasText: 'the creator has not started it' })).toBeVisible();
    await expectAccessible(bob.page);
    await bob.shot('frost-online-04b-join-not-yet');

    // ── Alice creates the group online: members from her contacts, threshold, relay.
    await newFrost(alice, /A new signing group, online/);
    await alice.page.getByLabel('frostd relay address').fill(server);
    await alice.page.getByLabel('Group description').fill('Treasury online');
    await alice.page.getByRole('checkbox', { name: 'Bob' }).check();
    await alice.page.getByRole('checkbox', { name: 'Carol' }).check();
    await alice.page.getByLabel(/^Threshold/).fill('2');
    await expect(alice.page.locator('.callout')).toContainText('Any 2 of Alice, Bob, Carol can sign');
    await expectAccessible(alice.page);
    await alice.shot('frost-online-02-create');
    await clickAfterShot(alice, 'Create the session on the relay');
    await expect(alice.page.getByRole('heading', { level: 1, name: 'Treasury online' })).toBeVisible();
    // She sees whom she waits for, with what is known (the relay has no presence), and since when.
    await expect(task(alice)).toContainText(
      /Waiting for: (Bob|Carol) \(has not sent their commitment yet\), (Carol|Bob) \(has not sent their commitment yet\) · since \d\d:\d\d UTC/,
    );
    await expect(alice.page.getByText('this page checks it every 2 seconds')).toBeVisible();
    await step(alice, 'frost-online-03-creator-waits', 'creator, waiting for commitments');

    // ── Bob's page found it by itself; Carol types the relay address and the threshold. Both see the parameters and accept them.
    await newFrost(carol, /Join an online key generation/);
    await carol.page.getByLabel('frostd relay address').fill(server);
    await carol.page.getByLabel('Threshold you were told').fill('2');
    await carol.page.getByRole('button', { name: 'Look for my key generation' }).click();
    for (const p of [bob, carol]) {
      await expect(task(p).getByRole('heading', { name: 'Agree on the rules' })).toBeVisible({ timeout: 30_000 });
      await expect(task(p)).toContainText('Alice invites you into a signing group');
      // Members are numbered by their frost-client identifiers, the same on every machine (not by name).
      await expect(task(p)).toContainText(/Any 2 of 3 can sign: (Alice|Bob|Carol), (Alice|Bob|Carol) and (Alice|Bob|Carol)/);
      if (p === bob) await step(bob, 'frost-online-05-agree-on-the-rules', 'joiner, agree on the rules');
      await clickAfterShot(p, 'Accept the rules');
      const dialog = p.page.getByRole('dialog');
      await expect(dialog).toContainText('You accept this group: ed25519, any 2 of 3');
      await dialog.getByRole('button', { name: 'Accept the rules' }).click();
      await expect(dialog).toBeHidden();
    }
    // The rounds may be anywhere by now: exchanging, or already comparing the group key.
    await expect(
      task(carol).getByRole('heading', { name: /^(Exchanging (commitments|shares) through the relay|Confirm the group key)$/ }),
    ).toBeVisible();
    await step(carol, 'frost-online-06-running', 'joiner, the rounds run');

    // ── The rounds run by themselves; everyone compares the same group key code. Main refuses to use the group before.
    const codes: string[] = [];
    for (const p of all) {
      await expect(task(p).getByRole('heading', { name: 'Confirm the group key' })).toBeVisible({ timeout: 60_000 });
      codes.push(await codeInTask(p));
    }
    expect(new Set(codes).size).toBe(1);
    const groupCode = codes[0]!;
    await step(bob, 'frost-online-07-confirm-group-key', 'member, confirm the group key');
    expect(await apiAct(bob, 'online-sign-join', {})).toBe('frost/group-code-not-confirmed');
    expect(
      await apiAct(alice, 'online-sign-request', { signers: ['p1', 'p2'], message: Buffer.from('x').toString('base64'), label: '' }),
    ).toBe('frost/group-code-not-confirmed');
    await confirmGroupCode(alice, groupCode, ['Bob', 'Carol']);
    await confirmGroupCode(bob, groupCode, []);
    await confirmGroupCode(carol, groupCode, ['Bob'], true);
    await expectJournaled(alice, `Codes match: group key check code ${groupCode}, heard from`);
    await expectJournaled(bob, `Codes match: group key check code ${groupCode}, heard from Alice`);
    const keys: string[] = [];
    for (const p of all) {
      await expect(task(p).getByRole('heading', { name: 'Your group is ready' })).toBeVisible();
      keys.push(await factValue(p, 'Group public key'));
    }
    expect(new Set(keys).size).toBe(1);
    const groupKey = keys[0]!;
    await step(bob, 'frost-online-08-group-ready', 'member, group ready');

    // ── Alice asks Bob to sign a message file through the relay.
    const msgPath = join(dir, 'payment.txt');
    const message = 'Pay Dave 10 coins from the treasury.\nReference 2026-114\n';
    writeFileSync(msgPath, message);
    await task(alice).getByRole('button', { name: 'Request a signature online', exact: true }).click();
    await alice.page.getByRole('checkbox', { name: 'Bob' }).check();
    await expect(alice.page.getByLabel('frostd relay address')).toHaveValue(server);
    await alice.page.getByTestId('frost-message-file').setInputFiles(msgPath);
    await expect(alice.page.getByLabel('As text')).toHaveValue(message);
    await expectAccessible(alice.page);
    await alice.shot('frost-online-09-coordinator-request');
    await clickAfterShot(alice, 'Start the signing on the relay');
    await expect(task(alice)).toContainText(/Waiting for: .*Bob \(has not joined the signing yet\)/, { timeout: 30_000 });
    await expect(task(alice)).toContainText('of 2 signers approved');
    const fingerprint = await codeInTask(alice);
    await step(alice, 'frost-online-10-requester-waits', 'requester, waiting for the signers');

    // Bob joins the signing (under More); he reads the message and compares its fingerprint before his share goes out.
    await task(bob).locator('summary', { hasText: 'More' }).click();
    await task(bob).getByRole('button', { name: 'Join an online signing', exact: true }).click();
    await expect(bob.page.getByLabel('frostd relay address')).toHaveValue(server);
    await bob.page.getByRole('button', { name: 'Join the signing' }).click();
    await expect(task(bob).locator('.message-review__text')).toHaveText(message, { timeout: 30_000 });
    expect(await codeInTask(bob)).toBe(fingerprint);
    const approve = task(bob).getByRole('button', { name: 'Approve and sign' });
    const read = task(bob).getByRole('checkbox', { name: /I have read this message/ });
    // A short message fits in its box: it is read without scrolling.
    await expect(read).toBeEnabled();
    await expect(approve).toBeDisabled();
    await read.check();
    await step(bob, 'frost-online-11-review-message', 'signer, review the message');
    await clickAfterShot(bob, 'Approve and sign');

    // Alice's screen gets the signature: 2 of 2 signers; it verifies under the group key and can be saved.
    await expect(task(alice).getByRole('heading', { name: 'The signature of “payment.txt” is ready' })).toBeVisible({ timeout: 30_000 });
    await expect(task(alice)).toContainText('2 of 2 signers signed');
    await step(alice, 'frost-online-12-signature', 'requester, signature ready');
    const signature = await factValue(alice, 'Signature o1 \\(payment.txt\\)');
    expect(ed25519.verify(Buffer.from(signature, 'hex'), Buffer.from(message), Buffer.from(groupKey, 'hex'))).toBe(true);
    const row = task(alice).locator('.row', { hasText: 'signature-o1.hex' });
    const [download] = await Promise.all([alice.page.waitForEvent('download'), row.getByRole('button', { name: 'Save…' }).click()]);
    const saved = join(dir, 'signature-o1.hex');
    await download.saveAs(saved);
    expect(readFileSync(saved, 'utf8').trim()).toBe(signature);

    // ── Carol, who did not sign, verifies it (under More).
    await task(carol).locator('summary', { hasText: 'More' }).click();
    await task(carol).getByRole('button', { name: 'Verify a signature', exact: true }).click();
    await carol.page.getByTestId('frost-verify-file').setInputFiles(msgPath);
    await carol.page.getByLabel('Signature (hex)').fill(signature);
    await carol.page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expectJournaled(carol, 'valid for the group key');
    await carol.shot('frost-online-13-verified');
  } finally {
    await relay.close();
  }
});
