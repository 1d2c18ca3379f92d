/**
 * `npm run bench`: prints the figures the project tracks (never asserted in tests).
 *   - build: time of `astro build` (incl. the search index), pages, JavaScript per page before
 *     interaction (its scripts and what they import statically; raw and gzip)
 *   - runtime in Chromium, Firefox and WebKit side by side: page open to first output, cold, and a
 *     warm run, each with the runtime's path (jspi, atomics, busy-wait)
 *   - runtime in Chromium: page open to first output, cold, against a bare page
 *     that loads the same Pyodide files (the ratio is the figure that matters);
 *     a warm run; a run after prepare(); Stop on a busy loop, with and without cross-origin
 *     isolation, and the next run after it; bytes transferred (the server gzips, as hosts do)
 *   - the live timeline: the longest main-thread task while 200 tasks run, and 20 spin on sleep(0)
 *   - search: the index's size, bytes a first query fetches, query latency (cold, incl. index load;
 *     later queries; Pagefind alone) in Chromium
 *   - Lighthouse (mobile): performance, accessibility, best practices and SEO of every chapter page
 *   - what a clean runtime for each run costs the next Run: after a run that leaves a timer, after
 *     os._exit(), after code from a link (each replaces the worker), against one that leaves nothing
 *   - runtime in Node: engine load, a 200,000-line flood, the return to the load-time baseline that
 *     ends each run, the cost of recording the timeline on 10,000 short tasks (runs with it on and
 *     off, alternately)
 * Chromium as for the tests (CHROME_PATH or the system's). Runs: BENCH_RUNS (default 3).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { findChromium, launchChromium } from '../tests/support/browser.ts';
import { startStaticServer } from './lib/static-server.ts';
import { writeBarePage } from './bench/bare-page.ts';
import { playgroundUrl, typeLine } from '../tests/support/snippets.ts';
import { indexSize, measureSearch } from './bench/search.ts';
import { measureLighthouse } from './bench/lighthouse.ts';
import { measureEngines } from './bench/engines.ts';
import { loadNodeEngine } from '../src/runtime/node-engine.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const rows: Array<[string, string]> = [];
const record = (name: string, value: string): void => {
  rows.push([name, value]);
  console.log(`${name}: ${value}`);
};
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number): string => `${value.toFixed(0)} ms`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;

/**
 * A module script and the chunks it imports statically (they load and run with it, before any
 * interaction), each once per page; dynamic imports are left out.
 */
function moduleWithImports(file: string, loaded: Set<string>): Buffer[] {
  if (loaded.has(file)) return [];
  loaded.add(file);
  const code = readFileSync(file);
  const imports = [...code.toString('utf8').matchAll(/\b(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g)];
  return [code, ...imports.flatMap((match) => moduleWithImports(join(dirname(file), match[1]!), loaded))];
}

// ---------- build ----------
{
  const started = performance.now();
  const build = spawnSync('node_modules/.bin/astro', ['build'], {
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`astro build failed:\n${build.stdout}\n${build.stderr}`);
  record('build time (astro build, incl. Pyodide copy)', ms(performance.now() - started));
  const pages = readdirSync('dist', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'));
  record('pages built', String(pages.length));
  for (const page of pages.sort()) {
    const html = readFileSync(join('dist', page), 'utf8');
    let raw = 0;
    let gzip = 0;
    const loaded = new Set<string>();
    for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      const src = match[1]!.match(/src="([^"]+)"/)?.[1];
      const codes = src ? moduleWithImports(join('dist', src.replace(/^\//, '')), loaded) : [Buffer.from(match[2]!)];
      for (const code of codes) {
        raw += code.length;
        gzip += gzipSync(code).length;
      }
    }
    record(`JS on /${page.replace(/index\.html$/, '')} before interaction`, `${kb(raw)} raw, ${kb(gzip)} gzip`);
  }
  const pyodideDir = readdirSync('dist/pyodide')[0]!;
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of readdirSync(join('dist/pyodide', pyodideDir))) {
    const bytes = readFileSync(join('dist/pyodide', pyodideDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
    brotli += brotliCompressSync(bytes).length;
  }
  record('Python runtime files', `${mb(raw)} raw, ${mb(gzip)} gzip, ${mb(brotli)} brotli`);
}

// ---------- runtime in Chromium ----------
const pyodideDir = `pyodide/${readdirSync('dist/pyodide')[0]}/`;
const site = await startStaticServer({ root: 'dist' });
const bare = await startStaticServer({ root: writeBarePage(pyodideDir) });
const browser = await launchChromium();

/** Milliseconds from navigation start until `selector` has text, measured by the page's own clock. */
async function timeToText(page: Page, selector: string): Promise<number> {
  await page.waitForFunction((s) => (document.querySelector(s)?.textContent ?? '') !== '', selector, {
    timeout: 60_000,
    polling: 5,
  });
  return page.evaluate(() => performance.now());
}

async function coldBare(b: Browser): Promise<{ ms: number; bytes: number }> {
  const context = await b.newContext();
  const page = await context.newPage();
  let bytes = 0;
  page.context().on('requestfinished', async (request) => (bytes += (await request.sizes()).responseBodySize));
  await page.goto(bare.url);
  const result = await timeToText(page, '#out');
  await context.close();
  return { ms: result, bytes };
}

const SNIPPET = '[data-snippet]';

/** The page notes when the click happens, so the figure is the page's own latency, not the test driver's. */
async function recordClicks(page: Page): Promise<void> {
  await page.evaluate(() =>
    document.addEventListener(
      'click',
      () => ((window as unknown as { clickedAt: number }).clickedAt = performance.now()),
      {
        capture: true,
        once: true,
      },
    ),
  );
}

async function sinceClick(page: Page): Promise<number> {
  return page.evaluate(() => performance.now() - (window as unknown as { clickedAt: number }).clickedAt);
}
const firstLine = '[data-log] [data-stream]';

/** Opens the playground and puts `code` in its editor as the reader's own. */
async function typeProgram(page: Page, url: string, code: string): Promise<void> {
  await page.goto(url);
  await typeLine(page.locator(SNIPPET).first(), code);
}

async function coldSite(b: Browser): Promise<{ ms: number; bytes: number; page: Page }> {
  const context = await b.newContext();
  const page = await context.newPage();
  let bytes = 0;
  // Not the service worker's requests (it keeps the runtime in the background): they are not the run's.
  context.on('requestfinished', async (request) => {
    if (!request.serviceWorker()) bytes += (await request.sizes()).responseBodySize;
  });
  await page.goto(new URL('playground/', site.url).href, { waitUntil: 'commit' });
  // The first moment a click can count: the snippet's script has booted (the clock runs from page open).
  await page.waitForSelector('[data-snippet][data-booted]', { state: 'attached', timeout: 60_000 });
  await page.getByRole('button', { name: /^Run/ }).click();
  const result = await timeToText(page, firstLine);
  return { ms: result, bytes, page };
}

const bareTimes: number[] = [];
const siteTimes: number[] = [];
const warmTimes: number[] = [];
const preparedTimes: number[] = [];
let bareBytes = 0;
let siteBytes = 0;
for (let run = 0; run < RUNS; run++) {
  const b = await coldBare(browser);
  bareTimes.push(b.ms);
  bareBytes = b.bytes;
  const s = await coldSite(browser);
  siteTimes.push(s.ms);
  siteBytes = s.bytes;
  // Warm: the same page, runtime loaded; click to first output.
  const page = s.page;
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-run-state') === 'done', SNIPPET);
  await recordClicks(page);
  await page.getByRole('button', { name: /^Run/ }).click();
  // The click cleared the log at once: the first line that appears is this run's.
  await timeToText(page, firstLine);
  warmTimes.push(await sinceClick(page));
  // After prepare(): a new page in the same context (HTTP cache warm), focus the editor, wait for ready, then Run.
  const prepared = await page.context().newPage();
  await prepared.goto(new URL('playground/', site.url).href);
  await prepared.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('data-runtime-state') === 'ready',
    SNIPPET,
    { timeout: 60_000 },
  );
  await recordClicks(prepared);
  await prepared.getByRole('button', { name: /^Run/ }).click();
  await timeToText(prepared, firstLine);
  preparedTimes.push(await sinceClick(prepared));
  await page.context().close();
}
// Intent to an editable editor: hover a chapter snippet, until CodeMirror replaces the static code.
const intentTimes: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL('asyncio-and-async-await/', site.url).href);
  const snippet = page.locator('[data-snippet]').first();
  await snippet.scrollIntoViewIfNeeded();
  await page.evaluate(() =>
    document
      .querySelector('[data-snippet]')!
      .addEventListener(
        'pointerenter',
        () => ((window as unknown as { intentAt: number }).intentAt = performance.now()),
        {
          capture: true,
          once: true,
        },
      ),
  );
  await snippet.hover();
  await page.waitForFunction(
    () => document.querySelector('[data-snippet] .cm-content') && !document.querySelector('.snippet-editor-pending'),
    null,
    { polling: 5 },
  );
  intentTimes.push(await page.evaluate(() => performance.now() - (window as unknown as { intentAt: number }).intentAt));
  await context.close();
}

// Stop on a program that never awaits: where the site is cross-origin isolated (its _headers) Python is
// interrupted and the runtime stays; on a host without those headers (GitHub Pages) the worker is replaced.
const pagesLike = await startStaticServer({ root: 'dist', hostHeaders: false });
const stopTimes: Record<'isolated' | 'plain', { stopped: number[]; nextOutput: number[] }> = {
  isolated: { stopped: [], nextOutput: [] },
  plain: { stopped: [], nextOutput: [] },
};
for (let run = 0; run < RUNS; run++) {
  for (const [host, url] of [
    ['isolated', site.url],
    ['plain', pagesLike.url],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Typed, not linked: code from a link gets a fresh worker after its run, which the next Run would wait for.
    await typeProgram(page, new URL('playground/', url).href, 'print("spinning")\nwhile True:\n    pass\n');
    await page.getByRole('button', { name: /^Run/ }).click();
    await timeToText(page, firstLine);
    await recordClicks(page);
    await page.getByRole('button', { name: /^Stop/ }).click();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-run-state') === 'stopped',
      SNIPPET,
      { polling: 5 },
    );
    stopTimes[host].stopped.push(await sinceClick(page));
    await recordClicks(page);
    await page.getByRole('button', { name: /^Run/ }).click();
    await timeToText(page, firstLine);
    stopTimes[host].nextOutput.push(await sinceClick(page));
    await context.close();
  }
}
await pagesLike.close();

// What a clean runtime for each run costs the next Run, against a warm run on a worker that stays:
// after a run that leaves a timer behind, after os._exit(), and after code from a link, the worker is
// replaced, and the next Run (clicked at once) waits for the new one. Typed code in a new context each time.
const CLEAN_RUN_CASES = [
  { name: 'a run that leaves nothing behind (the worker stays)', code: 'print("clean")\n' },
  {
    name: 'a run that leaves a timer behind (the worker is replaced)',
    code: 'import js\nfrom pyodide.ffi import create_proxy\njs.setTimeout(create_proxy(lambda: None), 60_000)\nprint("left a timer")\n',
  },
  { name: 'os._exit(0) (the worker is replaced)', code: 'import os\nprint("exiting")\nos._exit(0)\n' },
  { name: 'a program from a link (it runs on its own worker)', code: 'print("linked")\n', linked: true },
] as const;
const afterRunTimes = new Map<string, number[]>(CLEAN_RUN_CASES.map(({ name }) => [name, []]));
for (let run = 0; run < RUNS; run++) {
  for (const { name, code, ...rest } of CLEAN_RUN_CASES) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if ('linked' in rest) {
      await page.goto(playgroundUrl(site.url, code));
      await page.waitForSelector('[data-snippet][data-booted]', { state: 'attached' });
    } else await typeProgram(page, new URL('playground/', site.url).href, code);
    await page.getByRole('button', { name: /^Run/ }).click();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-run-state') === 'done',
      SNIPPET,
      { timeout: 60_000, polling: 5 },
    );
    await recordClicks(page);
    await page.getByRole('button', { name: /^Run/ }).click();
    await timeToText(page, firstLine);
    afterRunTimes.get(name)!.push(await sinceClick(page));
    await context.close();
  }
}

// The live timeline's cost to the page: the longest main-thread task (over 50 ms; 0 if none) while a
// program of 200 tasks runs with the timeline on, and until its last timeline is drawn.
const TIMELINE_CASES = [
  {
    name: '200 tasks, 5 sleeps each',
    code: 'import asyncio\nasync def work(i):\n    for _ in range(5):\n        await asyncio.sleep(0.01 * (i % 7))\nasync def main():\n    await asyncio.gather(*(work(i) for i in range(200)))\nasyncio.run(main())\n',
  },
  {
    name: '20 tasks on sleep(0) for 3 s',
    code: 'import asyncio\nasync def spin():\n    while True:\n        await asyncio.sleep(0)\nasync def main():\n    tasks = [asyncio.create_task(spin()) for _ in range(20)]\n    await asyncio.sleep(3)\nasyncio.run(main())\n',
  },
] as const;
const timelineStalls = new Map<string, number[]>(TIMELINE_CASES.map(({ name }) => [name, []]));
for (let run = 0; run < RUNS; run++) {
  for (const { name, code } of TIMELINE_CASES) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await typeProgram(page, new URL('playground/', site.url).href, code);
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-runtime-state') === 'ready',
      SNIPPET,
      { timeout: 60_000 },
    );
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { longTasks: number[] }).longTasks = seen;
      new PerformanceObserver((list) => seen.push(...list.getEntries().map((entry) => entry.duration))).observe({
        type: 'longtask',
      });
    });
    await page.getByRole('button', { name: /^Run/ }).click();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-run-state') === 'done',
      SNIPPET,
      { timeout: 60_000, polling: 50 },
    );
    await page.waitForTimeout(1000);
    timelineStalls
      .get(name)!
      .push(await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks)));
    await context.close();
  }
}

// Search: a chapter page, "/" and a query typed at once; then more queries in the open dialog.
const search = await measureSearch(browser, site.url, RUNS);
const byEngine = await measureEngines(new URL('playground/', site.url).href, RUNS, ['chromium', 'firefox', 'webkit']);

await browser.close();
await site.close();
await bare.close();

record(`page open to first output, cold, bare page (median of ${RUNS})`, ms(median(bareTimes)));
record(`page open to first output, cold, playground (median of ${RUNS})`, ms(median(siteTimes)));
record('ratio playground / bare page', `${(median(siteTimes) / median(bareTimes)).toFixed(2)}x`);
record('warm run: Run to first output', ms(median(warmTimes)));
for (const { engine, path, coldMs, warmMs } of byEngine) {
  record(
    `${engine} (${path} path): page open to first output, cold / warm run, Run to first output (medians of ${RUNS})`,
    `${ms(median(coldMs))} / ${ms(median(warmMs))}`,
  );
}
record('after prepare(): Run to first output', ms(median(preparedTimes)));
record(`first intent to an editable editor, cold cache (median of ${RUNS})`, ms(median(intentTimes)));
for (const [host, label] of [
  ['isolated', 'cross-origin isolated (interrupt)'],
  ['plain', 'not isolated (worker replaced)'],
] as const) {
  record(`Stop on \`while True: pass\`, ${label}: Stop to stopped`, ms(median(stopTimes[host].stopped)));
  record(
    `Stop on \`while True: pass\`, ${label}: the next Run to its first output`,
    ms(median(stopTimes[host].nextOutput)),
  );
}
for (const [name, stalls] of timelineStalls)
  record(
    `live timeline, ${name}: longest main-thread task, to its last draw (median of ${RUNS}; 0 = none over 50 ms)`,
    ms(median(stalls)),
  );
for (const [name, times] of afterRunTimes)
  record(`the Run after ${name}: Run to first output (median of ${RUNS})`, ms(median(times)));
record('bytes transferred, cold: bare page', mb(bareBytes));
record('bytes transferred, cold: playground', mb(siteBytes));

// ---------- search ----------
{
  const { bytes, files } = indexSize('dist/pagefind');
  record('search index on disk (dist/pagefind)', `${kb(bytes)} in ${files} files`);
  record(
    'search: bytes fetched for a first query (search code, Pagefind, index, 8 results)',
    kb(search.firstQueryBytes),
  );
  record('search: of which Pagefind and its index', kb(search.firstQueryIndexBytes));
  record(`search: "/" to first results, cold, incl. index load (median of ${RUNS})`, ms(median(search.coldMs)));
  record(
    `search: later query, input to results shown (median of ${search.laterMs.length}, incl. the 40 ms typing debounce of search-panel.ts)`,
    ms(median(search.laterMs)),
  );
  record(
    `search: Pagefind query + data of 8 results, warm (median of ${search.engineMs.length})`,
    ms(median(search.engineMs)),
  );
}

// ---------- runtime in Node ----------
{
  const started = performance.now();
  const engine = await loadNodeEngine();
  record('Node: engine load (Pyodide + harness)', ms(performance.now() - started));
  let lines = 0;
  const flood = await engine.run('for i in range(200000):\n    print(i)\n', 'flood.py', {
    onOutput: (chunk) => (lines += chunk.text.split('\n').length - 1),
  });
  record('Node: 200,000-line flood', `${ms(flood.durationMs)} (${lines} lines)`);
  // The return to the load-time baseline that ends every run, timed from inside a run: on a runtime
  // the run left alone, and after imports and rebinds such as a program makes.
  const restoreMs = async (changes: string): Promise<number> => {
    let printed = '';
    const program = [
      'import sys, time, walkthrough_runner',
      changes,
      'clock, write = time.perf_counter, sys.stdout.write',
      'started = clock()',
      'walkthrough_runner._pristine.restore()',
      'write(f"{(clock() - started) * 1000:.3f}")',
    ].join('\n');
    await engine.run(program, 'restore.py', { onOutput: (chunk) => (printed += chunk.text) });
    return Number(printed);
  };
  const untouched: number[] = [];
  const changed: number[] = [];
  for (let run = 0; run < 3 * RUNS; run++) {
    untouched.push(await restoreMs('pass'));
    changed.push(
      await restoreMs(
        'import builtins, asyncio, json, decimal, statistics, email.message, xml.dom.minidom, http.client\nbuiltins.print = None\nasyncio.sleep = None',
      ),
    );
  }
  record(
    `Node: a run's return to the load-time baseline, untouched / after 7 imports and 2 rebinds (median of ${3 * RUNS})`,
    `${median(untouched).toFixed(1)} ms / ${median(changed).toFixed(1)} ms`,
  );
  const tasks = [
    'import asyncio',
    'async def work(i):',
    '    await asyncio.sleep(0)',
    '    return i',
    'async def main():',
    '    await asyncio.gather(*(work(i) for i in range(10_000)))',
    'asyncio.run(main())',
  ].join('\n');
  const off: number[] = [];
  const on: number[] = [];
  await engine.run(tasks, 'tasks.py', { onOutput: () => {} });
  for (let run = 0; run < 3 * RUNS; run++) {
    off.push((await engine.run(tasks, 'tasks.py', { onOutput: () => {} })).durationMs);
    on.push((await engine.run(tasks, 'tasks.py', { onOutput: () => {} }, { timeline: true })).durationMs);
  }
  record(
    `Node: 10,000 short tasks, timeline off / on (median of ${3 * RUNS})`,
    `${ms(median(off))} / ${ms(median(on))} (${((median(on) / median(off) - 1) * 100).toFixed(1)}% more)`,
  );
}

// ---------- Lighthouse (mobile), every chapter page, under the site's own headers ----------
{
  const chapters = readdirSync('content')
    .filter((file) => file.endsWith('.mdx'))
    .map((file) => `${file.replace(/\.mdx$/, '')}/`)
    .sort();
  const server = await startStaticServer({ root: 'dist' });
  const scores = await measureLighthouse(server.url, chapters, findChromium());
  await server.close();
  for (const { path, performance, accessibility, bestPractices, seo } of scores) {
    record(
      `Lighthouse /${path}: performance / accessibility / best practices / SEO`,
      `${performance} / ${accessibility} / ${bestPractices} / ${seo}`,
    );
  }
}

console.log(`\n| figure | value |\n| --- | --- |`);
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
console.log(
  `\nMachine: ${statSync('/proc/cpuinfo', { throwIfNoEntry: false }) ? `${readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.+)/)?.[1]}` : process.platform}, Node ${process.version}`,
);
