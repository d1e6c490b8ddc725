/** MIST (10^-9 SUI, decimal digits) as people read it: "0.002 SUI". Exact: no floating point. */
export function suiAmount(mist: string): string {
  const n = BigInt(mist);
  const whole = n / 1_000_000_000n;
  const frac = (n % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''} SUI`;
}
