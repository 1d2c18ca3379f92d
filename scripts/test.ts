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
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { SITES } from '../tests/support/sites.ts';

const extra = process.argv.slice(2);
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
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

const steps: Array<{ name: string; command: string[]; env?: Record<string, string> }> = [
  { name: 'type check', command: ['astro', 'check'] },
  { name: 'unit tests', command: [...vitest('unit'), '--project', 'unit', ...extra] },
  { name: 'Python runtime tests', command: [...vitest('runtime'), '--project', 'runtime', ...extra] },
  { name: 'chapter snippets against their expected output', command: ['node', 'scripts/check-snippets.ts'] },
  {
    name: 'chapter snippets on the blocking path (no JSPI: Safari, iOS)',
    command: ['node', 'scripts/check-snippets.ts'],
    env: { RUNTIME_PATH: 'busy-wait' },
  },
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
    command: [...vitest('browser'), '--project', 'e2e', '--project', 'a11y', ...extra],
  },
  {
    name: 'cross-engine tests in Firefox and WebKit',
    command: [...vitest('engines'), '--project', 'engines', ...extra],
  },
];

const started = performance.now();
for (const step of steps) {
  const stepStarted = performance.now();
  console.log(`\n▶ ${step.name}: ${step.command.join(' ')}`);
  const [bin, ...args] = step.command;
  const executable = bin === 'node' ? process.execPath : `node_modules/.bin/${bin}`;
  const result = spawnSync(executable!, args, { stdio: 'inherit', env: { ...env, ...step.env } });
  const seconds = ((performance.now() - stepStarted) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${step.name} failed (${seconds} s).`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${step.name} (${seconds} s)`);
}

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
