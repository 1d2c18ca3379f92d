/**
 * `npm run py -- FILE.py`: runs FILE.py through the site's Python runtime (the same
 * engine and harness the browser worker uses) and prints its output as
 * `python3 FILE.py` would. Exits with the program's status: 1 on an uncaught
 * exception. Ctrl+C stops the program the way the Stop button does.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { loadNodeEngine, runtimePathFromEnv } from '../src/runtime/node-engine.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run py -- FILE.py');
  process.exit(2);
}
let code: string;
try {
  // npm runs scripts from the package root; INIT_CWD is where the author typed the command.
  code = readFileSync(resolve(process.env['INIT_CWD'] ?? process.cwd(), file), 'utf8');
} catch (error) {
  console.error(`python: can't open file '${file}': ${(error as Error).message}`);
  process.exit(2);
}

const engine = await loadNodeEngine({ path: runtimePathFromEnv() });
const lines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
process.on('SIGINT', () => engine.requestStop());
// As in the page, SITE_URL tells programs where this site is (set it to a running `npm start`).
const env = process.env['SITE_URL'] ? { SITE_URL: process.env['SITE_URL'] } : {};
const result = await engine.run(
  code,
  basename(file),
  {
    onOutput: (chunk) => (chunk.stream === 'stdout' ? process.stdout : process.stderr).write(chunk.text),
    readLine: async () => {
      const next = await lines.next();
      return next.done ? null : next.value;
    },
  },
  { env },
);
if (result.status === 'stopped') process.stderr.write('KeyboardInterrupt\n');
process.stdin.destroy();
process.exitCode = result.exitCode;
