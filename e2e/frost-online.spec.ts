/**
 * Issue 6, online: through the UI, three members exchange contacts, run a 2-of-3 Ed25519 DKG
 * through a frostd relay (a test relay with a self-signed TLS certificate, trusted through
 * CEREMONY_FROSTD_CA_FILE as a mkcert CA would be), then an online signing by two of them that
 * the third verifies. Screenshots of every screen people meet on the way.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { FrostdTestRelay } from '../src-main/core/transports/frostd/test-relay.ts';
import { TEST_RELAY_CERT, TEST_RELAY_KEY } from '../src-main/core/transports/frostd/test-tls.fixture.ts';
import { expect, expectAccessible, test, type Participant, setUpVault } from './fixtures.ts';

async function factValue(p: Participant, label: string): Promise<string> {
  return (await p.page
    .locator('.facts__row', { has: p.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .locator('dd .mono, dd > span')
    .first()
    .textContent())!.trim();
}

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
        await p.page.getByRole('button', { name: 'Import a contact', exact: true }).click();
        await p.page.getByLabel('Contact string (zffrost1…)').fill(contacts.get(o)!);
        await p.page.getByRole('button', { name: 'Import the contact' }).click();
        await expect(p.page.locator('.roster')).toContainText(nameOf(o));
      }
    await alice.shot('frost-online-01-address-book');

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
    // She sees whom she waits for, and since when.
    await expect(alice.page.locator('.headline')).toContainText(
      /waiting for the round-1 packages of (Bob and Carol|Carol and Bob) \(since \d\d:\d\d:\d\d UTC/,
    );
    await expect(alice.page.getByText('this page checks it every 2 seconds')).toBeVisible();
    await expectAccessible(alice.page);
    await alice.shot('frost-online-03-creator-waits');

    // ── Bob's page found it by itself; Carol types the relay address and the threshold. Both see the parameters and accept them.
    await newFrost(carol, /Join an online key generation/);
    await carol.page.getByLabel('frostd relay address').fill(server);
    await carol.page.getByLabel('Threshold you were told').fill('2');
    await carol.page.getByRole('button', { name: 'Look for my key generation' }).click();
    for (const p of [bob, carol]) {
      await expect(p.page.locator('.headline')).toContainText(`Alice invites you, ${nameOf(p)}, into an online key generation`);
      await expect(p.page.locator('.headline')).toContainText('ed25519, any 2 of 3');
      if (p === bob) {
        await expectAccessible(bob.page);
        await bob.shot('frost-online-05-joiner-sees-parameters');
      }
      await clickAfterShot(p, 'Accept and start');
      const dialog = p.page.getByRole('dialog');
      await expect(dialog).toContainText('You accept this group: ed25519, any 2 of 3');
      await dialog.getByRole('button', { name: 'Accept and start' }).click();
      await expect(dialog).toBeHidden();
    }
    await expect(carol.page.locator('.headline')).toContainText(/Online key generation on .*created by Alice/);
    await carol.shot('frost-online-06-running');

    // ── The rounds run by themselves; everyone ends with the same group.
    const keys: string[] = [];
    for (const p of all) {
      await expect(p.page.locator('.headline')).toContainText('Group ready: any 2 of 3 can sign', { timeout: 60_000 });
      keys.push(await factValue(p, 'Group public key'));
    }
    expect(new Set(keys).size).toBe(1);
    const groupKey = keys[0]!;
    await expectAccessible(bob.page);
    await bob.shot('frost-online-07-group-ready');

    // ── Alice asks Bob to sign a message file through the relay.
    const msgPath = join(dir, 'payment.txt');
    const message = 'Pay Dave 10 coins from the treasury.\nReference 2026-114\n';
    writeFileSync(msgPath, message);
    await alice.page.getByRole('button', { name: 'Request a signature online', exact: true }).click();
    await alice.page.getByRole('checkbox', { name: 'Bob' }).check();
    await expect(alice.page.getByLabel('frostd relay address')).toHaveValue(server);
    await alice.page.getByTestId('frost-message-file').setInputFiles(msgPath);
    await expect(alice.page.getByLabel('As text')).toHaveValue(message);
    await expectAccessible(alice.page);
    await alice.shot('frost-online-08-coordinator-request');
    await clickAfterShot(alice, 'Start the signing on the relay');
    await expect(alice.page.locator('.headline')).toContainText('waiting for the commitments of Bob');

    // Bob joins the signing; he reads the message as text and hex before his share goes out.
    await bob.page.getByRole('button', { name: 'Join an online signing', exact: true }).click();
    await expect(bob.page.getByLabel('frostd relay address')).toHaveValue(server);
    await bob.page.getByRole('button', { name: 'Join the signing' }).click();
    await bob.page.getByRole('button', { name: 'Review and approve', exact: true }).click({ timeout: 30_000 });
    await expect(bob.page.getByLabel('As text')).toHaveValue(message);
    await expect(bob.page.getByLabel('As hex')).toHaveValue(Buffer.from(message).toString('hex'));
    const approve = bob.page.getByRole('button', { name: 'Approve and send my signature share' });
    await expect(approve).toBeDisabled();
    await bob.page.getByRole('checkbox', { name: /I have read this message/ }).check();
    await expectAccessible(bob.page);
    await bob.shot('frost-online-09-signer-approves');
    await clickAfterShot(bob, 'Approve and send my signature share');

    // Alice's screen gets the signature; it verifies under the group key and can be saved.
    const sigRow = alice.page.locator('.facts__row', { has: alice.page.locator('dt', { hasText: 'Signature o1 (payment.txt)' }) });
    await expect(sigRow).toBeVisible({ timeout: 30_000 });
    const signature = await factValue(alice, 'Signature o1 \\(payment.txt\\)');
    expect(ed25519.verify(Buffer.from(signature, 'hex'), Buffer.from(message), Buffer.from(groupKey, 'hex'))).toBe(true);
    await expectAccessible(alice.page);
    await alice.shot('frost-online-10-signature');
    const row = alice.page.locator('.file', { hasText: 'signature-o1.hex' });
    const [download] = await Promise.all([alice.page.waitForEvent('download'), row.getByRole('button', { name: 'Save…' }).click()]);
    const saved = join(dir, 'signature-o1.hex');
    await download.saveAs(saved);
    expect(readFileSync(saved, 'utf8').trim()).toBe(signature);

    // ── Carol, who did not sign, verifies it.
    await carol.page.getByRole('button', { name: 'Verify a signature', exact: true }).click();
    await carol.page.getByTestId('frost-verify-file').setInputFiles(msgPath);
    await carol.page.getByLabel('Signature (hex)').fill(signature);
    await carol.page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect(carol.page.locator('.activity')).toContainText('valid for the group key');
    await carol.shot('frost-online-11-verified');
  } finally {
    await relay.close();
  }
});
