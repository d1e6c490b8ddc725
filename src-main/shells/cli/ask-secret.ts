import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Reads one line from the terminal without echoing it (the prompt goes to stderr, so `--json`
 * output on stdout stays clean). Null when stdin is not a terminal or the person pressed Ctrl-D/C.
 */
export async function askSecret(prompt: string): Promise<string | null> {
  if (!process.stdin.isTTY) return null;
  process.stderr.write(prompt);
  // readline echoes what is typed to its output: a sink hides it.
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: process.stdin, output: sink, terminal: true });
  try {
    return await new Promise<string | null>((resolve) => {
      rl.once('close', () => resolve(null));
      rl.once('SIGINT', () => rl.close());
      rl.question('', (answer) => resolve(answer));
    });
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}
