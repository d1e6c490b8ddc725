#!/usr/bin/env node
// The `ceremony` command. The CLI runs the TypeScript sources directly through tsx, so a
// fresh clone needs no build step before `npx ceremony ...` works.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
