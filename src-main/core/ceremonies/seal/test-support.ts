// Helpers for crash.test.ts and its child process only (not product code).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type Checkpoint } from '../../engine/engine.ts';
import { publicKeyOfShare } from '../../crypto/seal/dealer.ts';
import { scalarFromBytes } from '../../crypto/seal/field.ts';
import { openChain } from '../../transports/sui/open-chain.ts';
import { createInlineRunner } from '../../workers/inline.ts';
import { WORKER_TASKS } from '../../workers/registry.ts';
import { PlainFileSecretStore } from '../../testing/file-secret-store.ts';
import { sealProtocol } from './protocol.ts';
import type { SealServices } from './services.ts';

export interface CrashOp {
  dataDir: string;
  crashAt?: string;
  kind: 'join' | 'act' | 'import';
  id?: string;
  action?: string;
  input?: Record<string, unknown>;
  file?: string;
  params?: Record<string, unknown>;
}

/** The member's install as the crash test runs it: the real engine and protocol, secrets in plain files that survive a kill. */
export function memberEngine(dataDir: string, checkpoint?: (step: string, point: Checkpoint) => void): Engine {
  const secrets = new PlainFileSecretStore(dataDir);
  const services: SealServices = {
    openChain: async (n) => (await openChain(n)).chain,
    runner: createInlineRunner(WORKER_TASKS),
    deleteSecret: (id) => secrets.delete(id),
    // The plain-file store keeps no fingerprints: a share is recognised by its public key.
    findSealShare: async (partialPk) => {
      const dir = join(dataDir, 'test-secrets');
      if (!existsSync(dir)) return null;
      for (const f of readdirSync(dir)) {
        const { hex } = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { hex: string };
        if (hex.length !== 64) continue;
        const bytes = new Uint8Array(Buffer.from(hex, 'hex'));
        try {
          if (Buffer.from(publicKeyOfShare(scalarFromBytes(bytes))).equals(Buffer.from(partialPk))) return bytes;
        } catch {
          // not a scalar (another kind of secret)
        }
      }
      return null;
    },
  };
  return new Engine({
    dataDir,
    secrets,
    protocols: [sealProtocol],
    services: { seal: services },
    ...(checkpoint ? { checkpoint } : {}),
  });
}
