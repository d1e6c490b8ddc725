import { z } from 'zod';
import { CeremonyRecordView } from './record.ts';
import { ConfirmCode } from '../api/common.ts';

/**
 * FROST ceremony inputs shared by main (validation) and the renderer (forms). Everything here
 * is public: messages to sign, names, identifiers, signatures. Secrets never appear in inputs
 * except the frost-client TOML of `mode: 'import'`, which only the CLI sends (the file already
 * holds them in clear; main moves them into the vault). The screens import by path
 * (`mode: 'import-file'`): main reads the file, and the TOML never enters the window.
 */

/** Short suite names, as the CLI and the forms show them (same order as the core's list). */
export const FROST_SUITES = [
  { name: 'ed25519', id: 'FROST-ED25519-SHA512-v1', title: 'Ed25519 (RFC 8032 signatures; frost-client default)' },
  { name: 'secp256k1-tr', id: 'FROST-secp256k1-SHA256-TR-v1', title: 'secp256k1 Taproot (BIP340 signatures)' },
  { name: 'secp256k1', id: 'FROST-secp256k1-SHA256-v1', title: 'secp256k1 (RFC 9591)' },
  { name: 'p256', id: 'FROST-P256-SHA256-v1', title: 'P-256 (RFC 9591)' },
  { name: 'ed448', id: 'FROST-ED448-SHAKE256-v1', title: 'Ed448 (RFC 8032 signatures)' },
  { name: 'ristretto255', id: 'FROST-RISTRETTO255-SHA512-v1', title: 'ristretto255 (RFC 9591)' },
  { name: 'redpallas', id: 'FROST(Pallas, BLAKE2b-512)', title: 'RedPallas (Zcash Orchard; frost-client -C redpallas)' },
] as const;
export type FrostSuiteName = (typeof FROST_SUITES)[number]['name'];
const suiteNames = FROST_SUITES.map((s) => s.name) as [FrostSuiteName, ...FrostSuiteName[]];

/** Largest message a signing request carries (frostd's message limit, so online sessions can carry it too). */
export const MAX_SIGN_MESSAGE_BYTES = 60_000;
export const MAX_FROST_MEMBERS = 100;

const Name = z
  .string()
  .trim()
  .min(1, 'A name cannot be empty.')
  .max(60, 'Keep names under 60 characters.')
  // Names become frost-client contact names and file names: printable, no control characters.
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f"\\/]+$/, 'Names cannot contain control characters, quotes, slashes or backslashes.');

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const MemberId = z.string().regex(/^p[1-9][0-9]{0,2}$/, 'not a member id');
const SessionId = z.string().regex(/^p[1-9][0-9]{0,2}-[1-9][0-9]{0,5}$/, 'not a session id');
const Hex = z.string().regex(/^(?:[0-9a-fA-F]{2})+$/, 'not hex');

export const FrostDkgCreate = z
  .object({
    mode: z.literal('dkg'),
    suite: z.enum(suiteNames),
    threshold: z.number().int().min(2),
    /** Group description (frost-client's `-d`). */
    description: z.string().trim().min(1).max(200),
    /** Every member's display name, the creator first. Member i gets FROST identifier i. */
    members: z.array(Name).min(2).max(MAX_FROST_MEMBERS),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.threshold > v.members.length)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `The threshold cannot exceed the ${v.members.length} members.` });
    const seen = new Set<string>();
    for (const n of v.members) {
      const k = n.trim().toLowerCase();
      if (seen.has(k))
        ctx.addIssue({ code: 'custom', path: ['members'], message: `"${n}" is listed twice; every member needs a distinct name.` });
      seen.add(k);
    }
  });

export const FrostContactsCreate = z.object({ mode: z.literal('contacts'), name: Name }).strict();

export const FrostImportCreate = z
  .object({
    mode: z.literal('import'),
    /** The frost-client credentials TOML text. */
    toml: z.string().min(1).max(5_000_000),
    /** Hex group verifying key (the `[group.<key>]` table) to import. */
    group: Hex,
  })
  .strict();

/** Where a file is on this computer (main reads it). */
const FilePath = z.string().trim().min(1, 'Enter the path of the file.').max(4096);

/**
 * A group of a frost-client credentials file, read by main from its path (the screens' import:
 * the file holds the key package in clear, so only its path crosses the API). `name` is what you
 * are called in this group (frost-client's file names only the others); default "Me".
 */
export const FrostImportFileCreate = z
  .object({
    mode: z.literal('import-file'),
    path: FilePath,
    /** Hex group verifying key (the `[group.<key>]` table) to import. */
    group: Hex,
    name: Name.optional(),
  })
  .strict();

/** `frost.previewClientFile`: the groups of a frost-client credentials file, before one is imported. */
export const FrostClientFileInput = z.object({ path: FilePath }).strict();

/**
 * One group of a frost-client credentials file, public data only (the key package stays in main):
 * what the screen shows to choose it, and the group key check code of the one chosen.
 */
export const FrostClientFileGroup = z.object({
  /** Hex group verifying key: sent back to import this group; not for display. */
  key: z.string(),
  description: z.string(),
  /** Short suite name (`ed25519`…), or frost-client's ciphersuite id when this app does not know it. */
  suite: z.string(),
  /** Check code of the group verifying key (as the group's screen shows it after the import). */
  code: z.string(),
  threshold: z.number().int().nullable(),
  /** Members in the public key package (null when the group cannot be read). */
  n: z.number().int().nullable(),
  /** The members as frost-client's contacts name them (null: not in the file's contacts); `you` is this file's member. */
  members: z.array(z.object({ name: z.string().nullable(), you: z.boolean() })),
  /** Why this group cannot be imported (unsupported suite, damaged), in words; null when it can. */
  problem: z.string().nullable(),
});
export type FrostClientFileGroup = z.infer<typeof FrostClientFileGroup>;

export const FrostClientFilePreview = z.object({ groups: z.array(FrostClientFileGroup) });
export type FrostClientFilePreview = z.infer<typeof FrostClientFilePreview>;

/** A frostd relay as frost-client takes it (`host:port`, https implied), or an https:// (or loopback http://) URL. */
export const FrostdServer = z
  .string()
  .trim()
  .min(3, 'Enter the relay address (host:port).')
  .max(255)
  .regex(/^[^\s"'<>\\]+$/, 'A relay address has no spaces or quotes.');
/** A frostd session id (UUID), as frost-client prints it. */
export const FrostdSessionId = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not a session id (a UUID like 0b7c…-…)');
/** How long a phase of an online run may wait for someone before it stops, naming them. */
const AddressBookId = z.string().regex(/^frost-[0-9a-f]{10}$/, 'not a FROST ceremony id');
const TimeoutMinutes = z
  .number()
  .int()
  .min(1)
  .max(24 * 60);
export const DEFAULT_ONLINE_TIMEOUT_MINUTES = 20;

/**
 * Online DKG, creator: the other members by their name in your address book (their zffrost1…
 * contacts) and the threshold. The session is made on the relay when the ceremony is created.
 */
export const FrostOnlineDkgCreate = z
  .object({
    mode: z.literal('online-dkg'),
    server: FrostdServer,
    suite: z.enum(suiteNames).default('ed25519'),
    threshold: z.number().int().min(2),
    description: z.string().trim().min(1).max(200),
    participants: z
      .array(Name)
      .min(1)
      .max(MAX_FROST_MEMBERS - 1),
    timeoutMinutes: TimeoutMinutes.default(DEFAULT_ONLINE_TIMEOUT_MINUTES),
    /** Which address book (ceremony id), when this install has several. */
    addressBook: AddressBookId.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.threshold > v.participants.length + 1)
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: `The threshold cannot exceed the ${v.participants.length + 1} members (you and ${v.participants.length} others).`,
      });
    const seen = new Set<string>();
    for (const n of v.participants) {
      const k = n.trim().toLowerCase();
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['participants'], message: `"${n}" is listed twice.` });
      seen.add(k);
    }
  });

/**
 * Online DKG, joiner: the relay; the session that includes you is found there (or named when
 * there are several). The threshold you were told is needed (a relay session does not carry it):
 * without it the session is found and `frost/online-threshold-needed` names its creator.
 */
export const FrostOnlineJoinCreate = z
  .object({
    mode: z.literal('online-join'),
    server: FrostdServer,
    suite: z.enum(suiteNames).default('ed25519'),
    description: z.string().trim().max(200).default(''),
    threshold: z.number().int().min(2).max(MAX_FROST_MEMBERS).optional(),
    session: FrostdSessionId.optional(),
    timeoutMinutes: TimeoutMinutes.default(DEFAULT_ONLINE_TIMEOUT_MINUTES),
    addressBook: AddressBookId.optional(),
  })
  .strict();

export const FrostCreate = z.discriminatedUnion('mode', [
  FrostDkgCreate,
  FrostContactsCreate,
  FrostImportCreate,
  FrostImportFileCreate,
  FrostOnlineDkgCreate,
  FrostOnlineJoinCreate,
]);
export type FrostCreate = z.infer<typeof FrostCreate>;

export const FrostNoInput = z.object({}).strict();
export const FrostSessionInput = z.object({ session: SessionId.optional() }).strict();

export const FrostSignRequest = z
  .object({
    signers: z.array(MemberId).min(1).max(MAX_FROST_MEMBERS),
    /** The message bytes, base64. */
    message: Base64.max(Math.ceil(MAX_SIGN_MESSAGE_BYTES / 3) * 4 + 4),
    /** A short label people recognise the request by (e.g. the file name). */
    label: z.string().trim().max(120).default(''),
  })
  .strict();
export type FrostSignRequest = z.input<typeof FrostSignRequest>;

export const FrostVerifyInput = z.object({ message: Base64, signature: Hex }).strict();

export const FrostRefreshStart = z.object({ participants: z.array(MemberId).min(2).max(MAX_FROST_MEMBERS).optional() }).strict();

export const FrostRepairStart = z.object({ target: MemberId, helpers: z.array(MemberId).min(1).max(MAX_FROST_MEMBERS) }).strict();

/**
 * Help rebuild a member's share: `code` is the newcomer's hello check code as this screen showed
 * it, compared with the newcomer in person ("Codes match", journaled); refused when it is not the
 * hello's (`frost/code-changed`), so a helper never seals a part for a key nobody compared.
 */
export const FrostRepairHelp = z.object({ session: SessionId.optional(), code: z.string().min(1).max(100) }).strict();
/** Decline to help; `differs`: the hello check code the screen showed, when the newcomer read another ("A code differs"). */
export const FrostRepairDecline = z.object({ session: SessionId.optional(), differs: z.string().min(1).max(100).optional() }).strict();

const OnlineRunId = z.string().regex(/^(dkg|o[1-9][0-9]{0,5})$/, 'not an online run id');
/** The online run an action is about (default: the one waiting for it). */
export const FrostOnlineRunInput = z.object({ run: OnlineRunId.optional() }).strict();

export const FrostOnlineSignRequest = z
  .object({
    signers: z.array(MemberId).min(1).max(MAX_FROST_MEMBERS),
    /** The message bytes, base64. */
    message: Base64.max(Math.ceil(MAX_SIGN_MESSAGE_BYTES / 3) * 4 + 4),
    label: z.string().trim().max(120).default(''),
    /** Default: the relay the group was made on. */
    server: FrostdServer.optional(),
  })
  .strict();
export type FrostOnlineSignRequest = z.input<typeof FrostOnlineSignRequest>;

/** Join a signing of this group: the session that includes you, or the one named. */
export const FrostOnlineSignJoin = z.object({ session: FrostdSessionId.optional(), server: FrostdServer.optional() }).strict();

/** The group key check code compared aloud after a DKG ("Codes match" / "A code differs"). */
export const FrostCodeVerdict = z.enum(['match', 'differs']);
export type FrostCodeVerdict = z.infer<typeof FrostCodeVerdict>;

/**
 * Record the comparison of the group key check code with the other members (journaled): `code`
 * is the code the screen showed (refused when it is not the current one), `heard` the members
 * (participant ids, `p<k>`) whose code was heard: the creator at least, unless you are the
 * creator. A group made by a DKG is not used (signing, refresh, repair, frost-client export)
 * before a "match" (else `frost/group-code-not-confirmed`); "differs" stops it.
 */
export const FrostConfirmCode = z
  .object({
    verdict: FrostCodeVerdict,
    code: z.string().min(1).max(100),
    heard: z.array(z.string().min(1).max(100)).max(MAX_FROST_MEMBERS),
  })
  .strict();

/**
 * Your share for frost-client and frostd: the frost-client config written by main where you
 * choose (0600, never over a file); `server` defaults to the group's relay; `confirmCode` is the
 * loopback host's one-time code.
 */
export const FrostExportClient = z.object({ server: FrostdServer.optional(), confirmCode: ConfirmCode.optional() }).strict();

export const FrostContactImport = z.object({ contact: z.string().trim().min(8).max(2000) }).strict();
export const FrostContactRemove = z.object({ name: z.string().min(1).max(200) }).strict();

/**
 * Restart a stalled or failed key generation over files without some members (the creator only,
 * before the group exists). The threshold stays when it still fits the remaining members; when
 * it does not, `threshold` is needed (else `frost/restart-threshold-needed`, and the screen asks).
 * Everyone remaining gets a new invitation to import and a new parameters check code to compare.
 */
export const FrostRestartDkg = z
  .object({
    without: z.array(MemberId).min(1).max(MAX_FROST_MEMBERS),
    threshold: z.number().int().min(2).max(MAX_FROST_MEMBERS).optional(),
  })
  .strict();

/** Every FROST action (`ceremonies.act`): name → input schema. */
export const FROST_ACTIONS = {
  round1: FrostNoInput,
  round2: FrostNoInput,
  finalize: FrostNoInput,
  'confirm-code': FrostConfirmCode,
  'sign-request': FrostSignRequest,
  'sign-approve': FrostSessionInput,
  'sign-decline': FrostSessionInput,
  sign: FrostSessionInput,
  verify: FrostVerifyInput,
  'refresh-start': FrostRefreshStart,
  'refresh-join': FrostSessionInput,
  'refresh-decline': FrostSessionInput,
  'refresh-round2': FrostSessionInput,
  'refresh-finalize': FrostSessionInput,
  'repair-start': FrostRepairStart,
  'repair-help': FrostRepairHelp,
  'repair-decline': FrostRepairDecline,
  'export-frost-client': FrostExportClient,
  'contact-import': FrostContactImport,
  'contact-remove': FrostContactRemove,
  'online-step': FrostNoInput,
  'online-accept': FrostOnlineRunInput,
  'online-decline': FrostOnlineRunInput,
  'online-approve': FrostOnlineRunInput,
  'online-cancel': FrostOnlineRunInput,
  'online-sign-request': FrostOnlineSignRequest,
  'online-sign-join': FrostOnlineSignJoin,
  'restart-dkg': FrostRestartDkg,
} as const;
export type FrostActionName = keyof typeof FROST_ACTIONS;

/**
 * Labels of the facts the approval form reads: the message of the request awaiting our decision,
 * as text and as hex, so people can compare either with what they expect to sign.
 */
export const FROST_FACT = {
  pendingMessageText: 'Message to approve (text)',
  pendingMessageHex: 'Message to approve (hex)',
  pendingMessageFrom: 'Requested by',
  pendingMessageBytes: 'Message size',
  groupKey: 'Group public key',
  suite: 'Ciphersuite',
  threshold: 'Threshold',
  contactString: 'Your contact string',
  contactFingerprint: 'Your contact fingerprint',
  onlineServer: 'frostd relay',
  onlineSession: 'frostd session',
} as const;

/** The error a joiner meets while the creator has not made the session yet (the wizard looks again). */
export const FROST_ONLINE_NOT_YET = 'frost/online-no-session';

// ---------------------------------------------------------------------------------------------
// The typed view (`CeremonyView.view` when `protocol` is 'frost'): data, never sentences.

/** A member's state in the current phase (key generation, then the group's life). */
export const FROST_MEMBER_STATES = ['waiting', 'done', 'repairing', 'inactive'] as const;

export const FrostMemberView = z.object({
  /** Participant id (`p<k>`), as in bundle headers and `ParticipantView.id`. */
  partyId: z.string(),
  name: z.string(),
  you: z.boolean(),
  /** Left out of a refresh: keeps no share that signs. */
  active: z.boolean(),
  state: z.enum(FROST_MEMBER_STATES),
});
export type FrostMemberView = z.infer<typeof FrostMemberView>;

/** A message someone asked this member to sign, waiting for its decision (over bundles or online). */
export const FrostPendingApproval = z.object({
  via: z.enum(['bundles', 'online']),
  from: z.string(),
  /** Signing session id (bundles) or frostd session id (online). */
  session: z.string().nullable(),
  label: z.string().nullable(),
  messageHex: z.string().regex(/^([0-9a-f]{2})*$/),
  /** The message as UTF-8 text with control characters escaped; null when it is not text. */
  messageText: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
  /** Check code of the SHA-256 of the message, compared with the requester. */
  fingerprint: z.string(),
});
export type FrostPendingApproval = z.infer<typeof FrostPendingApproval>;

/**
 * Where this member stands now, for the screen's steps and its one task:
 * making the group — `invite` (creator: hand out invitations, send your commitment), `agree`
 * (read the rules and accept them; again after the creator restarted the key generation without
 * someone), `commitments`, `shares` (send yours, wait for the others',
 * finish), `confirm-key` (compare the group key check code), `code-differs` (stop), `stopped` (an
 * online key generation ended without a group, or the creator restarted it without you); a signing — `review-message` (a message waits
 * for your decision), `sign` (make your signature share now), `wait-signers` (approved or
 * requested; others still have to act), `signed` (the signing ended: signature or refusal);
 * renewing the shares — `refresh-agree` (someone asks: join or decline), `refresh-exchange`
 * (commitments, then shares, then finish); rebuilding a lost share — `repair-hello` (a helper
 * waits for the newcomer's hello; its starter hands out the request), `repair-compare` (compare
 * the hello check code with the newcomer, then send your part), `repair-wait` (your part is sent:
 * the other helpers' parts, then carry yours to the newcomer until it is rebuilt),
 * `repair-newcomer` (the member rebuilding: show your code, collect the helpers' parts); and
 * `ready` (the group, nothing asked of you) or `contacts` (the address book).
 */
export const FROST_STEPS = [
  'invite',
  'agree',
  'commitments',
  'shares',
  'confirm-key',
  'code-differs',
  'stopped',
  'ready',
  'review-message',
  'sign',
  'wait-signers',
  'signed',
  'refresh-agree',
  'refresh-exchange',
  'repair-hello',
  'repair-compare',
  'repair-wait',
  'repair-newcomer',
  'contacts',
] as const;
export const FrostStep = z.enum(FROST_STEPS);
export type FrostStep = z.infer<typeof FrostStep>;

/**
 * What an awaited member has not done yet, as far as this install knows (a frostd relay has no
 * presence: a member who has not joined and one who is slow look the same, so this says what has
 * not arrived, never "offline").
 */
export const FROST_MISSING = [
  'commitment',
  'share',
  'key-confirmation',
  'approval',
  'signing-join',
  'signature-share',
  'signing-package',
  'hello',
  'repair-part',
  'rebuilt',
] as const;
export const FrostWaiting = z.object({
  partyId: z.string().nullable(),
  name: z.string(),
  missing: z.enum(FROST_MISSING),
});
export type FrostWaiting = z.infer<typeof FrostWaiting>;

/** One journaled comparison of the group key check code (participant ids heard, roster order). */
export const FrostCodeCheck = z.object({ code: z.string(), verdict: FrostCodeVerdict, heard: z.array(z.string()), at: z.string() });
export type FrostCodeCheck = z.infer<typeof FrostCodeCheck>;

/** A signer of the current signing and how far they are. */
export const FrostSignerView = z.object({
  name: z.string(),
  you: z.boolean(),
  state: z.enum(['asked', 'approved', 'signed', 'declined']),
});

/** The signing this member takes part in now (or the last one), over files or online. */
export const FrostSigningView = z.object({
  id: z.string(),
  via: z.enum(['bundles', 'online']),
  label: z.string().nullable(),
  requestedBy: z.string(),
  youRequested: z.boolean(),
  bytes: z.number().int().nonnegative(),
  /** Check code of the SHA-256 of the message: signers and the requester compare it. */
  fingerprint: z.string(),
  /** Who was asked to sign (the requester included when it signs): "2 of 2 signers" counts these. */
  signers: z.array(FrostSignerView),
  status: z.enum(['open', 'done', 'declined', 'failed']),
  /** The artifact holding the signature, once there is one (the requester). */
  signatureArtifactId: z.string().nullable(),
});
export type FrostSigningView = z.infer<typeof FrostSigningView>;

/** A refresh of the shares this member takes part in (same group key, new shares). Names, not ids. */
export const FrostRefreshView = z.object({
  id: z.string(),
  by: z.string(),
  youStarted: z.boolean(),
  participants: z.array(z.string()),
  /** Active members not taking part: their shares stop working once it is finished. */
  leftOut: z.array(z.string()),
  phase: z.enum(['agree', 'commitments', 'shares', 'finish']),
});
export type FrostRefreshView = z.infer<typeof FrostRefreshView>;

/** A repair of a lost share this member takes part in (as a helper, or as the member rebuilding). */
export const FrostRepairView = z.object({
  id: z.string(),
  by: z.string(),
  youStarted: z.boolean(),
  /** Whose share is rebuilt. */
  target: z.string(),
  youAreTarget: z.boolean(),
  helpers: z.array(z.string()),
  /** The newcomer's hello check code, once a helper imported the hello (the newcomer reads its own from its hello file). */
  helloCode: z.string().nullable(),
  /** The newcomer said its share was rebuilt (a helper's last file arrived). */
  restored: z.boolean(),
});
export type FrostRepairView = z.infer<typeof FrostRepairView>;

/** A file due now and to whom (member names). */
/** The artifact of a member's signature on the ceremony record (a bundle of step `record`), carried to the others. */
export const FROST_RECORD_SIGNATURE_ARTIFACT = 'bundle:record';

export const FrostCarry = z.object({ artifactId: z.string(), to: z.array(z.string()) });
export type FrostCarry = z.infer<typeof FrostCarry>;

/** A contact of the address book: its name, its zffrost1… string (the screens shorten it) and fingerprint. */
export const FrostContactView = z.object({ name: z.string(), contact: z.string().nullable(), fingerprint: z.string(), you: z.boolean() });
export type FrostContactView = z.infer<typeof FrostContactView>;

/** A restart of the key generation over files: who went on without whom (names), and the threshold before and after. */
export const FrostRestartView = z.object({
  attempt: z.number().int(),
  by: z.string(),
  without: z.array(z.string()),
  thresholdBefore: z.number().int(),
  threshold: z.number().int(),
  /** This member was left out: its part in the key generation is over. */
  youLeftOut: z.boolean(),
});
export type FrostRestartView = z.infer<typeof FrostRestartView>;

export const FrostView = z.object({
  protocol: z.literal('frost'),
  kind: z.enum(['group', 'contacts']),
  /** Ciphersuite name (a group); null for the address book. */
  suite: z.string().nullable(),
  threshold: z.number().int().nullable(),
  /** Members who can still sign. */
  n: z.number().int().nullable(),
  groupKey: z.string().nullable(),
  /** This install's participant id in the group. */
  me: z.string().nullable(),
  members: z.array(FrostMemberView),
  pendingApproval: FrostPendingApproval.nullable(),
  /** The frostd relay this group last used (the default for an online request). */
  onlineServer: z.string().nullable(),
  /** The group's description (frost-client's `-d`); null for the address book. */
  description: z.string().nullable(),
  /** How the group came to be (null for the address book). */
  origin: z.enum(['dkg', 'frost-client-import', 'repair', 'frostd-dkg']).nullable(),
  /** Participant id of the member who created the group (null for the address book). */
  creator: z.string().nullable(),
  step: FrostStep,
  waitingFor: z.array(FrostWaiting),
  /** Since when an online run has been waiting (ms since the epoch), else null. */
  waitingSince: z.number().nullable(),
  codes: z.object({ groupKey: z.string().nullable(), params: z.string().nullable() }),
  /** The group key comparison: not needed (no DKG here), none yet, match, differs, or a match of an older code. */
  groupKeyCheck: z.enum(['not-needed', 'none', 'match', 'differs', 'changed']),
  codeChecks: z.array(FrostCodeCheck),
  signing: FrostSigningView.nullable(),
  refresh: FrostRefreshView.nullable(),
  repair: FrostRepairView.nullable(),
  carry: z.array(FrostCarry),
  /** The key generation's signed record, once this install holds a signature on it (null otherwise). */
  record: CeremonyRecordView.nullable(),
  /** The address book: you first, then your contacts. */
  contacts: z.array(FrostContactView),
  /** The latest restart of the key generation (null when it never restarted). */
  restart: FrostRestartView.nullable(),
  /** Members the creator may restart the key generation without now (participant ids); empty when no restart is possible. */
  restartCandidates: z.array(z.string()),
});
export type FrostView = z.infer<typeof FrostView>;
