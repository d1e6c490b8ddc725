/**
 * Issue 4, acceptance 2: a 3-of-5 Seal committee through the UI, on one shared rehearsal ledger
 * folder. A coordinator and five members, each with its own loopback host and data folder; the
 * fifth member is air-gapped (bundles only) and its transactions go through a relay ceremony on
 * the coordinator's install. Screenshots of each phase for the coordinator and a member
 * (e2e/screenshots/seal-*.png), axe on every main screen.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { decodeSuiPrivateKey } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { fromBase64, toBase64 } from '@mysten/sui/utils';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import encodeQR from 'qr';
import { expect, expectAccessible, setUpVault, test, type Participant } from './fixtures.ts';
import {
  act,
  carry,
  confirmCode,
  confirmCodeByKeyboard,
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

/** Records every request the page makes outside its own origin (the CSP should stop them; dapp-kit should not even try). */
function watchForeignRequests(page: Page): string[] {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    const origin = new URL(page.url()).origin;
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) foreign.push(`CSP: ${m.text()}`);
  });
  return foreign;
}

async function shot(p: Participant, name: string): Promise<void> {
  await p.shot(name);
}

/** Saves a file through a button of the screen's panels (not the generic file list). */
async function saveVia(p: Participant, button: string | RegExp, dir: string): Promise<string> {
  const [download] = await Promise.all([p.page.waitForEvent('download'), p.page.getByRole('button', { name: button }).click()]);
  const path = join(dir, `${p.name}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return path;
}

/** Imports a key into the vault from a sui.keystore file, through Settings → Wallet (the key never enters the page). */
async function importKeystore(p: Participant, key: Ed25519Keypair, dir: string): Promise<string> {
  const path = join(dir, `${p.name}-sui.keystore`);
  const { secretKey } = decodeSuiPrivateKey(key.getSecretKey());
  writeFileSync(path, JSON.stringify([toBase64(new Uint8Array([0, ...secretKey]))]), { mode: 0o600 });
  await openSettings(p.page);
  const wallet = p.page.getByRole('region', { name: 'Wallet' });
  await wallet.getByLabel('Path of the key file on this computer').fill(path);
  await wallet.getByLabel('Name for the account (optional)').fill('Carol');
  await wallet.getByRole('button', { name: 'Import the key' }).click();
  const row = wallet.getByRole('row', { name: /Carol/ });
  await expect(row.locator('td .mono')).toHaveText(key.toSuiAddress());
  await p.page.getByRole('link', { name: 'Ceremonies' }).click();
  return key.toSuiAddress();
}

/**
 * Signs the pending transaction elsewhere: saves tx-<purpose>.json, signs its bytes with a key
 * this test holds (as `sui keytool sign` would), and gives the signature back through the page:
 * pasted, or as the JSON file keytool prints. `wrongFirst` first pastes a signature of other
 * bytes, which main refuses with a sentence, and nothing is submitted.
 */
async function signElsewhere(
  p: Participant,
  key: Ed25519Keypair,
  heading: string,
  dir: string,
  opts: { wrongFirst?: boolean; asKeytoolFile?: boolean } = {},
): Promise<void> {
  const panel = p.page.locator('.panel--tx');
  await expect(panel.getByRole('heading', { name: heading })).toBeVisible();
  await expect(panel).toContainText('Your vault holds no key for this sender');
  const [download] = await Promise.all([
    p.page.waitForEvent('download'),
    panel.getByRole('button', { name: /^Save tx-.*\.json…$/ }).click(),
  ]);
  const txFile = join(dir, `${p.name}-${download.suggestedFilename()}`);
  await download.saveAs(txFile);
  const { txBytes, digest } = JSON.parse(readFileSync(txFile, 'utf8')) as { txBytes: string; digest: string };
  await expect(panel).toContainText(digest);
  const field = panel.getByLabel(/^Signature:/);
  if (opts.wrongFirst) {
    const { signature: wrong } = await key.signTransaction(new Uint8Array([1, 2, 3]));
    await field.fill(wrong);
    await panel.getByRole('button', { name: 'Submit signature' }).click();
    await expect(
      p.page
        .getByRole('alert')
        .filter({ hasText: /signature/i })
        .first(),
    ).toBeVisible();
    await expect(panel.getByRole('heading', { name: heading })).toBeVisible();
    await shot(p, 'seal-member-sign-elsewhere-refused');
  }
  const { signature } = await key.signTransaction(fromBase64(txBytes));
  if (opts.asKeytoolFile) {
    const sigFile = join(dir, `${p.name}-keytool-sign.json`);
    writeFileSync(sigFile, JSON.stringify({ suiAddress: key.toSuiAddress(), digest, suiSignature: signature }));
    await panel.getByTestId('signature-file').setInputFiles(sigFile);
    await expect(field).toHaveValue(/suiSignature/);
  } else await field.fill(signature);
  await panel.getByRole('button', { name: 'Submit signature' }).click();
  await expect(p.page.getByRole('heading', { name: heading })).toBeHidden({ timeout: 30_000 });
}

/** The same with the keyboard only: the confirmation opens on Cancel, so Enter alone never signs. */
async function signWithKeyboard(p: Participant, heading: string | RegExp): Promise<void> {
  const panel = p.page.locator('.panel--tx');
  await expect(panel.getByRole('heading', { name: heading })).toBeVisible();
  await panel.getByRole('button', { name: /^Sign with / }).focus();
  await p.page.keyboard.press('Enter');
  const dialog = p.page.getByRole('dialog', { name: 'Sign this transaction?' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await p.page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Sign', exact: true })).toBeFocused();
  await p.page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
}

const LABELS = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin'];

/** A first-time member on Home: "Get ready" makes the Sui account and shows the address to send to the coordinator. */
async function getReady(p: Participant, label: string): Promise<string> {
  const ready = p.page.getByRole('region', { name: 'Get ready: make your Sui account' });
  await ready.getByLabel('Name for the account (for you)').fill(label);
  await expectAccessible(p.page);
  await shot(p, 'seal-member-00-get-ready');
  await ready.getByRole('button', { name: 'Create my Sui account' }).click();
  const address = p.page.getByRole('region', { name: 'Your Sui address' });
  await expect(address).toContainText(label);
  const full = (await address.locator('.short-hex .mono').getAttribute('title'))!;
  // The address as a QR code for the coordinator to scan: the image is the address's own code.
  await address.getByRole('button', { name: 'Show as QR code' }).click();
  const qr = address.getByRole('img', { name: new RegExp(`^QR code of .*${full}$`) });
  await expect(qr).toBeVisible();
  const src = (await qr.getAttribute('src'))!;
  expect(decodeURIComponent(src.replace(/^data:image\/svg\+xml;utf8,/, ''))).toBe(encodeQR(full, 'svg', { ecc: 'medium', border: 2 }));
  await expectAccessible(p.page);
  return full;
}

/** The hash route of a ceremony listed on the home screen under `title`. */
/** The ceremony titled `title` in which this install has `role` (its relay bears the committee's name too). */
async function ceremonyHash(page: Page, title: string, role: 'coordinator' | 'relay'): Promise<string | null> {
  await page.getByRole('link', { name: 'Ceremonies' }).click();
  return page
    .locator('.card', { hasText: title })
    .filter({ has: page.locator('.card__meta', { hasText: `· ${role}` }) })
    .locator('.card__link')
    .getAttribute('href');
}

/**
 * The air-gapped member's USB trip as the app numbers it: in the Carry now tray while files go
 * out, in the trip note while it waits for files to come in.
 */
async function expectTrip(p: Participant, n: number, total: number): Promise<void> {
  await expect(p.page.locator('.carry__trip, [data-testid="usb-trip"]').first()).toContainText(`USB trip ${n} of ${total}`);
}

/** The relay prepares the transaction the air-gapped member asked for. */
async function prepareRelayed(p: Participant): Promise<void> {
  await act(p, /^Prepare the (register|propose) transaction$/);
  await expect(p.page.locator('.panel--tx')).toBeVisible();
}

test('wallet settings: create a vault account; dapp-kit stays off the network', async ({ launch }) => {
  const a = await launch({ name: 'wallet' });
  const foreign = watchForeignRequests(a.page);
  await setUpVault(a.page);
  await openSettings(a.page);
  const wallet = a.page.getByRole('region', { name: 'Wallet' });
  await expect(wallet.getByText('No Sui account in the vault yet.')).toBeVisible();
  await wallet.getByLabel('Name for the new account').fill('Coordinator');
  await wallet.getByRole('button', { name: 'Create account' }).click();
  await expect(wallet.getByRole('rowheader', { name: 'Coordinator' })).toBeVisible();
  await expect(wallet.locator('td .mono').first()).toHaveText(/^0x[0-9a-f]{64}$/);
  // Import: a path that holds no key is refused with a sentence, and nothing is added.
  await wallet.getByLabel('Path of the key file on this computer').fill('/nonexistent/sui.keystore');
  await wallet.getByRole('button', { name: 'Import the key' }).click();
  await expect(a.page.getByRole('alert').filter({ hasText: 'No file at /nonexistent/sui.keystore' })).toBeVisible();
  await expect(wallet.locator('tbody tr')).toHaveCount(1);
  await expectAccessible(a.page);
  await shot(a, 'seal-wallet-settings');
  expect(foreign).toEqual([]);
});

test('a 3-of-5 Seal committee with an air-gapped member, from creation to finalization, through the UI', async ({ launch }) => {
  // About 2 minutes on an idle 2-core machine; the limit leaves room for a loaded one.
  test.setTimeout(480_000);
  const root = mkdtempSync(join(tmpdir(), 'e2e-seal-'));
  const ledger = join(root, 'ledger');
  const usb = join(root, 'usb');
  mkdirSync(usb);

  const coord = await launch({ name: 'seal-coordinator' });
  const members: Participant[] = [];
  for (let i = 0; i < 5; i++) members.push(await launch({ name: `seal-${LABELS[i]!.toLowerCase()}` }));
  const online = members.slice(0, 4);
  const airGapped = members[4]!;
  const foreign = [coord, ...members].map((p) => watchForeignRequests(p.page));
  for (const p of [coord, ...members]) await setUpVault(p.page);

  // Members tell the coordinator their Sui address. Alice, Bob and Erin make an account in their
  // vault; Carol imports her existing key from a sui.keystore; Dave keeps his key elsewhere (here:
  // in this test) and signs offline.
  const coordAddress = await createAccount(coord, 'Coordinator');
  const carolKey = new Ed25519Keypair();
  const daveKey = new Ed25519Keypair();
  const addresses: string[] = [];
  for (let i = 0; i < 5; i++) {
    if (i === 2) addresses.push(await importKeystore(members[i]!, carolKey, root));
    else if (i === 3) addresses.push(daveKey.toSuiAddress());
    else if (i === 0) addresses.push(await getReady(members[i]!, LABELS[i]!));
    else addresses.push(await createAccount(members[i]!, LABELS[i]!));
  }

  // ── Coordinator: the committee form.
  const c = coord.page;
  await c.getByRole('button', { name: 'New ceremony' }).click();
  await c.getByRole('link', { name: 'Seal key-server committee' }).click();
  await c.getByLabel('Committee name (for people; not written on chain)').fill('Seal committee 2026');
  await c.getByText('Rehearsal ledger (not a real network)').click();
  await c.getByLabel(/^Rehearsal ledger folder/).fill(ledger);
  await expect(c.getByLabel(/^Your Sui address as coordinator/)).toHaveValue(coordAddress);
  for (let i = 0; i < 5; i++) {
    if (i >= 3) await c.getByRole('button', { name: 'Add a member' }).click();
    await c.getByLabel(`Member ${i + 1} name (optional)`).fill(LABELS[i]!);
    await c.getByLabel(`Member ${i + 1} Sui address (party ${i})`).fill(addresses[i]!);
  }
  // Validated as typed: a repeated address is named on its row.
  await c.getByLabel('Member 5 Sui address (party 4)').fill(addresses[0]!);
  await c.getByLabel('Member 5 Sui address (party 4)').blur();
  await expect(c.getByText('The same address as member 1: every member needs their own address.')).toBeVisible();
  await c.getByLabel('Member 5 Sui address (party 4)').fill(addresses[4]!);
  await c.getByLabel(/^Threshold/).fill('3');
  // A file that is not a bytecode dump is named as such; a rehearsal can do without one.
  await c
    .getByTestId('seal-bytecode-dump')
    .setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
  await expect(c.getByText('This JSON has no "modules" list of base64 strings: it is not a bytecode dump.')).toBeVisible();
  await c.getByRole('button', { name: 'Remove notes.json' }).click();
  await expect(c.locator('form .callout')).toContainText('REHEARSAL: a 3-of-5 committee');
  await expectAccessible(c);
  await shot(coord, 'seal-coordinator-1-new-committee');
  await c.getByRole('button', { name: 'Create the committee' }).click();
  await expect(c.getByRole('heading', { level: 1, name: 'Seal committee 2026' })).toBeVisible();
  await expect(c.locator('.rehearsal-banner')).toBeVisible();

  // ── Publish and init: two transactions signed with the vault wallet through dapp-kit.
  await act(coord, 'Publish the package');
  await expectAccessible(c);
  await shot(coord, 'seal-coordinator-2-publish-transaction');
  await signWithVault(coord, 'Transaction 1 of 2: publish the committee package');
  await act(coord, 'Create the committee');
  await signWithVault(coord, 'Transaction 2 of 2: create the committee');
  await expect(c.locator('.panel--next').getByRole('heading', { name: 'Tell members now' })).toBeVisible();
  const committeeCode = (await c.locator('.panel--next .read-aloud .checkcode [aria-hidden]').first().textContent())!;
  expect(committeeCode).toMatch(/^\d{4}-\d{4}-\d{4}$/);
  // The script the coordinator copies names the same code the members compare.
  await expect(c.locator('.panel--next .announce')).toContainText(committeeCode);
  await expectAccessible(c);
  await expectMemberFirst(c, 'coordinator, invitation');
  await shot(coord, 'seal-coordinator-3-invitation');
  const invitation = await carry(coord, 'seal-invitation.ceremony', usb);
  const dkgYaml = await save(coord, /^dkg\.yaml/, usb);
  expect(readFileSync(dkgYaml, 'utf8')).toMatch(/COMMITTEE_ID: '?0x[0-9a-f]{64}/);

  // Erin's carries to and from her offline computer, counted by the test as it makes them.
  let trips = 0;

  // ── Members join from the invitation, comparing its check code with the coordinator's.
  for (const [i, p] of members.entries()) {
    await p.page.getByTestId('join-file').setInputFiles(invitation);
    await expect(p.page.locator('.invitation')).toContainText('rehearsal');
    if (p === airGapped) {
      await p.page.getByText('I am a committee member and this computer stays offline').click();
      trips++; // 1: the invitation comes in
    }
    if (i === 3) await p.page.getByLabel(/^Your Sui address on the committee/).fill(addresses[3]!);
    if (i === 0) {
      await expectAccessible(p.page);
      await shot(p, 'seal-member-01-join');
    }
    await p.page.getByRole('button', { name: 'Join the committee' }).click();
    await expect(p.page.locator('.panel--next .compare .checkcode [aria-hidden]')).toHaveText(committeeCode);
    if (i === 0) {
      await expectAccessible(p.page);
      await expectMemberFirst(p.page, 'member, compare the committee code');
      await shot(p, 'seal-member-02-compare-committee-code');
      await p.docShot('seal-member-1-compare-code');
    }
  }
  await expectAccessible(airGapped.page);
  await shot(airGapped, 'seal-airgapped-1-joined');

  // ── The relay for Erin: a second ceremony on the coordinator's install, joined from dkg.yaml.
  await c.getByRole('link', { name: 'Ceremonies' }).click();
  await c.getByTestId('join-file').setInputFiles(dkgYaml);
  await c.getByText('I relay for an air-gapped member').click();
  await c.getByLabel("The air-gapped member's Sui address").fill(addresses[4]!);
  await c.getByRole('button', { name: 'Join as relay' }).click();
  await expect(c.locator('.who')).toContainText('You relay for');
  const relayHash = new URL(c.url()).hash;
  await expectAccessible(c);
  await shot(coord, 'seal-relay-1-joined');

  const coordHash = (await ceremonyHash(c, 'Seal committee 2026', 'coordinator'))!;
  // The relay, joined from dkg.yaml, bears the committee's name the coordinator ceremony beside it knows.
  expect(await ceremonyHash(c, 'Seal committee 2026', 'relay')).toBe(relayHash);
  const toCoordinator = () => goTo(c, coordHash);
  const toRelay = () => goTo(c, relayHash);

  // ── Phase 1: keys and registration. Online members sign with their vault account.
  for (const [i, p] of online.entries()) {
    // Registering needs the journaled "Codes match" of the committee code: main refuses before.
    if (i === 1) await confirmCodeByKeyboard(p, committeeCode, 'Alice');
    else await confirmCode(p, committeeCode);
    await generateKeys(p, LABELS[i]!);
    if (i === 0) {
      // Before registering: the account's funds (a rehearsal funds itself) and, as information only,
      // whether the key server answers (it cannot yet: it has no share).
      await expect(p.page.locator('.panel--next .register-funds')).toHaveText('This rehearsal funds your account itself.');
      await expect(p.page.locator('.panel--next .key-server-reach')).toHaveText(/^Not reachable yet/);
      await expectMemberFirst(p.page, 'member, register');
      await shot(p, 'seal-member-03-register');
    }
    await act(p, 'Register', /Registering is final/);
    if (i === 0) {
      await expectAccessible(p.page);
      await expectMemberFirst(p.page, 'member, sign the registration');
      await shot(p, 'seal-member-04-sign-registration');
    }
    if (i === 1) await signWithKeyboard(p, 'Register on chain');
    else if (i === 3) await signElsewhere(p, daveKey, 'Register on chain', usb, { wrongFirst: true });
    else await signWithVault(p, 'Register on chain');
  }
  // Erin (air-gapped): request → relay prepares → Erin signs → relay submits.
  await confirmCode(airGapped, committeeCode);
  await generateKeys(airGapped, 'Erin');
  await act(airGapped, 'Write the registration request', /Registering is final/);
  await expectMemberFirst(airGapped.page, 'air-gapped member, registration request');
  await expectTrip(airGapped, 2, 8);
  // Not "registered" yet: the request is still to be carried.
  await expect(airGapped.page.locator('.panel--next')).toContainText('Take your registration request to your relay');
  await shot(airGapped, 'seal-airgapped-2-registration-request');
  const registerRequest = await carry(airGapped, /register-request/, usb);
  trips++; // 2
  await toRelay();
  await importFiles(coord, [registerRequest]);
  // Joined from dkg.yaml, the relay knew Erin only by address; her request carries her name.
  await expect(c.locator('.who')).toContainText('You relay for Erin, member 5 of 5');
  await prepareRelayed(coord);
  await expectAccessible(c);
  await shot(coord, 'seal-relay-2-prepared-registration');
  const unsignedRegister = await saveVia(coord, /^Save the transaction for the member \(unsigned-tx-register/, usb);
  await importFiles(airGapped, [unsignedRegister]);
  trips++; // 3
  await expectAccessible(airGapped.page);
  await shot(airGapped, 'seal-airgapped-3-sign-registration');
  await signWithVault(airGapped, 'Register on chain');
  await expectTrip(airGapped, 4, 8);
  const signatureRegister = await saveVia(airGapped, /^Save the signature for your relay \(tx-signature.*register/, usb);
  trips++; // 4
  await importFiles(coord, [signatureRegister]);

  // Everyone registered: the coordinator's dashboard sees it from the chain.
  await toCoordinator();
  await expect(c.locator('.dashboard caption')).toContainText('5 of 5 registered', { timeout: 60_000 });
  await expect(c.locator('.panel--next')).toContainText('Everyone is registered');
  await expect(c.locator('.last-updated time')).toHaveText(/^\d\d:\d\d:\d\d$/);
  await expectAccessible(c);
  await expectMemberFirst(c, 'coordinator dashboard, registered');
  await shot(coord, 'seal-coordinator-4-registered');

  // ── Phase 2: messages. Erin needs the relay's chain snapshot first.
  await toRelay();
  const registeredSnapshot = await save(coord, /chain-registered/, usb);
  // Trip 4 (the signature) counts as under way until what comes back on trip 5 is here.
  await expectTrip(airGapped, 4, 8);
  await importFiles(airGapped, [registeredSnapshot]);
  trips++; // 5
  const messages: string[] = [];
  const messageCodes: string[] = [];
  for (const [i, p] of members.entries()) {
    await act(p, 'Create my DKG message');
    // The message's check code is checked by the app on import; it sits in Technical details.
    if (p === airGapped) await expectTrip(p, 6, 8);
    messages.push(await carry(p, /^message-\d+\.ceremony$/, usb));
    if (p === airGapped) trips++; // 6
    if (i === 0) {
      await expectAccessible(p.page);
      await expectMemberFirst(p.page, 'member, send the message');
      await shot(p, 'seal-member-05-send-message');
    }
    await openDetails(p.page);
    messageCodes.push((await p.page.locator('.facts__row', { hasText: 'Your message check code' }).locator('dd').textContent())!.trim());
  }
  await toCoordinator();
  await importFiles(coord, messages);
  await expect(c.locator('.dashboard caption')).toContainText('5 messages');
  // The coordinator sees each sender with the check code the sender saw.
  await openDetails(c);
  for (let i = 0; i < 5; i++)
    await expect(c.locator('.tech-details li', { hasText: `${LABELS[i]}:` }).locator('.checkcode [aria-hidden]')).toHaveText(
      messageCodes[i]!,
    );
  await expectAccessible(c);
  await expectMemberFirst(c, 'coordinator dashboard, messages');
  await shot(coord, 'seal-coordinator-5-messages');
  // For members using seal-committee-cli: the dkg-messages folder.
  const folder = join(root, 'dkg-messages');
  await act(coord, 'Write message files to a folder');
  await c.getByLabel('Folder to write the messages into').fill(folder);
  await c.getByRole('button', { name: 'Write the message files' }).click();
  // The form closes when the step starts; the step is over when the app announces it.
  await expect(c.getByTestId('announcement')).toContainText('Write message files to a folder: done.');
  expect(readdirSync(folder).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `message_${i}.json`));
  await act(coord, 'Export the message set', /cannot be changed afterwards/);
  const hashCode = (await c.locator('.panel--next .read-aloud .checkcode [aria-hidden]').textContent())!;
  expect(hashCode).toMatch(/^\d{4}-\d{4}-\d{4}$/);
  const messageSet = await carry(coord, 'seal-message-set.ceremony', usb);
  await expectAccessible(c);
  await shot(coord, 'seal-coordinator-6-message-set');

  // ── Phase 3: process, compare messages_hash, propose.
  for (const [i, p] of online.entries()) {
    await importFiles(p, [messageSet]);
    await act(p, 'Process the messages');
    await expect(p.page.locator('.panel--next .compare .checkcode [aria-hidden]')).toHaveText(hashCode, { timeout: 60_000 });
    if (i === 0) {
      await expectAccessible(p.page);
      await expectMemberFirst(p.page, 'member, compare the result code');
      await shot(p, 'seal-member-06-compare-result-code');
      // Main refuses to propose before the journaled match (the API, as any caller would).
      const refused = await p.page.evaluate(async (hash) => {
        const id = decodeURIComponent(hash.replace(/^#\/ceremony\//, ''));
        const g = globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } };
        const res = await fetch('/api/call/ceremonies.act', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Ceremony-Token': g.sessionStorage.getItem('ceremony.token') ?? '' },
          body: JSON.stringify({ id, action: 'propose', input: {} }),
        });
        const reply = (await res.json()) as { ok: boolean; error?: { code: string } };
        return reply.ok ? 'accepted' : reply.error!.code;
      }, new URL(p.page.url()).hash);
      expect(refused).toBe('seal/codes-not-confirmed');
    }
    await confirmCode(p, hashCode);
    if (i === 0) await shot(p, 'seal-member-07-propose');
    if (i === 0) await p.docShot('seal-member-2-propose');
    await act(p, 'Propose', hashCode);
    if (i === 3) await signElsewhere(p, daveKey, 'Propose the result', usb, { asKeytoolFile: true });
    else await signWithVault(p, 'Propose the result');
  }
  // Erin: her relay checks the set and builds her proposal from it; both travel on one trip.
  await expectTrip(airGapped, 6, 8);
  await toRelay();
  await importFiles(coord, [messageSet]);
  await expectAccessible(c);
  await expectMemberFirst(c, 'relay, proposal built from the message set');
  await shot(coord, 'seal-relay-3-proposal-from-message-set');
  const relayedSet = await carry(coord, /seal-message-set/, usb);
  const unsignedPropose = await carry(coord, /unsigned-tx-propose/, usb);
  await importFiles(airGapped, [relayedSet, unsignedPropose]);
  trips++; // 7
  await act(airGapped, 'Process the messages');
  await confirmCode(airGapped, hashCode);
  // Her install checks the relay's transaction against its own result before it is the one to sign.
  await act(airGapped, "Check and sign the relay's proposal", hashCode);
  await signWithVault(airGapped, 'Propose the result');
  // Trip 8 also carries the hand-over: the share file for her key server, the API credentials.
  await expect(airGapped.page.locator('.panel--next').getByRole('heading', { name: 'Hand over' })).toBeVisible();
  await expectTrip(airGapped, 8, 8);
  await expectAccessible(airGapped.page);
  await expectMemberFirst(airGapped.page, 'air-gapped member, hand over');
  await shot(airGapped, 'seal-airgapped-4-hand-over');
  await airGapped.page.getByRole('button', { name: 'Plain file for the key server (0600)' }).click();
  await airGapped.page.getByLabel('I understand the file holds my secret share in plain text.').check();
  await airGapped.page.getByRole('button', { name: 'Write the share file' }).click();
  const erinExport = await airGapped.exportCode();
  await airGapped.page.getByLabel('One-time code').fill(erinExport.code);
  await airGapped.page.getByRole('button', { name: 'Confirm and write the file' }).click();
  await expect(airGapped.page.locator('.checklist', { hasText: erinExport.path })).toContainText('Done so far:');
  await act(airGapped, 'Send API credentials');
  await airGapped.page.getByRole('button', { name: 'Make the credentials bundle' }).click();
  await act(airGapped, 'Clean up DKG keys', /deletes your DKG keys/);
  // Her checklist is done; the screen says "Done" only once the last trip is made.
  await expect(airGapped.page.locator('#next-h')).toHaveText('Last USB trip');
  await expectTrip(airGapped, 8, 8);
  await expectMemberFirst(airGapped.page, 'air-gapped member, last trip');
  await shot(airGapped, 'seal-airgapped-5-last-trip');
  const signaturePropose = await carry(airGapped, /tx-signature.*propose/, usb);
  const erinCredentials = await carry(airGapped, /api-credentials/, usb);
  trips++; // 8
  expect(trips).toBe(8);
  await importFiles(coord, [signaturePropose]);

  // ── Finalized: KEY_SERVER_OBJ_ID on the coordinator's screen, configs on the members'.
  await toCoordinator();
  await expect(c.locator('.panel--next')).toContainText('The committee is finalized', { timeout: 60_000 });
  await openDetails(c);
  const keyServerId = (await c.locator('.facts__row', { hasText: 'KEY_SERVER_OBJ_ID' }).locator('dd').first().textContent())!.trim();
  expect(keyServerId).toMatch(/^0x[0-9a-f]{64}/);
  await expect(c.locator('.facts__row', { hasText: /^Partial key server \d/ })).toHaveCount(5);
  await expectAccessible(c);
  await expectMemberFirst(c, 'coordinator dashboard, finalized');
  await shot(coord, 'seal-coordinator-7-finalized');

  const alice = members[0]!;
  // Finalized is not done: the member's heading says "What to do now" until the hand-over is complete.
  await expect(alice.page.locator('.panel--next').getByRole('heading', { name: 'Hand over' })).toBeVisible({ timeout: 60_000 });
  await expect(alice.page.locator('#next-h')).toHaveText('What to do now');
  await openDetails(alice.page);
  await expect(alice.page.locator('.facts__row', { hasText: 'KEY_SERVER_OBJ_ID' })).toContainText(keyServerId.slice(0, 66));
  await expectAccessible(alice.page);
  await expectMemberFirst(alice.page, 'member, hand over');
  await shot(alice, 'seal-member-08-hand-over');
  await alice.docShot('seal-member-3-hand-over');

  // Erin may bring the relay's finalized snapshot back (a ninth trip, not needed): her screen then says Done.
  await toRelay();
  const finalizedSnapshot = await save(coord, /chain-finalized/, usb);
  await importFiles(airGapped, [finalizedSnapshot]);
  await expect(airGapped.page.locator('#next-h')).toHaveText('Done');
  await expect(airGapped.page.locator('.carry__trip, [data-testid="usb-trip"]')).toHaveCount(0);

  // ── Alice: the share as an env file (0600), API credentials for the coordinator, cleanup.
  // The page never names the file: the host writes it into ceremony-exports/ beside the data
  // folder once the person types the one-time code the host printed on its terminal.
  await alice.page.getByRole('button', { name: 'Plain file for the key server (0600)' }).click();
  await alice.page.getByLabel('I understand the file holds my secret share in plain text.').check();
  await expectAccessible(alice.page);
  await shot(alice, 'seal-member-09-share-handoff');
  await alice.page.getByRole('button', { name: 'Write the share file' }).click();
  const { code, path: envPath } = await alice.exportCode();
  expect(dirname(envPath)).toBe(join(dirname(alice.dataDir), 'ceremony-exports'));
  await alice.page.getByLabel('One-time code').fill('WRNG-CODE');
  await alice.page.getByRole('button', { name: 'Confirm and write the file' }).click();
  await expect(alice.page.locator('.alert--error', { hasText: 'not the code printed' })).toBeVisible();
  await alice.page.getByRole('button', { name: 'Write the share file' }).click();
  const second = await alice.exportCode();
  expect(second.path).toBe(envPath);
  await alice.page.getByLabel('One-time code').fill(second.code);
  expect(second.code).not.toBe(code);
  await alice.page.getByRole('button', { name: 'Confirm and write the file' }).click();
  await expect(alice.page.locator('.checklist', { hasText: envPath })).toContainText('Done so far:');
  expect(readFileSync(envPath, 'utf8')).toMatch(/^MASTER_SHARE_V0=0x[0-9a-f]{64}$/m);
  expect(statSync(envPath).mode & 0o777).toBe(0o600);

  await act(alice, 'Send API credentials');
  await alice.page.getByRole('button', { name: 'Make the credentials bundle' }).click();
  const credentials = await carry(alice, /api-credentials/, usb);
  await toCoordinator();
  await importFiles(coord, [credentials, erinCredentials]);
  await expect(c.locator('.dashboard tbody tr').nth(4).locator('td').last()).toContainText('Yes');
  await expect(c.locator('.dashboard tbody tr').first().locator('td').last()).toContainText('Yes');
  await act(alice, 'Clean up DKG keys', /deletes your DKG keys/);
  await expect(alice.page.locator('#next-h')).toHaveText('Done');
  // Both comparisons are in the journal, with whom the code was heard from.
  await openDetails(alice.page);
  await expect(alice.page.locator('.activity')).toContainText(
    `Codes match: committee check code ${committeeCode}, heard from the coordinator`,
  );
  await expect(alice.page.locator('.activity')).toContainText(`Codes match: messages_hash check code ${hashCode}`);
  await expectAccessible(alice.page);
  await expectMemberFirst(alice.page, 'member, done');
  await shot(alice, 'seal-member-10-done');

  // ── Bob: an encrypted package for the person who runs his key server, opened as they would.
  const bob = members[1]!;
  const passphrase = 'correct horse battery staple';
  await expect(bob.page.locator('.panel--next').getByRole('heading', { name: 'Hand over' })).toBeVisible({ timeout: 60_000 });
  await bob.page.getByRole('button', { name: /^Encrypted package for your key-server operator/ }).click();
  await bob.page.getByLabel('Passphrase for the package (at least 12 characters)').fill(passphrase);
  await bob.page.getByLabel('Passphrase again').fill(passphrase);
  await expectAccessible(bob.page);
  await expectMemberFirst(bob.page, 'member, key-server package');
  await shot(bob, 'seal-member-11-key-server-package');
  await bob.page.getByRole('button', { name: 'Write the encrypted package' }).click();
  const pkg = await bob.exportCode();
  await bob.page.getByLabel('One-time code').fill(pkg.code);
  await bob.page.getByRole('button', { name: 'Confirm and write the file' }).click();
  await expect(bob.page.locator('.checklist', { hasText: pkg.path })).toContainText('Done so far:');
  expect(statSync(pkg.path).mode & 0o777).toBe(0o600);
  expect(readFileSync(pkg.path, 'utf8')).not.toMatch(/MASTER_SHARE/);
  const opened = join(root, 'bob-key-server');
  execFileSync(process.execPath, ['out/main/cli.js', 'seal', 'open-package', pkg.path, opened], {
    env: { ...process.env, CEREMONY_PACKAGE_PASSPHRASE: passphrase },
  });
  expect(readdirSync(opened).sort()).toEqual(['README.txt', 'key-server-config.yaml', 'master-share-v0.env']);
  expect(readFileSync(join(opened, 'master-share-v0.env'), 'utf8')).toMatch(/^MASTER_SHARE_V0=0x[0-9a-f]{64}$/m);
  expect(readFileSync(join(opened, 'key-server-config.yaml'), 'utf8')).toContain(keyServerId.slice(0, 66));
  expect(readFileSync(join(opened, 'README.txt'), 'utf8')).toContain('key-server');

  // ── Carol: an encrypted backup she keeps, then proven to open (passphrase typed again).
  const carol = members[2]!;
  await expect(carol.page.locator('.panel--next').getByRole('heading', { name: 'Hand over' })).toBeVisible({ timeout: 60_000 });
  await carol.page.getByRole('button', { name: 'Encrypted backup file (for you to keep)' }).click();
  await carol.page.getByLabel('Passphrase for the file (at least 12 characters)').fill(passphrase);
  await carol.page.getByLabel('Passphrase again').fill(passphrase);
  await carol.page.getByRole('button', { name: 'Write the encrypted share' }).click();
  const backup = await carol.exportCode();
  await carol.page.getByLabel('One-time code').fill(backup.code);
  await carol.page.getByRole('button', { name: 'Confirm and write the file' }).click();
  // Written is not proven: one task, the passphrase typed again; a wrong one is refused beside its field.
  const proof = carol.page.getByLabel('Backup passphrase');
  await expect(proof).toBeVisible();
  expect(statSync(backup.path).mode & 0o777).toBe(0o600);
  await proof.fill('not the passphrase at all');
  await proof.press('Enter');
  await expect(carol.page.locator('.alert--error, .field-error', { hasText: 'does not open this backup' })).toBeVisible();
  // A backup for herself is not the key server's share: said in words, and step 1 stays open.
  await expect(carol.page.locator('.alert--info', { hasText: backup.path })).toContainText('your key server still needs the share');
  await expectMemberFirst(carol.page, 'member, check the backup'); // closes Technical details, as the picture should show
  await shot(carol, 'seal-member-12-check-backup');
  await proof.fill(passphrase);
  await proof.press('Enter');
  await expect(carol.page.getByText('Backup checked: it opens and holds')).toBeVisible();
  await expectAccessible(carol.page);
  await shot(carol, 'seal-member-13-backup-checked');

  for (const f of foreign) expect(f).toEqual([]);
});

test('a member who never registers: the coordinator restarts the committee without her; a member imports the new invitation and registers again', async ({
  launch,
}) => {
  // 20 to 30 s on this 2-core machine (the whole flow to finalization is in restart.test.ts).
  test.setTimeout(180_000);
  const root = mkdtempSync(join(tmpdir(), 'e2e-seal-restart-'));
  const ledger = join(root, 'ledger');
  const coord = await launch({ name: 'seal-restart-coordinator' });
  const alice = await launch({ name: 'seal-restart-alice' });
  for (const p of [coord, alice]) await setUpVault(p.page);
  await createAccount(coord, 'Coordinator');
  // Bob takes part from another computer (not played here); Carol gave her address and never came back.
  const addresses = [await createAccount(alice, 'Alice'), new Ed25519Keypair().toSuiAddress(), new Ed25519Keypair().toSuiAddress()];

  const c = coord.page;
  await c.getByRole('button', { name: 'New ceremony' }).click();
  await c.getByRole('link', { name: 'Seal key-server committee' }).click();
  await c.getByLabel('Committee name (for people; not written on chain)').fill('Restarted committee');
  await c.getByText('Rehearsal ledger (not a real network)').click();
  await c.getByLabel(/^Rehearsal ledger folder/).fill(ledger);
  for (let i = 0; i < 3; i++) {
    await c.getByLabel(`Member ${i + 1} name (optional)`).fill(LABELS[i]!);
    await c.getByLabel(`Member ${i + 1} Sui address (party ${i})`).fill(addresses[i]!);
  }
  await c.getByLabel(/^Threshold/).fill('2');
  await c.getByRole('button', { name: 'Create the committee' }).click();
  await act(coord, 'Publish the package');
  await signWithVault(coord, 'Transaction 1 of 2: publish the committee package');
  await act(coord, 'Create the committee');
  await signWithVault(coord, 'Transaction 2 of 2: create the committee');
  const readAloud = c.locator('.panel--next .read-aloud .checkcode [aria-hidden]').first();
  await expect(readAloud).toHaveText(/^\d{4}-\d{4}-\d{4}$/);
  const firstCode = (await readAloud.textContent())!;
  const firstInvitation = await carry(coord, 'seal-invitation.ceremony', root);

  // Alice joins, compares the code and names her key server.
  await alice.page.getByTestId('join-file').setInputFiles(firstInvitation);
  await alice.page.getByRole('button', { name: 'Join the committee' }).click();
  await confirmCode(alice, firstCode);
  await generateKeys(alice, 'Alice');

  // The coordinator restarts without Carol: a quiet choice under its own disclosure, confirmed in plain words.
  await c.getByText('A member does not register, or cheated?').click();
  await c.getByRole('button', { name: 'Restart without Carol…' }).click();
  const dialog = c.getByRole('dialog');
  await expect(dialog).toContainText('Alice and Bob must import the new invitation');
  await expect(dialog).toContainText("Carol's place is gone: the committee becomes 2 of 2.");
  await expectAccessible(c);
  await shot(coord, 'seal-coordinator-restart-confirm');
  await dialog.getByRole('button', { name: 'Restart the committee' }).click();
  await expect(c.locator('.panel--next')).toContainText('You restarted the committee without Carol');
  await act(coord, 'Publish the package');
  await signWithVault(coord, 'Transaction 1 of 2: publish the committee package');
  await act(coord, 'Create the committee');
  await signWithVault(coord, 'Transaction 2 of 2: create the committee');
  // The one task now: send the new invitation; what to tell members names the restart and the new code.
  await expect(c.locator('.panel--next .announce')).toContainText('I restarted the committee without Carol');
  await expect(readAloud).not.toHaveText(firstCode);
  const newCode = (await readAloud.textContent())!;
  await expect(c.locator('.panel--next .announce')).toContainText(newCode);
  await expectMemberFirst(c, 'coordinator, restarted committee');
  await shot(coord, 'seal-coordinator-restarted-send-invitation');
  const newInvitation = await carry(coord, 'seal-invitation.ceremony', ledger);

  // Alice imports it into her ceremony: why, and the new code to compare; her key server stays (with fresh DKG keys).
  await importFiles(alice, [newInvitation]);
  await expect(alice.page.locator('.panel--next')).toContainText('The coordinator restarted the committee without Carol.');
  await shot(alice, 'seal-member-restarted-compare-code');
  await confirmCode(alice, newCode);
  await expect(alice.page.locator('.panel--next')).toContainText('seal-alice');
  await act(alice, 'Register', /Registering is final/);
  await signWithVault(alice, 'Register on chain', { untilGone: true });
  await expect(alice.page.locator('.panel--next')).toContainText('Registered: waiting for the others');
  await expect(alice.page.locator('.panel--next')).toContainText('Bob (not registered yet)');
  await shot(alice, 'seal-member-restarted-registered-waiting');
});
