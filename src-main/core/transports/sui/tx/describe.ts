/**
 * What a TransactionData says, in terms a member can check before signing (typically on the
 * air-gapped side, where nothing can be looked up): sender, gas, and every command with its
 * arguments decoded against the committee function's signature.
 */
import { bcs } from '@mysten/sui/bcs';
import { TransactionDataBuilder } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import { CeremonyError } from '../../../errors.ts';
import { ceremonyParams, isCeremonyFunction, type ParamSpec } from '../abi.ts';
import { COMMITTEE_MODULE } from '../type-names.ts';

export interface DescribedArgument {
  name: string;
  type: string;
  /** Display text: numbers, 0x-hex for bytes, quoted strings, `shared 0x… (mutable)` for objects. */
  value: string;
}

export type DescribedCommand =
  | { kind: 'publish'; modules: number; dependencies: string[] }
  | { kind: 'transfer'; objects: string[]; recipient: string }
  | { kind: 'move-call'; target: string; function: string; committeeCall: boolean; arguments: DescribedArgument[] }
  | { kind: 'other'; command: string };

export interface TransactionDescription {
  digest: string;
  sender: string;
  gas: { owner: string; price: string; budget: string; coins: number };
  /**
   * Last epoch in which the transaction may run, or null if it never expires. Set when gas is
   * paid from the address balance (no gas coins): the window is the build epoch and the next.
   */
  validUntilEpoch: string | null;
  commands: DescribedCommand[];
}

type Parsed = ReturnType<typeof bcs.TransactionData.parse>;
type Ptb = NonNullable<NonNullable<Parsed['V1']>['kind']['ProgrammableTransaction']>;
type Input = Ptb['inputs'][number];
type Arg = NonNullable<Ptb['commands'][number]['MoveCall']>['arguments'][number];

function typeText(p: ParamSpec): string {
  const body = (b: ParamSpec['sig']['body']): string => {
    if (b.$kind === 'vector') return `vector<${body(b.vector)}>`;
    if (b.$kind === 'datatype') return b.datatype.typeName.split('::').slice(1).join('::');
    if (b.$kind === 'typeParameter') return `T${b.index}`;
    return b.$kind;
  };
  const ref = p.sig.reference === 'mutable' ? '&mut ' : p.sig.reference === 'immutable' ? '&' : '';
  return ref + body(p.sig.body);
}

function inputText(input: Input | undefined, p: ParamSpec | undefined): string {
  if (!input) return '(missing input)';
  if (input.$kind === 'Object') {
    const o = input.Object!;
    if (o.SharedObject) return `shared ${o.SharedObject.objectId} (${o.SharedObject.mutable ? 'mutable' : 'read-only'})`;
    if (o.ImmOrOwnedObject) return `owned ${o.ImmOrOwnedObject.objectId} @ version ${o.ImmOrOwnedObject.version}`;
    return `object ${o.Receiving?.objectId ?? '?'}`;
  }
  if (input.$kind !== 'Pure') return input.$kind;
  const raw = fromBase64(input.Pure!.bytes);
  try {
    const b = p?.sig.body;
    if (b?.$kind === 'u16') return String(bcs.u16().parse(raw));
    if (b?.$kind === 'address') return bcs.Address.parse(raw);
    if (b?.$kind === 'vector' && b.vector.$kind === 'address') return bcs.vector(bcs.Address).parse(raw).join(', ');
    if (b?.$kind === 'vector' && b.vector.$kind === 'u8') {
      const v = bcs.byteVector().parse(raw);
      return `0x${toHex(v)} (${v.length} bytes)`;
    }
    if (b?.$kind === 'vector' && b.vector.$kind === 'vector') {
      return bcs
        .vector(bcs.byteVector())
        .parse(raw)
        .map((v) => `0x${toHex(v)}`)
        .join(', ');
    }
    if (b?.$kind === 'datatype' && b.datatype.typeName.endsWith('::string::String')) return JSON.stringify(bcs.string().parse(raw));
  } catch {
    return `undecodable bytes 0x${toHex(raw)}`;
  }
  return `0x${toHex(raw)}`;
}

function argText(ptb: Ptb, a: Arg, p?: ParamSpec): string {
  if (a.$kind === 'Input') return inputText(ptb.inputs[a.Input!], p);
  if (a.$kind === 'GasCoin') return 'the gas coin';
  if (a.$kind === 'Result') return `result of command ${a.Result! + 1}`;
  return `result ${a.NestedResult![1]} of command ${a.NestedResult![0] + 1}`;
}

function lastEpoch(exp: NonNullable<Parsed['V1']>['expiration']): string | null {
  if (exp.$kind === 'Epoch') return String(exp.Epoch);
  const window = exp.ValidDuring;
  return window?.maxEpoch != null ? String(window.maxEpoch) : null;
}

export function describeTransaction(bytes: Uint8Array): TransactionDescription {
  let v1: NonNullable<Parsed['V1']>;
  try {
    v1 = bcs.TransactionData.parse(bytes).V1!;
  } catch {
    throw new CeremonyError('tx/malformed', 'These bytes are not a Sui transaction (TransactionData).');
  }
  const ptb = v1.kind.ProgrammableTransaction;
  if (!ptb) throw new CeremonyError('tx/unsupported', 'This is not a programmable transaction, which is all the ceremony creates.');
  const commands: DescribedCommand[] = ptb.commands.map((c) => {
    if (c.Publish)
      return {
        kind: 'publish',
        modules: c.Publish.modules.length,
        dependencies: c.Publish.dependencies.map((d) => normalizeSuiAddress(d)),
      };
    if (c.TransferObjects) {
      return {
        kind: 'transfer',
        objects: c.TransferObjects.objects.map((a) => argText(ptb, a)),
        recipient: argText(ptb, c.TransferObjects.address, { name: 'recipient', sig: { reference: null, body: { $kind: 'address' } } }),
      };
    }
    if (c.MoveCall) {
      const m = c.MoveCall;
      const pkg = normalizeSuiAddress(m.package);
      const known = m.module === COMMITTEE_MODULE && isCeremonyFunction(m.function);
      const params = known ? ceremonyParams(pkg, m.function as never) : [];
      return {
        kind: 'move-call',
        target: `${pkg}::${m.module}::${m.function}`,
        function: m.function,
        committeeCall: known && params.length === m.arguments.length,
        arguments: m.arguments.map((a, i) => ({
          name: params[i]?.name ?? `arg${i}`,
          type: params[i] ? typeText(params[i]!) : '?',
          value: argText(ptb, a, params[i]),
        })),
      };
    }
    return { kind: 'other', command: c.$kind };
  });
  return {
    digest: TransactionDataBuilder.getDigestFromBytes(bytes),
    sender: normalizeSuiAddress(v1.sender),
    gas: {
      owner: normalizeSuiAddress(v1.gasData.owner),
      price: v1.gasData.price,
      budget: v1.gasData.budget,
      coins: v1.gasData.payment.length,
    },
    validUntilEpoch: lastEpoch(v1.expiration),
    commands,
  };
}
