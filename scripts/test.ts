/**
 * `npm test`: everything, in the order a failure is cheapest to find.
 *   1. type check (astro check)
 *   2. unit tests, the Python runtime in Node against CPython's output, and every
 *      chapter snippet against the output its chapter shows (check:snippets), on the
 *      default path and again on the blocking one that browsers without JSPI take
 *   3. build tests (broken content must fail the build clearly)
 *   4. the site, built twice: at / (dist/) and under BASE_PATH=/asyncio-walkthrough/ (dist-base/), each
 *      for the origin the browser tests serve it at (tests/support/sites.ts),
 *      with its search index (`astro build` writes it: src/integrations/search-index.ts)
 *   5. end-to-end and accessibility tests in Chromium against both builds
 *   6. the cross-engine subset (the runtime, a flood, one snippet per chapter) in Firefox and WebKit
 * Extra arguments go to the Vitest runs (e.g. `npm test -- -t theme`).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { StaticServer } from './lib/static-server.ts';
import { startServers } from '../tests/support/global-setup.ts';
import { SITES } from '../tests/support/sites.ts';

const extra = process.argv.slice(2);
const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
const vitest = (report: string) => [
  'vitest',
  'run',
  '--config',
  'tests/vitest.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=test-results/${report}.json`,
];
rmSync('test-results', { recursive: true, force: true });

interface Step {
  name: string;
  command: string[];
  env?: Record<string, string>;
  /** Drives a browser against the builds, which this script then serves. */
  browser?: boolean;
}

/**
 * The steps in order; an array runs its steps side by side: the two snippet checks, one Python in
 * Node each, take 120 s together against 172 s one after the other on these 2-core machines. The
 * browser suites do not pair: beside the Chromium suite, the WebKit tests took 30-88 s each instead of
 * about 13 s (its busy-wait worker spins a core while a program sleeps), so they run in turn.
 */
const steps: Array<Step | Step[]> = [
  { name: 'type check', command: ['astro', 'check'] },
  { name: 'unit tests', command: [...vitest('unit'), '--project', 'unit', ...extra] },
  { name: 'Python runtime tests', command: [...vitest('runtime'), '--project', 'runtime', ...extra] },
  [
    { name: 'chapter snippets against their expected output', command: ['node', 'scripts/check-snippets.ts'] },
    {
      name: 'chapter snippets on the blocking path (no JSPI: Safari, iOS)',
      command: ['node', 'scripts/check-snippets.ts'],
      env: { RUNTIME_PATH: 'busy-wait' },
    },
  ],
  { name: 'build tests', command: [...vitest('build'), '--project', 'build', ...extra] },
  {
    name: 'build the site',
    command: ['astro', 'build', '--outDir', SITES.root.dir],
    env: { SITE_URL: SITES.root.origin },
  },
  {
    name: 'build the site under a base path',
    command: ['astro', 'build', '--outDir', SITES.prefixed.dir],
    env: { BASE_PATH: SITES.prefixed.base, SITE_URL: SITES.prefixed.origin },
  },
  {
    name: 'end-to-end and accessibility tests',
    browser: true,
    command: [...vitest('browser'), '--project', 'e2e', '--project', 'a11y', ...extra],
  },
  {
    name: 'cross-engine tests in Firefox and WebKit',
    browser: true,
    command: [...vitest('engines'), '--project', 'engines', ...extra],
  },
];

/** Runs a step; beside others, each line it prints is prefixed with its name. Resolves to its exit status. */
function runStep(step: Step, beside: boolean): Promise<number> {
  const [bin, ...args] = step.command;
  const executable = bin === 'node' ? process.execPath : `node_modules/.bin/${bin}`;
  const child = spawn(executable!, args, {
    stdio: beside ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...env, ...step.env },
  });
  if (beside) {
    for (const [source, sink] of [
      [child.stdout!, process.stdout],
      [child.stderr!, process.stderr],
    ] as const) {
      let partial = '';
      source.setEncoding('utf8');
      source.on('data', (text: string) => {
        const lines = (partial + text).split('\n');
        partial = lines.pop()!;
        for (const line of lines) sink.write(`[${step.name}] ${line}\n`);
      });
      source.on('end', () => partial && sink.write(`[${step.name}] ${partial}\n`));
    }
  }
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

const started = performance.now();
/** The builds, served here once both exist, for every browser step at once (see tests/support/global-setup.ts). */
let servers: StaticServer[] | undefined;
for (const entry of steps) {
  const group = Array.isArray(entry) ? entry : [entry];
  const groupStarted = performance.now();
  if (group.some((step) => step.browser) && !servers) {
    servers = await startServers();
    env['E2E_SITES_SERVED'] = '1';
  }
  for (const step of group) console.log(`\n▶ ${step.name}: ${step.command.join(' ')}`);
  const statuses = await Promise.all(
    group.map(async (step) => {
      const status = await runStep(step, group.length > 1);
      const seconds = ((performance.now() - groupStarted) / 1000).toFixed(1);
      console.log(status === 0 ? `✔ ${step.name} (${seconds} s)` : `\n✖ ${step.name} failed (${seconds} s).`);
      return status;
    }),
  );
  const failure = statuses.find((status) => status !== 0);
  if (failure !== undefined) process.exit(failure);
}
await Promise.all((servers ?? []).map((server) => server.close()));

// One closing line for CI, counting every test of every step.
let passed = 0;
let failed = 0;
for (const report of ['unit', 'runtime', 'build', 'browser', 'engines']) {
  const file = `test-results/${report}.json`;
  if (!existsSync(file)) continue;
  const results = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  passed += results.numPassedTests;
  failed += results.numFailedTests;
}
console.log(`\nAll checks passed in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
console.log(`tests: ${passed} passed, ${failed} failed`);
