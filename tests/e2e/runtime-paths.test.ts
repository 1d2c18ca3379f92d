import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server.ts';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { SITES } from '../support/sites.ts';
import {
  firstSnippet,
  outputLines,
  playgroundUrl,
  runButton,
  typeLine,
  waitForEditor,
  waitForRunEnd,
} from '../support/snippets.ts';

/**
 * The blocking runtime path in Chromium, reached as it is on an iPhone: with an iOS user agent,
 * Pyodide calls Python through JavaScript frames, the suspension probe at load is fatal to it, and
 * the worker starts a second Pyodide that blocks instead (src/runtime/worker.ts). Where the site is
 * cross-origin isolated that is the atomics path, elsewhere the busy wait. WebKit itself runs the
 * engines project (tests/engines/); this file covers what only Chromium can show of these paths,
 * and what a browser that can run none of them is told.
 */
const site = useBrowser();
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

const CONCURRENT = [
  'import asyncio, os, time',
  'from pyodide.http import pyfetch',
  '',
  'async def nap(name, seconds):',
  '    print("start", name)',
  '    await asyncio.sleep(seconds)',
  '    print("done", name)',
  '',
  'async def get(path):',
  '    response = await pyfetch(os.environ["SITE_URL"] + path)',
  '    return response.status, "<html" in (await response.text()).lower()',
  '',
  'async def main():',
  '    started = time.perf_counter()',
  '    await asyncio.gather(nap("slow", 0.3), nap("quick", 0.1))',
  '    time.sleep(0.2)',
  '    print(f"{time.perf_counter() - started:.1f} s")',
  '    print(await asyncio.gather(get("crawl-lab/"), get("crawl-lab/nowhere.html")))',
  '',
  'asyncio.run(main())',
].join('\n');

async function openPlayground(siteUrl: string, code: string): Promise<{ page: Page; close(): Promise<void> }> {
  const opened = await openPage(site.browser(), playgroundUrl(siteUrl, code), { userAgent: IPHONE });
  await waitForEditor(firstSnippet(opened.page));
  return opened;
}

const wasmLoads = (page: Page) =>
  page.evaluate(
    () => performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/pyodide.asm.wasm')).length,
  );

describe('the blocking path, where WebAssembly cannot suspend', () => {
  let withoutHeaders: StaticServer;
  beforeAll(async () => {
    withoutHeaders = await startStaticServer({ root: SITES.root.dir, hostHeaders: false });
  });
  afterAll(() => withoutHeaders.close());

  describe.each([
    { host: 'a cross-origin isolated host', isolated: true, path: 'atomics' },
    { host: 'a host without COOP and COEP', isolated: false, path: 'busy-wait' },
  ])('on $host ($path)', ({ isolated, path }) => {
    const siteUrl = () => (isolated ? site.rootUrl : withoutHeaders.url);

    it('runs tasks, sleeps, a blocking sleep and fetches as CPython does', async () => {
      const { page, close } = await openPlayground(siteUrl(), CONCURRENT);
      await runButton(firstSnippet(page)).click();
      expect(await waitForRunEnd(firstSnippet(page), 60_000)).toBe('done');
      expect(await firstSnippet(page).getAttribute('data-runtime-path')).toBe(path);
      expect(await outputLines(firstSnippet(page))).toEqual([
        'start slow',
        'start quick',
        'done quick',
        'done slow',
        '0.5 s',
        '[(200, True), (404, True)]',
      ]);
      await close();
    });

    it('stops an awaiting program; where it can hear the Stop, its finally block runs and the runtime stays', async () => {
      // Typed as the reader's own code, in one line: code from a link always gets a fresh runtime after its run.
      const { page, close } = await openPage(site.browser(), new URL('playground/', siteUrl()).href, { userAgent: IPHONE });
      const snippet = firstSnippet(page);
      await typeLine(
        snippet,
        'import asyncio; exec("async def main():\\n    try:\\n        print(\'waiting\')\\n        await asyncio.sleep(60)\\n    finally:\\n        print(\'cleaned up\')"); asyncio.run(main())',
      );
      await runButton(snippet).click();
      await snippet.locator('[data-stream="stdout"]').first().waitFor({ timeout: 60_000 });
      await snippet.getByRole('button', { name: /^Stop/ }).click();
      expect(await waitForRunEnd(snippet, 5_000)).toBe('stopped');
      // The busy wait hears nothing while the program runs: its worker is replaced, without cleanup.
      expect(await outputLines(snippet)).toEqual(isolated ? ['waiting', 'cleaned up'] : ['waiting']);
      await typeLine(snippet, 'print("alive again")');
      await runButton(snippet).click();
      expect(await waitForRunEnd(snippet, 60_000)).toBe('done');
      expect(await outputLines(snippet)).toEqual(['alive again']);
      // Each Pyodide start fetches the files once; the first worker started two (the probe was fatal to one).
      expect(await wasmLoads(page)).toBe(isolated ? 1 : 2);
      await close();
    });

    it('stops `while True: pass`, and the next run works', async () => {
      const { page, close } = await openPlayground(siteUrl(), 'print("spinning")\nwhile True:\n    pass\n');
      const snippet = firstSnippet(page);
      await runButton(snippet).click();
      await snippet.locator('[data-stream="stdout"]').first().waitFor({ timeout: 60_000 });
      await snippet.getByRole('button', { name: /^Stop/ }).click();
      expect(await waitForRunEnd(snippet, 5_000)).toBe('stopped');
      await typeLine(snippet, 'print("alive again")');
      await runButton(snippet).click();
      expect(await waitForRunEnd(snippet, 60_000)).toBe('done');
      expect(await outputLines(snippet)).toEqual(['alive again']);
      await close();
    });
  });

  it('leaves Chromium’s own user agent on the jspi path', async () => {
    const { page, close } = await openPage(site.browser(), playgroundUrl(site.rootUrl, 'print("hi")\n'));
    await waitForEditor(firstSnippet(page));
    await runButton(firstSnippet(page)).click();
    expect(await waitForRunEnd(firstSnippet(page))).toBe('done');
    expect(await firstSnippet(page).getAttribute('data-runtime-path')).toBe('jspi');
    await close();
  });
});

describe('a browser that can run nothing', () => {
  it('says why in a sentence, at once, and the expected output stays in view', async () => {
    const opened = await openPage(site.browser(), new URL('asyncio-and-async-await/', site.rootUrl).href);
    const { page } = opened;
    // As in Lockdown Mode on an iPhone: no WebAssembly at all.
    await page.evaluate(() => Reflect.deleteProperty(globalThis, 'WebAssembly'));
    const snippet = firstSnippet(page);
    await waitForEditor(snippet);
    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet, 10_000)).toBe('error');
    expect(await snippet.locator('[data-status]').textContent()).toMatch(
      /^This browser cannot run the examples: it has WebAssembly turned off \(on an iPhone or iPad, Lockdown Mode does this\)\./,
    );
    expect(await snippet.locator('[data-expected]').isVisible()).toBe(true);
    await opened.close();
  });
});
