import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/**
 * The search figures: the index on disk, and in headless Chromium what the first query fetches and
 * how long queries take, timed by the page's own clock. Queries go through the dialog as a reader's
 * would, and straight through Pagefind's API for the engine alone.
 */

const CHAPTER = 'asyncio-and-async-await/';
const FIRST_QUERY = 'TaskGroup';
const LATER_QUERIES = ['producer consumer', 'never awaited', 'cancel', 'gather', 'queue', 'timeout'];
/** As many results as the dialog shows at first. */
const SHOWN = 8;

export interface SearchFigures {
  /** Keydown of "/" (query typed at once) to the first results shown, fresh browser context each. */
  coldMs: number[];
  /** Bytes of everything the first query fetched: search code, Pagefind, index, results. */
  firstQueryBytes: number;
  /** Of those, Pagefind's files and the index. */
  firstQueryIndexBytes: number;
  /** Input to results shown, dialog open and index loaded (includes the dialog's typing debounce). */
  laterMs: number[];
  /** Pagefind's search plus the data of the results shown, warm. */
  engineMs: number[];
}

export function indexSize(dir: string): { bytes: number; files: number } {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) =>
    statSync(join(dir, file)).isFile(),
  );
  return { bytes: files.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0), files: files.length };
}

async function waitForResults(page: Page, query: string): Promise<number> {
  await page.waitForFunction(
    (q) => document.querySelector(`[data-search-results][data-query="${q}"] .search-hit`) !== null,
    query,
    { timeout: 60_000, polling: 5 },
  );
  return page.evaluate(() => performance.now());
}

async function coldQuery(
  browser: Browser,
  siteUrl: string,
): Promise<{ ms: number; bytes: number; indexBytes: number; page: Page }> {
  // Without the service worker: it keeps the runtime in the background, and once it controls the
  // page it answers the page's requests with what it fetched itself; neither is the query's cost.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(new URL(CHAPTER, siteUrl).href, { waitUntil: 'networkidle' });
  const sizes: Array<Promise<{ path: string; bytes: number }>> = [];
  // The context's requests: Pagefind fetches from its own worker too.
  context.on('requestfinished', (request) =>
    sizes.push(
      request.sizes().then((size) => ({ path: new URL(request.url()).pathname, bytes: size.responseBodySize })),
    ),
  );
  await page.evaluate(() =>
    document.addEventListener(
      'keydown',
      () => ((window as unknown as { openedAt: number }).openedAt = performance.now()),
      {
        capture: true,
        once: true,
      },
    ),
  );
  await page.keyboard.press('/');
  await page.keyboard.type(FIRST_QUERY);
  const shownAt = await waitForResults(page, FIRST_QUERY);
  const ms = shownAt - (await page.evaluate(() => (window as unknown as { openedAt: number }).openedAt));
  const fetched = await Promise.all(sizes);
  const bytes = fetched.reduce((sum, file) => sum + file.bytes, 0);
  const indexBytes = fetched
    .filter((file) => file.path.includes('/pagefind/'))
    .reduce((sum, file) => sum + file.bytes, 0);
  return { ms, bytes, indexBytes, page };
}

/** Replaces the query as one input event and times it to its results. */
async function laterQuery(page: Page, query: string): Promise<number> {
  await page.evaluate((q) => {
    const input = document.querySelector<HTMLInputElement>('.search-dialog [data-search-input]')!;
    input.value = q;
    (window as unknown as { typedAt: number }).typedAt = performance.now();
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, query);
  const shownAt = await waitForResults(page, query);
  return shownAt - (await page.evaluate(() => (window as unknown as { typedAt: number }).typedAt));
}

async function engineQuery(page: Page, siteUrl: string, query: string): Promise<number> {
  return page.evaluate(
    async ({ bundle, q, shown }) => {
      const pagefind = (await import(bundle)) as {
        search(term: string): Promise<{ results: Array<{ data(): Promise<unknown> }> }>;
      };
      const started = performance.now();
      const { results } = await pagefind.search(q);
      await Promise.all(results.slice(0, shown).map((result) => result.data()));
      return performance.now() - started;
    },
    { bundle: new URL('pagefind/pagefind.js', siteUrl).href, q: query, shown: SHOWN },
  );
}

export async function measureSearch(browser: Browser, siteUrl: string, runs: number): Promise<SearchFigures> {
  const figures: SearchFigures = { coldMs: [], firstQueryBytes: 0, firstQueryIndexBytes: 0, laterMs: [], engineMs: [] };
  for (let run = 0; run < runs; run++) {
    const cold = await coldQuery(browser, siteUrl);
    figures.coldMs.push(cold.ms);
    figures.firstQueryBytes = cold.bytes;
    figures.firstQueryIndexBytes = cold.indexBytes;
    for (const query of LATER_QUERIES) figures.laterMs.push(await laterQuery(cold.page, query));
    for (const query of LATER_QUERIES) figures.engineMs.push(await engineQuery(cold.page, siteUrl, query));
    await cold.page.context().close();
  }
  return figures;
}
