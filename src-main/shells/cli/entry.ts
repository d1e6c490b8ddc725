/**
 * The `ceremony` command's entry: built to out/main/cli.js (with a shebang) for the package's
 * `bin`, and run from TypeScript through tsx in development and tests.
 */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
