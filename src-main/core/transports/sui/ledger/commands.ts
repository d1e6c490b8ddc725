/**
 * Runs the commands of a programmable transaction against the overlay: Publish, TransferObjects
 * and MoveCalls into a committee package. Arguments are type-checked against the function's
 * signature the way the Sui adapter does it (pure bytes must decode exactly, objects must have the
 * parameter's type, `&mut` and by-value need a mutable input), and failures carry the same
 * `ExecutionFailureStatus` a full node reports.
 */
import { bcs } from '@mysten/sui/bcs';
import type { SuiClientTypes } from '@mysten/sui/client';
import { getPureBcsSchema } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress, toBase64 } from '@mysten/sui/utils';
import { ceremonyParams, isCeremonyFunction, type CeremonyFunction } from '../abi.ts';
import { UpgradeCap } from '../move-types.ts';
import { COMMITTEE_MODULE, UPGRADE_CAP_TYPE, sameType } from '../type-names.ts';
import { CommitteeModule } from './committee-module.ts';
import { ExecutionFailure, commandArgumentError, simpleFailure } from './failures.ts';
import type { KeyServerModule } from './key-server-module.ts';
import type { TxOverlay } from './overlay.ts';
import type { StoredEvent, StoredPackage } from './state.ts';

type Parsed = ReturnType<typeof bcs.TransactionData.parse>;
type Ptb = NonNullable<NonNullable<Parsed['V1']>['kind']['ProgrammableTransaction']>;
export type TxInput = Ptb['inputs'][number];
export type TxCommand = Ptb['commands'][number];
type Arg = NonNullable<TxCommand['MoveCall']>['arguments'][number];

/** What the executor learned about each input before running the commands. */
export interface InputInfo {
  kind: 'pure' | 'owned' | 'immutable' | 'shared';
  objectId?: string;
  /** For shared inputs: declared mutable in the transaction. */
  mutable?: boolean;
}

const MOVE_MAGIC = [0xa1, 0x1c, 0xeb, 0x0b];

export interface RunContext {
  sender: string;
  overlay: TxOverlay;
  inputs: readonly TxInput[];
  inputInfo: readonly InputInfo[];
  keyServer: KeyServerModule;
  emit(event: StoredEvent): void;
}

interface ObjectValue {
  objectId: string;
  consumed: boolean;
}

export class CommandRunner {
  private readonly results: (ObjectValue[] | null)[] = [];
  private readonly consumedInputs = new Set<number>();
  readonly functions: string[] = [];

  constructor(private readonly ctx: RunContext) {}

  run(commands: readonly TxCommand[]): void {
    commands.forEach((command, index) => {
      try {
        this.results.push(this.runOne(command));
      } catch (e) {
        if (e instanceof ExecutionFailure && e.command === null) e.command = index;
        throw e;
      }
    });
    // Values without `drop` must be used up (here: the UpgradeCap of a Publish).
    this.results.forEach((values, resultIdx) =>
      values?.forEach((v, secondaryIdx) => {
        if (!v.consumed) {
          throw new ExecutionFailure({ UnusedValueWithoutDrop: { resultIdx, secondaryIdx } }, 'UnusedValueWithoutDrop');
        }
      }),
    );
  }

  private runOne(command: TxCommand): ObjectValue[] | null {
    switch (command.$kind) {
      case 'Publish':
        return this.publish(command.Publish!.modules, command.Publish!.dependencies);
      case 'TransferObjects':
        this.transfer(command.TransferObjects!.objects, command.TransferObjects!.address);
        return null;
      case 'MoveCall':
        this.moveCall(command.MoveCall!);
        return null;
      default:
        // The executor refuses other commands before execution; reaching here is a bug.
        throw new Error(`ledger invariant: unexpected command ${command.$kind}`);
    }
  }

  private publish(modules: readonly string[], dependencies: readonly string[]): ObjectValue[] {
    for (const m of modules) {
      const bytes = fromBase64(m);
      if (bytes.length < 4 || MOVE_MAGIC.some((b, k) => bytes[k] !== b)) throw simpleFailure('VMVerificationOrDeserializationError');
    }
    const { overlay } = this.ctx;
    const packageId = overlay.freshId();
    const pkg: StoredPackage = {
      kind: 'package',
      role: 'seal_committee',
      version: '1',
      owner: { Immutable: true },
      previousTransaction: '',
      storageRebate: '0',
      modules: [...modules],
      dependencies: dependencies.map((d) => normalizeSuiAddress(d)),
      digest: '',
    };
    overlay.create(packageId, pkg);
    const capId = overlay.freshId();
    overlay.create(capId, {
      type: UPGRADE_CAP_TYPE,
      isGasCoin: false,
      hasPublicTransfer: true,
      owner: { AddressOwner: normalizeSuiAddress(this.ctx.sender) },
      contents: toBase64(UpgradeCap.serialize({ id: capId, package: packageId, version: 1n, policy: 0 }).toBytes()),
    });
    return [{ objectId: capId, consumed: false }];
  }

  private transfer(objects: readonly Arg[], address: Arg): void {
    const recipient = this.pureArg(objects.length, address, bcs.Address) as string;
    objects.forEach((arg, i) => {
      const id = this.objectArg(i, arg, 'value');
      const obj = this.ctx.overlay.get(id);
      if (!obj || obj.kind !== 'move' || !obj.hasPublicTransfer) throw simpleFailure('InvalidTransferObject');
      this.ctx.overlay.setOwner(id, { AddressOwner: normalizeSuiAddress(recipient) });
    });
  }

  private moveCall(call: NonNullable<TxCommand['MoveCall']>): void {
    const pkg = this.ctx.overlay.get(call.package);
    const packageId = normalizeSuiAddress(call.package);
    this.functions.push(`${packageId}::${call.module}::${call.function}`);
    if (
      !pkg ||
      pkg.kind !== 'package' ||
      pkg.role !== 'seal_committee' ||
      call.module !== COMMITTEE_MODULE ||
      !isCeremonyFunction(call.function)
    ) {
      throw simpleFailure('FunctionNotFound');
    }
    if (call.typeArguments.length !== 0) throw simpleFailure('TypeArityMismatch');
    const fn: CeremonyFunction = call.function;
    const params = ceremonyParams(packageId, fn);
    if (call.arguments.length !== params.length) throw simpleFailure('ArityMismatch');

    // An input passed twice to one call may only be borrowed immutably both times.
    const uses = new Map<number, number>();
    call.arguments.forEach((a, i) => {
      if (a.$kind !== 'Input' || this.ctx.inputInfo[a.Input!]?.kind === 'pure') return;
      const first = uses.get(a.Input!);
      if (first !== undefined && (params[first]!.sig.reference !== 'immutable' || params[i]!.sig.reference !== 'immutable')) {
        throw commandArgumentError(i, 'InvalidValueUsage');
      }
      uses.set(a.Input!, i);
    });
    // Decode every argument before running, as the adapter does.
    const values = params.map((p, i) => this.decodeArg(i, call.arguments[i]!, p.sig));
    const m = new CommitteeModule({
      sender: this.ctx.sender,
      packageId,
      overlay: this.ctx.overlay,
      keyServer: this.ctx.keyServer,
      emit: this.ctx.emit,
    });
    const v = values as never[];
    switch (fn) {
      case 'init_committee':
        return m.initCommittee(v[0]!, v[1]!, v[2]!);
      case 'init_rotation':
        return m.initRotation(v[0]!, v[1]!, v[2]!);
      case 'register':
        return m.register(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!);
      case 'propose':
        return m.propose(v[0]!, v[1]!, v[2]!, v[3]!);
      case 'propose_for_rotation':
        return m.proposeForRotation(v[0]!, v[1]!, v[2]!, v[3]!);
      case 'update_member_url':
        return m.updateMemberUrl(v[0]!, v[1]!);
    }
  }

  private decodeArg(i: number, arg: Arg, sig: SuiClientTypes.OpenSignature): unknown {
    if (sig.body.$kind === 'datatype' && !getPureBcsSchema(sig.body)) {
      const mode = sig.reference === 'mutable' ? 'mut' : sig.reference === 'immutable' ? 'imm' : 'value';
      const id = this.objectArg(i, arg, mode);
      const obj = this.ctx.overlay.get(id);
      if (!obj || obj.kind !== 'move' || !sameType(obj.type, sig.body.datatype.typeName)) throw commandArgumentError(i, 'TypeMismatch');
      return id;
    }
    const schema = getPureBcsSchema(sig.body);
    if (!schema) throw commandArgumentError(i, 'TypeMismatch');
    // vector<u8> decodes to Uint8Array, vector<vector<u8>> to Uint8Array[], String to string.
    return this.pureArg(i, arg, schema as { parse(b: Uint8Array): unknown; serialize(v: unknown): { toBytes(): Uint8Array } });
  }

  /** A pure input decoded with `schema`; the bytes must be exactly one encoded value. */
  private pureArg<T>(i: number, arg: Arg, schema: { parse(b: Uint8Array): T; serialize(v: T): { toBytes(): Uint8Array } }): T {
    if (arg.$kind !== 'Input' || this.ctx.inputInfo[arg.Input!]?.kind !== 'pure') throw commandArgumentError(i, 'TypeMismatch');
    const raw = fromBase64(this.ctx.inputs[arg.Input!]!.Pure!.bytes);
    let value: T;
    try {
      value = schema.parse(raw);
    } catch {
      throw commandArgumentError(i, 'InvalidBCSBytes');
    }
    // Trailing bytes or a non-canonical encoding (e.g. invalid UTF-8 in a String) do not round-trip.
    const again = schema.serialize(value).toBytes();
    if (again.length !== raw.length || again.some((b, k) => b !== raw[k])) throw commandArgumentError(i, 'InvalidBCSBytes');
    return value;
  }

  /** An object argument: checks mutability for `&mut` and by-value use, and single use of moved values. */
  private objectArg(i: number, arg: Arg, mode: 'imm' | 'mut' | 'value'): string {
    if (arg.$kind === 'GasCoin') throw commandArgumentError(i, 'TypeMismatch');
    if (arg.$kind === 'Result' || arg.$kind === 'NestedResult') {
      const [r, s] = arg.$kind === 'Result' ? [arg.Result!, 0] : arg.NestedResult!;
      const v = this.results[r]?.[s];
      if (!v) throw commandArgumentError(i, 'TypeMismatch');
      if (v.consumed) throw commandArgumentError(i, 'ArgumentWithoutValue');
      if (mode === 'value') v.consumed = true;
      return v.objectId;
    }
    const idx = arg.Input!;
    const info = this.ctx.inputInfo[idx]!;
    if (info.kind === 'pure') throw commandArgumentError(i, 'TypeMismatch');
    if (this.consumedInputs.has(idx)) throw commandArgumentError(i, 'ArgumentWithoutValue');
    const writable = info.kind === 'owned' || (info.kind === 'shared' && info.mutable === true);
    if (mode === 'mut' && !writable) throw commandArgumentError(i, 'InvalidObjectByMutRef');
    if (mode === 'value') {
      if (!writable) throw commandArgumentError(i, 'InvalidObjectByValue');
      this.consumedInputs.add(idx);
    }
    return info.objectId!;
  }
}
