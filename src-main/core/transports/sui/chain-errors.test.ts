/**
 * The abort-code table in words: every committee.move code, the key_server codes, and the
 * framework aborts, each mapped to its stable code and a sentence (no hex codes, no jargon).
 */
import type { SuiClientTypes } from '@mysten/sui/client';
import { SimulationError } from '@mysten/sui/client';
import { describe, expect, it } from 'vitest';
import { CeremonyError } from '../../errors.ts';
import { COMMITTEE_ABORT_NAMES, explainChainError, explainExecutionError } from './chain-errors.ts';

const PKG = '0x' + 'ab'.repeat(32);
const abort = (module: string, code: number, pkg = PKG): SuiClientTypes.ExecutionError => ({
  $kind: 'MoveAbort',
  message: `MoveAbort in ${module}`,
  MoveAbort: { abortCode: String(code), location: { package: pkg, module, functionName: 'f' } },
});

describe('explainExecutionError', () => {
  it('gives every committee.move abort its own code and a sentence', () => {
    COMMITTEE_ABORT_NAMES.forEach((name, code) => {
      const e = explainExecutionError(abort('seal_committee', code), 'register');
      expect(e.code).toBe(`chain-abort/${name}`);
      expect(e.message).not.toMatch(/0x|abort code/i);
      expect(e.details).toMatchObject({ module: 'seal_committee', abortCode: code });
    });
  });

  it('phrases the same code for the step being taken', () => {
    expect(explainExecutionError(abort('seal_committee', 0), 'init_rotation').message).toMatch(
      /Only a member of the current committee can start a rotation/,
    );
    expect(explainExecutionError(abort('seal_committee', 0), 'register').message).toMatch(
      /not a member of the committee, so it cannot register/,
    );
    expect(explainExecutionError(abort('seal_committee', 8), 'register').message).toMatch(/Registration is closed/);
    expect(explainExecutionError(abort('seal_committee', 8), 'init_rotation').message).toMatch(/not finalized/);
    expect(explainExecutionError(abort('seal_committee', 7), 'propose').message).toMatch(/differs from what other members proposed/);
    expect(explainExecutionError(abort('seal_committee', 9), 'register').message).toMatch(/name/);
    expect(explainExecutionError(abort('seal_committee', 4), 'register').message).toMatch(/already registered/);
  });

  it('maps key_server and framework aborts', () => {
    expect(explainExecutionError(abort('key_server', 6)).code).toBe('chain-abort/key_server/EDuplicateName');
    expect(explainExecutionError(abort('key_server', 4)).code).toBe('chain-abort/key_server/EInvalidThreshold');
    expect(explainExecutionError(abort('group_ops', 1, '0x2'), 'register').code).toBe('chain-abort/InvalidPoint');
    expect(explainExecutionError(abort('vec_set', 0, '0x2'), 'init_committee').code).toBe('chain-abort/DuplicateMember');
    expect(explainExecutionError(abort('dynamic_field', 1, '0x2'), 'update_member_url').code).toBe('chain-abort/NotFinalized');
    expect(explainExecutionError(abort('other_module', 3)).code).toBe('chain-abort/unknown');
  });

  it('maps deleted inputs, gas and argument failures', () => {
    const deleted: SuiClientTypes.ExecutionError = {
      $kind: 'ObjectIdError',
      message: 'InputObjectDeleted',
      ObjectIdError: { name: 'InputObjectDeleted', objectId: '' },
    };
    expect(explainExecutionError(deleted, 'propose_for_rotation')).toMatchObject({
      code: 'chain/object-deleted',
      message: expect.stringMatching(/already been finalized/),
    });
    const gas: SuiClientTypes.ExecutionError = { $kind: 'Unknown', message: 'InsufficientGas', Unknown: null };
    expect(explainExecutionError(gas).code).toBe('chain/insufficient-gas');
    const arg: SuiClientTypes.ExecutionError = {
      $kind: 'CommandArgumentError',
      message: 'x',
      CommandArgumentError: { argument: 0, name: 'TypeMismatch' },
    };
    expect(explainExecutionError(arg).code).toBe('chain/bad-argument');
  });

  it('explainChainError passes CeremonyErrors through and unwraps simulation failures', () => {
    const ce = new CeremonyError('tx/malformed', 'z');
    expect(explainChainError(ce)).toBe(ce);
    const sim = new SimulationError('failed', { executionError: abort('seal_committee', 5) });
    expect(explainChainError(sim, 'propose').code).toBe('chain-abort/ENotRegistered');
    expect(explainChainError(new Error('connection refused')).code).toBe('chain/rejected');
  });
});
