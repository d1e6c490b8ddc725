import { app } from 'electron';

/**
 * `Ceremony --cli …`: the command line inside the desktop app, with no window. A packaged app
 * has no Node.js to run scripts with (the `runAsNode` fuse is off), so the installers' `ceremony`
 * wrapper starts the app binary this way. Exits with the command's status; never resolves.
 */
export async function runCliAndExit(): Promise<never> {
  const { main } = await import('../cli/main.ts');
  const code = await main(process.argv.slice(process.argv.indexOf('--cli') + 1));
  app.exit(code);
  return new Promise<never>(() => {});
}
