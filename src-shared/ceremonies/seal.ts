import { z } from 'zod';
import { CeremonyRecordView } from './record.ts';
import { ConfirmCode, Passphrase } from '../api/common.ts';
import { ErrorCodeSchema } from '../api/errors.ts';

/**
 * The Seal committee ceremony (protocol `seal`): what the renderer and main agree on.
 *
 * - create params (coordinator), join params (member or relay);
 * - every action's name and input schema (`SEAL_ACTIONS`), run with `ceremonies.act`;
 * - stable names the screens can rely on: roles, artifact ids, bundle steps, the vault id of the
 *   share, the transactions' titles; participant tags and fact labels name what people read
 *   (the screens show facts verbatim only and read the typed view, `SealView`, below).
 *
 * Everything here is public data. The DKG keys and the share never cross the API; the share
 * leaves the vault only through the explicit hand-off actions (env file, key-server package, clipboard) or the
 * vault's own encrypted backup (`vault.exportBackup` with `sealShareSecretId`).
 *
 * See src-main/core/ceremonies/seal/README.md for who runs which action when.
 */

// ---------------------------------------------------------------------------------------------
// Values

/** A Sui address or object id: 0x + 1..64 hex digits (normalized to 64 lowercase digits in main). */
export const SuiAddress = z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, 'not a Sui address (0x followed by hex digits)');

/**
 * Where the ceremony runs: `testnet`, `mainnet`, `devnet`, `localnet`, a full node URL
 * (`https://…`), or a rehearsal ledger: `rehearsal:<folder>` (a folder every participant on this
 * machine or share can open). `rehearsal` alone is a ledger living only inside one process (tests).
 */
export const SealNetwork = z.string().min(1).max(1000);

export const SEAL_ROLES = ['coordinator', 'member', 'relay'] as const;
export const SealRole = z.enum(SEAL_ROLES);
export type SealRole = z.infer<typeof SealRole>;

/**
 * Every on-chain step; each becomes a pending transaction with artifact `tx-<purpose>`. A key
 * rotation uses `init-rotation` (coordinator) instead of publish + init-committee, and its
 * `propose` is the `propose_for_rotation` call.
 */
export const SEAL_TX_PURPOSES = ['publish', 'init-committee', 'register', 'propose', 'init-rotation'] as const;
export const SealTxPurpose = z.enum(SEAL_TX_PURPOSES);
export type SealTxPurpose = z.infer<typeof SealTxPurpose>;

/** Each transaction's name for people, the same in main's sentences and on the screens. */
export const SEAL_TX_TITLES: Record<SealTxPurpose, string> = {
  publish: 'Publish the committee package',
  'init-committee': 'Create the committee (init_committee)',
  register: 'Register the DKG keys',
  propose: 'Propose the DKG result',
  'init-rotation': 'Start the key rotation (init_rotation)',
};

/** The two moments a member compares a code aloud: the committee (fresh or rotation, one combined code) and the result. */
export const SEAL_CODE_MOMENTS = ['committee', 'messages-hash'] as const;
export const SealCodeMoment = z.enum(SEAL_CODE_MOMENTS);
export type SealCodeMoment = z.infer<typeof SealCodeMoment>;

export const SEAL_CODE_VERDICTS = ['match', 'differs'] as const;
export const SealCodeVerdict = z.enum(SEAL_CODE_VERDICTS);
export type SealCodeVerdict = z.infer<typeof SealCodeVerdict>;

// ---------------------------------------------------------------------------------------------
// Create (coordinator) and join (member, relay)

export const SealMemberInput = z
  .object({
    address: SuiAddress,
    /** A name people recognise ("Alice, Mysten"); shown on dashboards, never written on chain. */
    label: z.string().trim().max(100).optional(),
  })
  .strict();
export type SealMemberInput = z.infer<typeof SealMemberInput>;

export const SealCreateParams = z
  .object({
    network: SealNetwork,
    /** t of n: how many members' key servers must answer for a user key. At least 2 (the contract's rule). */
    threshold: z.number().int().min(2).max(1000),
    /** In party order: party id = index (0-based). */
    members: z.array(SealMemberInput).min(2).max(1000),
    /** The coordinator's Sui address: it publishes the package and creates the committee (needs gas). */
    coordinatorAddress: SuiAddress,
    /**
     * The committee package: the JSON printed by `sui move build --dump-bytecode-as-base64` in
     * seal's move/committee (file content, not a path). Optional on a rehearsal, which then uses
     * a built-in rehearsal package.
     */
    bytecodeDump: z.string().min(2).max(5_000_000).optional(),
  })
  .strict()
  .refine((p) => p.threshold <= p.members.length, { message: 'the threshold cannot exceed the number of members', path: ['threshold'] });
export type SealCreateParams = z.infer<typeof SealCreateParams>;

/**
 * Key rotation (coordinator): moves the committee holding `keyServerObjId` (version X) to a new
 * committee (version X+1) with new members and threshold; KEY_SERVER_PK stays the same. The
 * current committee and its package are read from the chain. Rules checked before any
 * transaction: `coordinatorAddress` must be a member of the CURRENT committee (the contract
 * requires the sender of init_rotation to be an old member), and at least the current threshold
 * of current members must continue. Members keep their addresses; party ids are the new order.
 */
export const SealRotationCreateParams = z
  .object({
    network: SealNetwork,
    /** KEY_SERVER_OBJ_ID of the committee to rotate (from any continuing member's key-server-config.yaml). */
    keyServerObjId: SuiAddress,
    /** t of the NEW committee (at least 2). */
    threshold: z.number().int().min(2).max(1000),
    /** The NEW committee in party order, continuing and joining members alike. */
    members: z.array(SealMemberInput).min(2).max(1000),
    /** A member of the current committee: it signs init_rotation (needs gas). */
    coordinatorAddress: SuiAddress,
  })
  .strict()
  .refine((p) => p.threshold <= p.members.length, { message: 'the threshold cannot exceed the number of members', path: ['threshold'] });
export type SealRotationCreateParams = z.infer<typeof SealRotationCreateParams>;

/**
 * What the rotation form shows before anything is created: the key server and the committee
 * holding it now (read from the chain), so the coordinator can pick who continues. Main builds
 * it with `previewSealRotation(services, network, keyServerObjId)` (core/ceremonies/seal).
 */
export const SealRotationPreview = z.object({
  keyServerObjId: z.string(),
  keyServerPk: z.string(),
  /** X: the key server's version now; the rotation makes X+1. */
  version: z.number().int(),
  currentCommitteeId: z.string(),
  packageId: z.string(),
  /** The current threshold: at least this many current members must continue. */
  threshold: z.number().int(),
  /** Current members by party id, with their key servers' on-chain names and URLs. */
  members: z.array(z.object({ partyId: z.number().int(), address: z.string(), name: z.string(), url: z.string() })),
});
export type SealRotationPreview = z.infer<typeof SealRotationPreview>;

const Mist = z.string().regex(/^\d+$/, 'MIST as decimal digits');

/**
 * Before registering: what the member's account holds and what the registration costs at most,
 * read from the chain by main (`seal.registerFunds`).
 */
export const SealRegisterFunds = z.object({
  /** The network's label ("Sui testnet", "REHEARSAL (not a real network)"). */
  network: z.string(),
  /** The account that signs the registration (0x + 64 hex). */
  address: z.string(),
  /** Its SUI, in MIST (10^-9 SUI). */
  balanceMist: Mist,
  /**
   * The most the registration can cost: the gas budget its transaction is built with (the build's
   * own dry-run estimate, or the prepared transaction's budget). Null when the node could not
   * estimate it (the reason in `feeProblem`).
   */
  feeMist: Mist.nullable(),
  feeProblem: z.string().nullable(),
  /** A rehearsal ledger tops the account up itself before preparing a transaction. */
  selfFunding: z.boolean(),
  /** Where test SUI comes from (testnet and devnet); null on mainnet, custom nodes and rehearsals. */
  faucetUrl: z.string().url().nullable(),
});
export type SealRegisterFunds = z.infer<typeof SealRegisterFunds>;

/** Whether a key server URL answers now (information only: a key server starts once it has its share). */
export const KeyServerReach = z.object({
  reachable: z.boolean(),
  /** The HTTP status it answered with; null when nothing answered. */
  status: z.number().int().nullable(),
  /** Why not, or what answered, in words ("connection refused", "redirects to other.example"). */
  detail: z.string(),
});
export type KeyServerReach = z.infer<typeof KeyServerReach>;

/**
 * The committee health check (`seal.checkKeyServers`, `ceremony seal health`): for each member of
 * the committee holding the key server now, what its registered URL answers. Main makes every
 * request (with the member's API key from the coordinator's vault when it holds one; the key never
 * comes back). `problem` and `whatToDo` are the words for people; the renderer reads the fields.
 */
export const KeyServerPartialPkCheck = z.enum([
  /** /v1/debug/committee_partial_pk returns the partial key on chain for this member. */
  'matches',
  /** It returns the partial key of ANOTHER member (`otherMember`): URLs or shares mixed up. */
  'another-member',
  /** It returns a partial key that is on chain for nobody in the committee. */
  'differs',
  /** 400 "Unsupported": a key server that is not in committee mode (it serves other key servers). */
  'not-committee-mode',
  /** The key server answered with one of its errors ({"error","message"}). */
  'key-server-error',
  /** 401 or 403 before the key server (a gateway asking for the API key). */
  'needs-api-key',
  /** Something answered, but not a Seal key server (no such route, not its JSON). */
  'not-a-key-server',
  'no-answer',
]);
export type KeyServerPartialPkCheck = z.infer<typeof KeyServerPartialPkCheck>;

export const KeyServerServiceCheck = z.enum([
  /** 400 InvalidServiceId: a committee-mode key server answers /v1/service so for every id (upstream builds no proof of possession for a committee). */
  'committee-mode',
  /** 200 with service_id = KEY_SERVER_OBJ_ID. */
  'this-key-server',
  /** 200 for another object id (`serviceId`). */
  'another-key-server',
  'key-server-error',
  'needs-api-key',
  'not-a-key-server',
  'no-answer',
]);
export type KeyServerServiceCheck = z.infer<typeof KeyServerServiceCheck>;

export const SealKeyServerHealth = z.object({
  partyId: z.number().int(),
  address: z.string(),
  /** The member as the coordinator knows them ("Bob (party 1)"). */
  name: z.string(),
  /** The key server's on-chain name and URL. */
  serverName: z.string(),
  url: z.string(),
  ok: z.boolean(),
  /** GET {url}/health answered at all (any status). */
  reachable: z.boolean(),
  reachDetail: z.string(),
  partialPk: z.object({
    check: KeyServerPartialPkCheck,
    /** What it served (0x hex of the 96-byte point), when it served one. */
    served: z.string().nullable(),
    onChain: z.string(),
    otherMember: z.string().nullable(),
    detail: z.string(),
  }),
  service: z.object({ check: KeyServerServiceCheck, serviceId: z.string().nullable(), detail: z.string() }),
  /** X-KeyServer-Version (what the aggregator checks), else /health's version; null when it says none. */
  version: z.string().nullable(),
  gitVersion: z.string().nullable(),
  /** The API key header sent (its NAME only), or null when this install holds no key for the member. */
  apiKeyHeader: z.string().nullable(),
  /** What is wrong and what to do, for people; null when ok. */
  problem: z.string().nullable(),
  whatToDo: z.string().nullable(),
});
export type SealKeyServerHealth = z.infer<typeof SealKeyServerHealth>;

export const SealCommitteeHealth = z.object({
  keyServerObjId: z.string(),
  /** The committee version whose partial keys were compared (MASTER_SHARE_V<version>). */
  version: z.number().int(),
  network: z.string(),
  checkedAt: z.string(),
  ok: z.boolean(),
  members: z.array(SealKeyServerHealth),
});
export type SealCommitteeHealth = z.infer<typeof SealCommitteeHealth>;

/** True when `ceremonies.create` params ask for a rotation (they name a key server). */
export function isSealRotationParams(params: unknown): boolean {
  return typeof params === 'object' && params !== null && 'keyServerObjId' in params;
}

export const SealJoinParams = z
  .object({
    /** `member` (default): you are on the committee. `relay`: this online install acts for an air-gapped member. */
    role: z.enum(['member', 'relay']).default('member'),
    /**
     * The member's address. A member may leave it out: the one wallet account (in this install's
     * vault) that is on the member list is taken. A relay must give the address of the member it serves.
     */
    address: SuiAddress.optional(),
    /** Member only: this install never goes online; chain steps go through a relay with bundles. */
    airGapped: z.boolean().default(false),
    /** Override the network named in the invitation (e.g. where the rehearsal ledger folder is on this machine). */
    network: SealNetwork.optional(),
  })
  .strict();
export type SealJoinParams = z.infer<typeof SealJoinParams>;

// ---------------------------------------------------------------------------------------------
// Actions (`ceremonies.act` with `action` = key, `input` = value of the schema)

const Empty = z.object({}).strict();

/** A file path on the machine running main (chosen with a save dialog, or typed). */
const FilePath = z.string().min(1).max(4096);

export const SEAL_ACTIONS = {
  // --- every role ------------------------------------------------------------------------
  /**
   * Read the committee (and, once finalized, the key server) from the chain. Changes nothing when
   * nothing changed (no journal line), so the UI may poll it; on an air-gapped member it does nothing.
   */
  refresh: Empty,
  /**
   * The signature of the pending transaction: base64 (flag ‖ signature ‖ public key), as the
   * app's wallet or a hardware wallet returns it, or the JSON `sui keytool sign` prints.
   * Online it is checked and submitted; on an air-gapped member it becomes a `tx-signature` bundle.
   */
  'submit-signature': z.object({ signature: z.string().min(10).max(4_000_000) }).strict(),
  /** Forget the pending transaction (it was never submitted), to prepare it again. */
  'cancel-transaction': Empty,

  // --- coordinator ---------------------------------------------------------------------------
  /** Prepare transaction 1 of 2: publish the committee package. */
  publish: Empty,
  /** Prepare transaction 2 of 2: `init_committee` (threshold and members). */
  'init-committee': Empty,
  /** Rotation: prepare the one transaction, `init_rotation` (new threshold and members), sent by the coordinator (a current member). */
  'init-rotation': Empty,
  /**
   * Freeze the collected messages into the one message set every member must process (a
   * rotation: exactly the old threshold's number of messages, from continuing members).
   */
  'export-message-set': Empty,
  /**
   * Create the committee again without some members (`without`) or with others in their place
   * (`replace`: `new` takes the party id of `old`), before the message set is exported (phase 1
   * or 2): the contract has no cancel, so the abandoned committee is recorded and the package is
   * published again (`publish`, then `init-committee`, as at creation). `threshold` is kept unless
   * given; it must fit the new size. `bytecodeDump` is only needed by folders made before the
   * package was kept (off a rehearsal). Members import the new invitation into their ceremony.
   */
  'restart-committee': z.union([
    z
      .object({
        without: z.array(SuiAddress).min(1).max(1000),
        threshold: z.number().int().min(2).max(1000).optional(),
        bytecodeDump: z.string().max(10_000_000).optional(),
      })
      .strict(),
    z
      .object({
        replace: z
          .array(z.object({ old: SuiAddress, new: SuiAddress, label: z.string().trim().max(100).optional() }).strict())
          .min(1)
          .max(1000),
        threshold: z.number().int().min(2).max(1000).optional(),
        bytecodeDump: z.string().max(10_000_000).optional(),
      })
      .strict(),
  ]),
  /** Write every collected `message_<P>.json` into a folder (a `dkg-messages` folder for seal-committee-cli users). */
  'export-messages-folder': z.object({ path: FilePath }).strict(),

  // --- member ------------------------------------------------------------------------------
  /** Generate the DKG keys into the vault, with the key server's public URL and on-chain name. */
  'generate-keys': z
    .object({
      serverUrl: z.string().trim().url().max(500),
      serverName: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dot, dash or underscore'),
    })
    .strict(),
  /**
   * Record the comparison of this moment's code with what the member heard (Signal's "Codes
   * match" / "A code differs"): `code` is the code the screen showed (refused when it is not the
   * current one), `heard` the participant ids whose code was heard, the coordinator included.
   * Journaled. `register` needs a "match" of the committee code, `propose` a "match" of the
   * current messages_hash code (else `seal/codes-not-confirmed`); "differs" stops both.
   */
  'confirm-code': z
    .object({
      moment: SealCodeMoment,
      verdict: SealCodeVerdict,
      code: z.string().min(1).max(100),
      heard: z.array(z.string().min(1).max(100)).max(1000),
    })
    .strict(),
  /** Register the DKG keys on chain (online: prepares the transaction; air-gapped: a request bundle for the relay). Cannot be undone. */
  register: Empty,
  /**
   * Create this member's DKG message (after everyone registered). In a rotation only continuing
   * members deal: the message's constant term is the member's share of the current version,
   * taken from the vault automatically (the `seal.share` whose public key is this member's
   * on-chain partial key) or imported first with `import-old-share`.
   */
  'create-message': Empty,
  /**
   * Rotation, continuing member whose current share was made elsewhere: reads
   * MASTER_SHARE_V<current> from a file main reads (`path`: an env file, a dkg.yaml, or hex) or a
   * typed `value` (0x… hex, or `MASTER_SHARE_V<k>=0x…`), checks it against the member's on-chain
   * partial key of the current version, and keeps it in the vault. A share that does not match is
   * refused and nothing is stored. Prefer `path` in the UI (the value then never enters the renderer).
   */
  'import-old-share': z
    .object({ path: FilePath.optional(), value: z.string().trim().min(1).max(20_000).optional() })
    .strict()
    .refine((v) => (v.path === undefined) !== (v.value === undefined), { message: 'give either path or value' }),
  /** Rotation, joining member: initialise without dealing (seal-committee-cli init-state); checks every registration. */
  'init-state': Empty,
  /** Process the message set: check every message, derive KEY_SERVER_PK, the partial keys and this member's share (kept in the vault). */
  process: Empty,
  /** Propose the result on chain (online: prepares the transaction; air-gapped: a request bundle for the relay). Cannot be undone. */
  propose: Empty,
  /**
   * Forget the message files refused at import (unreadable, a second message from one sender, a
   * rotation message from a joining member) and, before processing, the messages imported from
   * files, so the corrected messages folder is imported afresh. While a refusal is recorded,
   * process and propose refuse, naming the file.
   */
  'clear-message-files': Empty,
  /**
   * Write the share to a file for the key server machine, mode 0600: `env` writes
   * `MASTER_SHARE_V<k>=0x…`; `dkg-yaml` writes the full dkg.yaml with MASTER_SHARE_V<k> as
   * seal-committee-cli does. The file holds the secret share: move it, then delete it. In a
   * rotation, a continuing member's env file holds BOTH `MASTER_SHARE_V<X>` and
   * `MASTER_SHARE_V<X+1>` until the chain reaches X+1 (the key server's Rotation mode), then only
   * the new one. The renderer never names the file: main asks the person (desktop: native save
   * dialog and confirmation; loopback: `ceremony-exports/` and the one-time code printed on the
   * host's terminal, given as `confirmCode` on the second call).
   */
  'export-share-file': z.object({ format: z.enum(['env', 'dkg-yaml']).default('env'), confirmCode: ConfirmCode.optional() }).strict(),
  /**
   * After finalization (or during a rotation, once processed): ONE encrypted file for whoever runs
   * this member's key server, holding the env file `export-share-file` writes, key-server-config.yaml
   * and a README.txt, under `passphrase` (scrypt + AES-256-GCM; src-main/core/formats/seal/
   * key-server-package.ts). Written 0600 where the person chooses, as `export-share-file`. The
   * operator opens it with `npx ceremony seal open-package <file> <folder>`. The passphrase is not
   * journaled, not even as a digest.
   */
  'export-key-server-package': z.object({ passphrase: Passphrase, confirmCode: ConfirmCode.optional() }).strict(),
  /** Desktop app only: copy `0x…` share to the clipboard; the clipboard is cleared after 60 s. */
  'copy-share': Empty,
  /** Record that the share was backed up with `vault.exportBackup` (the encrypted backup bundle). */
  'note-share-backup': z.object({ path: FilePath }).strict(),
  /**
   * Send the aggregator's API credentials for this member's key server to the coordinator (a
   * bundle, the credentials encrypted to the coordinator's X25519 key from the invitation).
   * Without `apiKey` a random one is generated. The key stays in the vault; `copy-api-key` puts it
   * on the clipboard.
   */
  'send-api-credentials': z
    .object({
      apiKeyName: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name: letters, digits and - _ .'),
      apiKey: z.string().trim().min(8).max(500).optional(),
    })
    .strict(),
  /** Desktop app only: copy this member's API key (from the vault) to the clipboard; cleared after 60 s. */
  'copy-api-key': Empty,
  /**
   * Coordinator: write aggregator-config.yaml (it holds the members' API keys) as an explicit
   * export, mode 0600, where the person chooses (as `export-share-file`).
   */
  'export-aggregator-config': z.object({ confirmCode: ConfirmCode.optional() }).strict(),
  /** After finalization: delete the DKG keys and working state from the vault. The share stays. Cannot be undone. */
  cleanup: Empty,

  // --- relay ---------------------------------------------------------------------------------
  /**
   * Prepare the air-gapped member's requested transaction (from its request bundle) and write the
   * unsigned-transaction bundle. Without `purpose`: the request that is waiting.
   */
  'prepare-transaction': z.object({ purpose: z.enum(['register', 'propose']).optional() }).strict(),
} as const;

export type SealActionName = keyof typeof SEAL_ACTIONS;

// ---------------------------------------------------------------------------------------------
// Names the screens can rely on

/** Participant ids in views and bundle headers. */
export const sealParticipantId = {
  coordinator: 'coordinator',
  member: (partyId: number) => `member-${partyId}`,
  relay: (partyId: number) => `relay-${partyId}`,
} as const;

/** Tags on `ParticipantView.tags` (besides "you"). */
export const SEAL_TAGS = {
  you: 'you',
  coordinator: 'coordinator',
  member: 'member',
  relay: 'relay',
  airGapped: 'air-gapped',
  registered: 'registered',
  messageReceived: 'message-received',
  proposed: 'proposed',
  credentials: 'api-credentials',
  /** Rotation: member of the current AND the new committee (deals with its old share). */
  continuing: 'continuing',
  /** Rotation: new in this committee (deals nothing, receives a share). */
  joining: 'joining',
  /** Rotation: member of the current committee who is not in the new one (participant id `old-member-<old party id>`). */
  leaving: 'leaving',
} as const;

/** Labels of `CeremonyView.facts` (values are human text; mono for ids and keys). */
export const SEAL_FACTS = {
  network: 'Network',
  rehearsal: 'REHEARSAL',
  role: 'Your role',
  committeeId: 'Committee ID',
  committeePackage: 'Committee package',
  committeeCheckCode: 'Committee check code',
  threshold: 'Threshold',
  coordinatorAddress: 'Coordinator address',
  myAddress: 'Your address',
  partyId: 'Your party id',
  serverName: 'Key server name',
  serverUrl: 'Key server URL',
  registrationsCheckCode: 'Registrations check code',
  messageCheckCode: 'Your message check code',
  messagesHash: 'messages_hash',
  messagesHashCheckCode: 'messages_hash check code',
  keyServerPk: 'KEY_SERVER_PK',
  keyServerObjId: 'KEY_SERVER_OBJ_ID',
  committeeVersion: 'Committee version',
  partialKeyServer: (partyId: number) => `Partial key server ${partyId}`,
  pendingTx: 'Transaction to sign',
  pendingTxFile: 'Transaction file',
  pendingTxDigest: 'Transaction digest',
  pendingTxSender: 'Transaction sender',
  lastTxError: 'Last transaction failed',
  share: 'Share in vault',
  shareHandoff: 'Share handed off',
  apiKeyName: 'API key header',
  credentials: 'API credentials received',
  lastChainChange: 'Committee last changed',
  /** Rotation facts. */
  rotation: 'Key rotation',
  rotationCheckCode: 'Rotation check code',
  oldCommitteeId: 'Current committee ID',
  oldThreshold: 'Current threshold',
  continuingMembers: 'Continuing members',
  leavingMembers: 'Leaving members',
  joiningMembers: 'Joining members',
  messagesNeeded: 'Messages needed',
  /** Rotation member: "Continuing (party 1 of version 0 → party 0)" or "Joining (party 3)". */
  rotationPart: 'Your part in the rotation',
  /** Continuing member: vault id of the share of the current version, and where it came from. */
  oldShare: 'Current share in vault',
  /** Member: the key-server-config state and the MASTER_SHARE_V<k> variables its key server needs. */
  keyServerConfig: 'Key server config',
  shareEnvNames: 'Key server share variables',
  /** A finished committee that a rotation replaced: what happened to this member's share. */
  retired: 'Rotated away',
  /** The coordinator created the committee again without or instead of some members. */
  restarted: 'Committee restarted',
  /** Coordinator: the committees abandoned by restarts (their ids; they stay on chain, unused). */
  abandonedCommittees: 'Abandoned committees',
} as const;

/** Artifact ids (`ceremonies.readArtifact`, `bundles.exportToFolder`). */
export const SEAL_ARTIFACTS = {
  /** dkg.yaml without secrets (coordinator: the invitation; member: with its own sections). */
  dkgYaml: 'dkg-yaml',
  /** Invitation bundle (coordinator). */
  invitation: 'invitation',
  /** The member's own message bundle and its message_<P>.json. */
  messageBundle: 'message',
  messageJson: 'message-json',
  /** Coordinator: each collected message as message_<P>.json. */
  collectedMessage: (partyId: number) => `message-${partyId}`,
  /** Coordinator: the message-set bundle. */
  messageSet: 'message-set',
  /** `{ "txBytes", "digest", "sender", … }` of a prepared transaction, for offline signing. */
  tx: (purpose: SealTxPurpose) => `tx-${purpose}`,
  keyServerConfig: 'key-server-config',
  apiCredentials: 'api-credentials',
  /** Air-gapped member → relay. */
  registerRequest: 'register-request',
  proposeRequest: 'propose-request',
  txSignature: (purpose: 'register' | 'propose') => `tx-signature-${purpose}`,
  /** Member: evidence against the dealer of party `partyId`, whose signed message failed a check. */
  evidence: (partyId: number) => `evidence-${partyId}`,
  /** Relay → air-gapped member. */
  unsignedTx: (purpose: 'register' | 'propose') => `unsigned-tx-${purpose}`,
  /** Relay or coordinator → air-gapped member. */
  snapshotRegistered: 'chain-registered',
  snapshotFinalized: 'chain-finalized',
} as const;

/** Bundle steps (`header.step`), for import screens. `<n>` counts attempts of a relayed transaction. */
export const SEAL_BUNDLE_STEPS = {
  invitation: 'invitation',
  message: 'message',
  messageSet: 'message-set',
  registerRequest: 'register-request',
  proposeRequest: 'propose-request',
  unsignedTx: (purpose: 'register' | 'propose', attempt: number) => `unsigned-tx.${purpose}.${attempt}`,
  txSignature: (purpose: 'register' | 'propose', attempt: number) => `tx-signature.${purpose}.${attempt}`,
  snapshotRegistered: 'chain.registered',
  snapshotFinalized: 'chain.finalized',
  apiCredentials: 'api-credentials',
} as const;

/** Participant id of a current member who leaves in a rotation (dashboard only; never a bundle sender). */
export const sealLeavingParticipantId = (oldPartyId: number) => `old-member-${oldPartyId}`;

/** Vault id of a member's share of committee version `version` (for `vault.exportBackup`). */
export function sealShareSecretId(ceremonyId: string, version = 0): string {
  return `${ceremonyId}/share-v${version}`;
}

/** What `tx-<purpose>.json` holds; `sui keytool sign --address <sender> --data <txBytes>` signs it. */
export const SealTxFile = z.object({
  txBytes: z.string().min(1),
  digest: z.string().min(1),
  sender: SuiAddress,
  purpose: SealTxPurpose.optional(),
  network: z.string().optional(),
  description: z.array(z.string()).optional(),
});
export type SealTxFile = z.infer<typeof SealTxFile>;

// ---------------------------------------------------------------------------------------------
// The typed view (`CeremonyView.view` when `protocol` is 'seal'): data, never sentences.

/** Where the ceremony runs, for the header's marker (mainnet is red, a rehearsal purple, the rest calm). */
export const SEAL_NETWORK_KINDS = ['mainnet', 'testnet', 'devnet', 'localnet', 'custom', 'rehearsal'] as const;
export const SealNetworkKind = z.enum(SEAL_NETWORK_KINDS);
export type SealNetworkKind = z.infer<typeof SealNetworkKind>;

/**
 * The steps in plain words, one enum for every role (the screens word them per role):
 * join (the committee is being set up / this member compares the committee code), register,
 * send-message, check-result (the messages_hash code is compared and proposals collected),
 * hand-over (share to the key server, API credentials to the coordinator, clean-up), done.
 * `retired`: a later rotation replaced this finished committee.
 */
export const SEAL_STEPS = ['join', 'register', 'send-message', 'check-result', 'hand-over', 'done', 'retired'] as const;
export const SealStep = z.enum(SEAL_STEPS);
export type SealStep = z.infer<typeof SealStep>;

/** One journaled comparison: the code on this screen, the verdict, whose code the member heard (participant ids, the coordinator first). */
export const SealCodeCheck = z.object({
  moment: SealCodeMoment,
  code: z.string(),
  verdict: SealCodeVerdict,
  heard: z.array(z.string()),
  at: z.string(),
});
export type SealCodeCheck = z.infer<typeof SealCodeCheck>;

/** What the chain (or a snapshot, or an import) shows for one member of the new committee. */
export const SealMemberRow = z.object({
  partyId: z.number().int(),
  /** Participant id (`member-<party>`), for `heard` and bundle senders. */
  id: z.string(),
  name: z.string(),
  address: z.string(),
  you: z.boolean(),
  /** Known for this install's own member; other members' machines are not visible (null). */
  airGapped: z.boolean().nullable(),
  /** Rotation: continues from the current committee (deals) or joins (receives); null on a fresh ceremony. */
  rotationPart: z.enum(['continuing', 'joining']).nullable(),
  registered: z.boolean(),
  /** Coordinator: its DKG message was imported; member: in its inbox; null where this install cannot know. */
  messageReceived: z.boolean().nullable(),
  proposed: z.boolean(),
  /** Coordinator: the member's API credentials arrived; null elsewhere. */
  credentials: z.boolean().nullable(),
  /** The member's message check code once received (coordinator), for Technical details. */
  messageCode: z.string().nullable(),
});
export type SealMemberRow = z.infer<typeof SealMemberRow>;

/** A file that must travel now (the "Carry now" tray): an artifact of this ceremony and who receives it. */
export const SealCarry = z.object({
  artifactId: z.string(),
  to: z.enum(['coordinator', 'members', 'relay', 'air-gapped-member', 'key-server', 'seal-committee-cli']),
});
export type SealCarry = z.infer<typeof SealCarry>;

/**
 * An air-gapped member's USB trip: the `n`th of `total` carries of the stick to (`in`) or from
 * (`out`) the offline machine, and what it carries.
 */
export const SEAL_USB_TRIP_CONTENTS = [
  'invitation',
  'registration-request',
  'registration-transaction',
  'registration-signature',
  'registrations-snapshot',
  'message',
  'message-set',
  'message-set-and-proposal',
  'proposal-request',
  'proposal-transaction',
  'proposal-signature',
  'proposal-signature-and-hand-over',
  'finalized-snapshot',
  'hand-over',
] as const;
export const SealUsbTrip = z.object({
  n: z.number().int().min(1),
  total: z.number().int().min(1),
  direction: z.enum(['in', 'out']),
  what: z.enum(SEAL_USB_TRIP_CONTENTS),
});
export type SealUsbTrip = z.infer<typeof SealUsbTrip>;

/**
 * Where the share went: an env file or dkg.yaml (`where` is its path), the clipboard, the vault's
 * encrypted backup, or the encrypted package for the key-server operator.
 */
export const SEAL_HANDOFF_METHODS = ['env-file', 'dkg-yaml', 'clipboard', 'backup', 'key-server-package'] as const;
export const SealShareHandoff = z.object({ method: z.enum(SEAL_HANDOFF_METHODS), where: z.string().nullable(), at: z.string() });
export type SealShareHandoff = z.infer<typeof SealShareHandoff>;

/**
 * A rotation member's own part: continuing (it was party `oldPartyId` of the current version and
 * deals its share of that version, which is `found` in this vault, `imported`, or still `missing`)
 * or joining (deals nothing, receives a share).
 */
export const SealMyRotation = z.discriminatedUnion('part', [
  z.object({ part: z.literal('continuing'), oldPartyId: z.number().int(), oldShare: z.enum(['found', 'imported', 'missing']) }),
  z.object({ part: z.literal('joining') }),
]);
export type SealMyRotation = z.infer<typeof SealMyRotation>;

const SealPerson = z.object({ name: z.string(), address: z.string() });

/** One restart of the committee as people read it: the count so far, who was left out, who replaced whom. */
export const SealRestartView = z.object({
  count: z.number().int().min(1),
  removed: z.array(SealPerson),
  replaced: z.array(z.object({ old: SealPerson, new: SealPerson })),
});
export type SealRestartView = z.infer<typeof SealRestartView>;

export const SealView = z.object({
  protocol: z.literal('seal'),
  role: SealRole,
  /** This install's party id in the new committee (members and relays); null for the coordinator. */
  partyId: z.number().int().nullable(),
  threshold: z.number().int(),
  /** Members of the committee being made. */
  n: z.number().int(),
  committeeId: z.string().nullable(),
  /** A key rotation: the key server's version now and the one this rotation makes. */
  rotation: z.object({ fromVersion: z.number().int(), toVersion: z.number().int(), oldThreshold: z.number().int() }).nullable(),
  /** Coordinator, once every member registered: DKG messages collected and how many the set needs (null while a rotation's needs are unknown). */
  messages: z.object({ received: z.number().int(), needed: z.number().int().nullable() }).nullable(),

  network: z.object({ kind: SealNetworkKind, /** "Sui Testnet", "Rehearsal ledger", the full node's host. */ label: z.string() }),
  step: SealStep,
  /** Members (and relays): the member this install acts for; null for the coordinator. */
  me: z.object({ name: z.string(), address: z.string(), airGapped: z.boolean() }).nullable(),
  coordinatorAddress: z.string(),
  /** The new committee in party order. */
  members: z.array(SealMemberRow),
  /** Rotation: current members who are not in the new committee. */
  leaving: z.array(z.object({ name: z.string(), address: z.string() })),
  /** Names of the people the current step waits for (members by name; "the coordinator"-style roles are the screens' words). */
  waitingFor: z.array(z.string()),
  /** The codes of this moment: the committee code (rotation: combined with the rotation) and the messages_hash code. */
  codes: z.object({ committee: z.string().nullable(), messagesHash: z.string().nullable() }),
  /** Member: the journaled comparisons, oldest first; the latest per moment counts. */
  codeChecks: z.array(SealCodeCheck),
  /** Files that must travel now, in the order to carry them. */
  carry: z.array(SealCarry),
  /** Air-gapped member: the USB trip it is at (null online, and after the last one). */
  usbTrip: SealUsbTrip.nullable(),
  /**
   * A transaction prepared and waiting for its signature (or, air-gapped, for the relay); its
   * unsigned transaction file (`SealTxFile`) is the artifact `artifactId`.
   */
  pendingTx: z
    .object({
      purpose: SealTxPurpose,
      digest: z.string(),
      sender: z.string(),
      status: z.enum(['unsigned', 'submitting', 'signed']),
      artifactId: z.string(),
    })
    .nullable(),
  /** The last submission that failed (cleared by the next one that succeeds); `message` is shown as it is. */
  lastTxError: z.object({ purpose: SealTxPurpose, code: ErrorCodeSchema, message: z.string() }).nullable(),
  /** The member's own key server (URL and on-chain name) once chosen. */
  server: z.object({ url: z.string(), name: z.string() }).nullable(),
  /** Once finalized: KEY_SERVER_OBJ_ID, KEY_SERVER_PK and the committee version. */
  keyServer: z.object({ objectId: z.string(), pk: z.string(), version: z.number().int() }).nullable(),
  /**
   * Member after processing: the share of committee `version` is in the vault
   * (`sealShareSecretId(ceremonyId, version)`); the key server needs these MASTER_SHARE_V<k> names
   * now; where the share was handed so far, oldest first.
   */
  share: z.object({ version: z.number().int(), envNames: z.array(z.string()), handoffs: z.array(SealShareHandoff) }).nullable(),
  /**
   * Member: the latest evidence this install saved against a dealer whose signed message failed
   * a check while processing (`artifactId` is the file to send to the coordinator, `fileName` its
   * name), shown until a set is processed; null otherwise.
   */
  evidence: z
    .object({ accused: z.string(), partyId: z.number().int(), check: z.string(), artifactId: z.string(), fileName: z.string() })
    .nullable(),
  /** Member of a key rotation, once its details are known: its own part (null elsewhere). */
  myRotation: SealMyRotation.nullable(),
  /** Member after finalization: the hand-over checklist ("Done" only when all three are true). */
  handover: z.object({ share: z.boolean(), credentials: z.boolean(), cleanup: z.boolean() }).nullable(),
  /**
   * A later rotation moved the key server off this finished committee: its version now, and
   * whether this install's member is in the new committee (null when not known, e.g. a relay).
   */
  retired: z.object({ version: z.number().int(), stillMember: z.boolean().nullable() }).nullable(),
  /** Coordinator, once finalized: the ceremony record it collects from the members' credentials (null elsewhere). */
  record: CeremonyRecordView.nullable(),
  /**
   * The coordinator restarted the committee (the latest restart; null when never): how many
   * times, who was left out, who took whose place. Members learn it from the new invitation.
   */
  restart: SealRestartView.nullable(),
  /** Coordinator: `restart-committee` can run now (a fresh committee created on chain, no message set yet). */
  canRestart: z.boolean(),
});
export type SealView = z.infer<typeof SealView>;
