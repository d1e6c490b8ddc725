/**
 * What the online (frostd) FROST steps need from outside the ceremony, injected by the app as
 * `services.frost`:
 *
 *  - `frostd`: a client per relay, logged in with a communication key and kept between steps (a
 *    step runs every ~2 s while a run waits; logging in each time would double the requests),
 *    and the clock the runners' deadlines and pacing read;
 *  - `addressBook`: this install's FROST address book (the `contacts` ceremony): its contacts,
 *    its communication key (the key the others know as this member's `zffrost1…` contact), and
 *    the relay sessions other local ceremonies already use (so a new run never closes them).
 *
 * The address book is another ceremony: its key is in the vault under that ceremony's id, which
 * a step's context cannot reach; this service reads it for the steps that copy it into a group.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretExportGate } from '../../../secret-export/gate.ts';
import { x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../../errors.ts';
import { CeremonyFolder, listCeremonyIds } from '../../../engine/folder.ts';
import { writeFileAtomic } from '../../../fsx/atomic.ts';
import type { CommunicationKeyPair } from '../../../formats/frost/config-toml.ts';
import { FrostdClient, frostdBaseUrl, type FrostdFetch } from '../../../transports/frostd/client.ts';
import { frostdTlsFetch } from '../../../transports/frostd/tls-fetch.ts';
import type { ContactsState, FrostState } from '../state.ts';

export interface FrostdAccess {
  /** A client for `server`, logged in with `key` (the same client again on later calls). */
  client(server: string, key: CommunicationKeyPair): Promise<FrostdClient>;
  /** Milliseconds since the epoch; the runners' deadlines and pacing read it. */
  now(): number;
}

export interface AddressBook {
  readonly id: string;
  readonly state: ContactsState;
  /** The X25519 communication secret (vault). The caller wipes it. */
  communicationKey(): Promise<Uint8Array>;
}

export interface AddressBookAccess {
  /** The address book `id`, or the only one on this install. */
  open(id?: string): Promise<AddressBook>;
  /** frostd session ids that FROST ceremonies on this install already run in. */
  sessionsInUse(): string[];
}

/**
 * Where a step keeps what frostd's `receive` returned before the step's state is committed:
 * `receive` deletes what it returns, so an app that dies between the two would lose those
 * messages for good (the run would then time out). Ciphertexts only: public.
 */
export interface RunInbox {
  save(ceremonyId: string, runId: string, received: readonly unknown[]): void;
  load(ceremonyId: string, runId: string): unknown[] | null;
  /**
   * The send record: how many planned messages the relay took and the one being sent (index and
   * ciphertext), saved before and after every send. frostd's `send` is not idempotent and
   * frost-client aborts on a duplicate or a gap, so after a crash the run must know which.
   */
  saveSends(ceremonyId: string, runId: string, sends: RunSends): void;
  loadSends(ceremonyId: string, runId: string): RunSends | null;
}

export interface RunSends {
  readonly sent: number;
  readonly pending: { readonly index: number; readonly to: string | null; readonly msg: string } | null;
}

/** `services.frost`. Empty for bundles only; every online step needs `frostd` and `addressBook`. */
export interface FrostServices {
  readonly frostd?: FrostdAccess;
  readonly addressBook?: AddressBookAccess;
  readonly inbox?: RunInbox;
  /** Where a secret file (the frost-client config) goes, asked of the person by the shell. */
  readonly secretExport?: SecretExportGate;
  /** Deletes a vault secret by id (an abandoned DKG attempt's seed); succeeds when it is already gone. */
  readonly deleteSecret?: (id: string) => Promise<void>;
}

export interface FrostdAccessOptions {
  /** PEM certificate(s) to trust for frostd's TLS (a mkcert or self-signed relay), besides the public roots. */
  readonly ca?: string | readonly string[];
  /** Path of such a PEM file (read once, when the first client is made). */
  readonly caFile?: string;
  /** Replaces fetch entirely (tests). */
  readonly fetch?: FrostdFetch;
  readonly now?: () => number;
}

export function frostdAccess(options: FrostdAccessOptions = {}): FrostdAccess {
  const clients = new Map<string, FrostdClient>();
  let fetchImpl: FrostdFetch | undefined = options.fetch;
  const fetcher = (): FrostdFetch | undefined => {
    if (fetchImpl || (!options.ca && !options.caFile)) return fetchImpl;
    let ca = options.ca;
    if (!ca && options.caFile) {
      try {
        ca = readFileSync(options.caFile, 'utf8');
      } catch {
        throw new CeremonyError('frostd/ca-unreadable', `The certificate file for the frostd relay (${options.caFile}) cannot be read.`, {
          caFile: options.caFile,
        });
      }
    }
    fetchImpl = frostdTlsFetch({ ca: ca! });
    return fetchImpl;
  };
  return {
    now: options.now ?? Date.now,
    async client(server, key) {
      const id = `${frostdBaseUrl(server)}|${bytesToHex(key.publicKey)}`;
      let client = clients.get(id);
      if (!client) {
        const f = fetcher();
        client = new FrostdClient({ server, ...(f ? { fetch: f } : {}) });
        clients.set(id, client);
      }
      if (!client.loggedIn) await client.login({ privateKey: key.privateKey.slice(), publicKey: key.publicKey.slice() });
      return client;
    },
  };
}

/** The vault as the address book reads it. */
export interface VaultReader {
  unlockedVault(): Promise<{ has(id: string): boolean; get(id: string): Promise<Uint8Array> }>;
}

/** The vault as `services.frost` uses it: read, and delete an abandoned DKG attempt's seed. */
interface VaultAccess {
  unlockedVault(): Promise<{ has(id: string): boolean; get(id: string): Promise<Uint8Array>; delete(id: string): Promise<boolean> }>;
}

export function addressBookAccess(dataDir: string, vault: VaultReader): AddressBookAccess {
  const root = join(dataDir, 'ceremonies');
  const frostStates = (): { id: string; state: FrostState }[] => {
    const out: { id: string; state: FrostState }[] = [];
    for (const id of listCeremonyIds(root)) {
      try {
        const s = new CeremonyFolder(root, id).readState<FrostState>();
        if (s.meta.protocol === 'frost') out.push({ id, state: s.protocolState });
      } catch {
        // A damaged folder is reported by its own view.
      }
    }
    return out;
  };
  return {
    async open(id) {
      const books = frostStates().filter((x): x is { id: string; state: ContactsState } => x.state.kind === 'contacts');
      const book = id ? books.find((b) => b.id === id) : books.length === 1 ? books[0] : undefined;
      if (!book) {
        if (id) throw new CeremonyError('frost/online-no-address-book', `There is no FROST address book "${id}" on this install.`, { id });
        throw books.length === 0
          ? new CeremonyError(
              'frost/online-no-address-book',
              'Going online needs your communication key and the others\' contacts: create "My communication key and contacts" first and import their zffrost1… strings.',
              {},
            )
          : new CeremonyError(
              'frost/online-several-address-books',
              `This install has ${books.length} FROST address books; say which one to use.`,
              { books: books.map((b) => b.id).join(',') },
            );
      }
      return {
        id: book.id,
        state: book.state,
        async communicationKey() {
          const v = await vault.unlockedVault();
          const name = `${book.id}/comm-key`;
          if (!v.has(name))
            throw new CeremonyError('frost/online-no-address-book', 'The communication key of your address book is not in this vault.', {
              id: book.id,
            });
          const secret = await v.get(name);
          if (bytesToHex(x25519.getPublicKey(secret)) !== book.state.publicKey) {
            secret.fill(0);
            throw new CeremonyError(
              'frost/online-no-address-book',
              'The communication key in the vault does not match your address book.',
              { id: book.id },
            );
          }
          return secret;
        },
      };
    },
    sessionsInUse() {
      const out: string[] = [];
      for (const { state } of frostStates()) {
        if (state.kind !== 'group') continue;
        for (const r of state.online?.runs ?? []) if (r.report.sessionId) out.push(r.report.sessionId);
      }
      return out;
    },
  };
}

/** The run inbox as files under `<dataDir>/frostd-inbox/<ceremony>/<run>.json` and `<run>.sends.json` (atomic writes). */
export function fileInbox(dataDir: string): RunInbox {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  const path = (c: string, r: string) => join(dataDir, 'frostd-inbox', safe(c), `${safe(r)}.json`);
  const sendsPath = (c: string, r: string) => join(dataDir, 'frostd-inbox', safe(c), `${safe(r)}.sends.json`);
  return {
    save(c, r, received) {
      mkdirSync(join(dataDir, 'frostd-inbox', safe(c)), { recursive: true });
      writeFileAtomic(path(c, r), JSON.stringify(received));
    },
    load(c, r) {
      try {
        const v = JSON.parse(readFileSync(path(c, r), 'utf8')) as unknown;
        return Array.isArray(v) ? v : null;
      } catch {
        return null;
      }
    },
    saveSends(c, r, sends) {
      mkdirSync(join(dataDir, 'frostd-inbox', safe(c)), { recursive: true });
      writeFileAtomic(sendsPath(c, r), JSON.stringify(sends));
    },
    loadSends(c, r) {
      try {
        const v = JSON.parse(readFileSync(sendsPath(c, r), 'utf8')) as Partial<RunSends> | null;
        return v && Number.isInteger(v.sent) ? { sent: v.sent!, pending: v.pending ?? null } : null;
      } catch {
        return null;
      }
    },
  };
}

/**
 * The product's `services.frost` for one data folder. `override` (what a test or shell passed
 * as `services.frost`) replaces parts: e.g. `{ frostd: frostdAccess({ now: fakeClock }) }`.
 */
export function frostAppServices(args: {
  dataDir: string;
  vault: VaultAccess;
  frostd?: FrostdAccessOptions;
  secretExport?: SecretExportGate;
  override?: unknown;
}): FrostServices {
  const o = (args.override ?? {}) as FrostServices;
  const secretExport = o.secretExport ?? args.secretExport;
  return {
    frostd: o.frostd ?? frostdAccess(args.frostd),
    addressBook: o.addressBook ?? addressBookAccess(args.dataDir, args.vault),
    inbox: o.inbox ?? fileInbox(args.dataDir),
    ...(secretExport ? { secretExport } : {}),
    deleteSecret:
      o.deleteSecret ??
      (async (id) => {
        const v = await args.vault.unlockedVault();
        if (v.has(id)) await v.delete(id);
      }),
  };
}
