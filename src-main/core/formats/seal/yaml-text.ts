/**
 * Small helpers to write the key server's YAML files by hand. The files use serde_yaml's enum
 * tags (`!Committee`, `!Active`, `!Testnet`), which a generic YAML writer does not produce in the
 * exact layout upstream documents; writing text keeps them byte-for-byte what operators expect.
 */

/** A YAML single-quoted scalar: quotes doubled, nothing else escaped. Refuses line breaks. */
export function yamlQuote(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('YAML value must be a single line');
  return `'${value.replace(/'/g, "''")}'`;
}

/** Lines of a `# …` comment block. */
export function yamlComment(lines: readonly string[]): string {
  return lines.map((l) => (l ? `# ${l}` : '#')).join('\n');
}

/** The key server's `network` (key_server_options.rs): a named network or Devnet with its seal package. */
export type KeyServerNetwork = { kind: 'Testnet' } | { kind: 'Mainnet' } | { kind: 'Devnet'; sealPackage: string };

/**
 * `network:` as upstream examples write it. The key server example writes the plain variant
 * (`network: Testnet`) and the aggregator example the tagged one (`network: !Testnet`); serde_yaml
 * reads both for a unit variant. Devnet needs its seal package in both.
 */
export function yamlNetwork(n: KeyServerNetwork, tagged: boolean): string {
  if (n.kind === 'Devnet') return `network: !Devnet\n  seal_package: ${yamlQuote(n.sealPackage)}`;
  return `network: ${tagged ? '!' : ''}${n.kind}`;
}
