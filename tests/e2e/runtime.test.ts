import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server.ts';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { SITES } from '../support/sites.ts';
import {
  firstSnippet,
  outputLines as snippetLines,
  playgroundUrl,
  runButton,
  typeLine,
  waitForEditor,
  waitForRunEnd,
} from '../support/snippets.ts';
import { isolationProbe } from '../support/isolation-probe.ts';
import { lineTimes, recordLineTimes } from '../support/line-times.ts';

/** The Python runtime in a real Chromium, driven through the playground. */
const site = useBrowser();
const playground = () => new URL('playground/', site.rootUrl).href;

/** Opens the playground with `code` in its editor (a share link), and runs it. */
async function openAndRun(code: string, options: Parameters<typeof openPage>[2] = {}, siteUrl = site.rootUrl) {
  const opened = await openPage(site.browser(), playgroundUrl(siteUrl, code), options);
  await waitForEditor(firstSnippet(opened.page));
  return opened;
}

async function run(page: Page): Promise<void> {
  await runButton(firstSnippet(page)).click();
}

const waitForEnd = (page: Page, timeout?: number) => waitForRunEnd(firstSnippet(page), timeout);
const outputLines = (page: Page) => snippetLines(firstSnippet(page));

describe('Python in the page', () => {
  it('streams output as it is printed: a line before a 1 s sleep arrives a second before the next', async () => {
    const { page, foreignRequests, close } = await openAndRun(
      'import asyncio\nasync def main():\n    print("first")\n    await asyncio.sleep(1)\n    print("second")\nasyncio.run(main())\n',
    );
    await page.evaluate(recordLineTimes);
    await run(page);
    expect(await waitForEnd(page)).toBe('done');
    const times = await page.evaluate(lineTimes);
    const gap = times['second']! - times['first']!;
    expect(gap).toBeGreaterThan(900);
    expect(gap).toBeLessThan(1500);
    expect(foreignRequests).toEqual([]);
    await close();
  });

  it('runs the playground’s example exactly as CPython prints it', async () => {
    const { page, close } = await openPage(site.browser(), playground());
    await run(page);
    expect(await waitForEnd(page)).toBe('done');
    expect(await outputLines(page)).toEqual([
      'start tea',
      'start coffee',
      'start cocoa',
      'done  cocoa',
      'done  tea',
      'done  coffee',
      "['tea', 'coffee', 'cocoa'] in 0.5 s",
    ]);
    await close();
  });

  it('runs timers that fall due together in the order they were set, as CPython does', async () => {
    // The page's clock moves in 0.1 ms steps, so the sixteen timers below share their times; CPython's
    // clock moves on between two calls, so they fall due in the order set. Expected: python3.13's output.
    const { page, close } = await openAndRun(
      [
        'import asyncio',
        'async def worker(n):',
        '    await asyncio.sleep(0.2)',
        '    print(f"worker {n} woke up")',
        'async def main():',
        '    for n in range(8):',
        '        asyncio.get_running_loop().call_later(0.1, print, f"callback {n}")',
        '    await asyncio.gather(*(worker(n) for n in range(8)))',
        'asyncio.run(main())',
      ].join('\n'),
    );
    await run(page);
    expect(await waitForEnd(page)).toBe('done');
    expect(await outputLines(page)).toEqual([
      ...Array.from({ length: 8 }, (_, n) => `callback ${n}`),
      ...Array.from({ length: 8 }, (_, n) => `worker ${n} woke up`),
    ]);
    await close();
  });

  it('shows a traceback on stderr whose line numbers lead into the editor', async () => {
    const { page, close } = await openAndRun('def f():\n    raise ValueError("nope")\nf()\n');
    await run(page);
    expect(await waitForEnd(page)).toBe('error');
    const stderr = await page.locator('[data-stream="stderr"]').allTextContents();
    expect(stderr[0]).toBe('Traceback (most recent call last):');
    expect(stderr).toContain('  File "playground.py", line 3, in <module>');
    expect(stderr.at(-1)).toBe('ValueError: nope');
    await page.getByRole('link', { name: 'line 2' }).click();
    const cursorLine = await page.evaluate(() => {
      const active = document.querySelector('.cm-activeLine');
      return active ? [...document.querySelectorAll('.cm-line')].indexOf(active) + 1 : 0;
    });
    expect(cursorLine).toBe(2);
    await close();
  });

  describe('stopping `while True: pass`', () => {
    // As GitHub Pages serves the site: none of the build's _headers, so no cross-origin isolation.
    let withoutHeaders: StaticServer;
    beforeAll(async () => {
      withoutHeaders = await startStaticServer({ root: SITES.root.dir, hostHeaders: false });
    });
    afterAll(() => withoutHeaders.close());

    for (const host of [
      { name: 'a host that sends COOP and COEP: the program is interrupted, the runtime stays', isolated: true },
      { name: 'a host without them: the worker is replaced', isolated: false },
    ]) {
      it(`ends it within a second, and the next run works, on ${host.name}`, async () => {
        const siteUrl = host.isolated ? site.rootUrl : withoutHeaders.url;
        // Typed, not opened from a link: code from a link always gets a fresh runtime after its run.
        const { page, close } = await openPage(site.browser(), new URL('playground/', siteUrl).href);
        expect(await page.evaluate(() => crossOriginIsolated)).toBe(host.isolated);
        await typeLine(firstSnippet(page), 'print("spinning", flush=True); exec("while True: pass")');
        await run(page);
        await page.locator('[data-stream="stdout"]').first().waitFor();
        const asked = Date.now();
        await firstSnippet(page).getByRole('button', { name: /^Stop/ }).click();
        expect(await waitForEnd(page, 5_000)).toBe('stopped');
        expect(Date.now() - asked).toBeLessThan(1000);
        await typeLine(firstSnippet(page), 'print("alive again")');
        await run(page);
        expect(await waitForEnd(page)).toBe('done');
        expect(await outputLines(page)).toEqual(['alive again']);
        // The page fetches the runtime's files for each worker it starts (the editor may have started one early).
        const runtimeLoads = await page.evaluate(
          () =>
            performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/pyodide.asm.wasm')).length,
        );
        expect(runtimeLoads).toBe(host.isolated ? 1 : 2);
        await close();
      });
    }
  });

  it('ends a runaway run at the time limit with a clear message', async () => {
    const { page, close } = await openAndRun(
      'import asyncio\nasync def main():\n    while True:\n        await asyncio.sleep(0.1)\nasyncio.run(main())\n',
    );
    await firstSnippet(page).evaluate((root) => root.setAttribute('data-time-limit-ms', '1500'));
    await run(page);
    expect(await waitForEnd(page)).toBe('stopped');
    expect(await firstSnippet(page).locator('[data-status]').textContent()).toMatch(
      /^Stopped after 2 s: the time limit for one run/,
    );
    await close();
  });

  it('keeps a program away from the page, its storage and its cookies', async () => {
    const robots = new URL('robots.txt', site.rootUrl).href;
    const probe = isolationProbe(robots);
    const { page, close } = await openAndRun(probe);
    await page.evaluate(() => {
      localStorage.setItem('secret', 'page-secret');
      document.cookie = 'session=page-cookie; path=/';
    });
    const cookiesSent: string[] = [];
    page.context().on('request', (request) => {
      if (request.url().endsWith('/robots.txt')) cookiesSent.push(request.headers()['cookie'] ?? '');
    });
    await run(page);
    await waitForEnd(page);
    const output = (await outputLines(page)).join('\n');
    expect(output).toContain('origin -> null');
    expect(output).not.toMatch(/page-secret|page-cookie/);
    for (const name of ['document', 'localStorage', 'parent', 'indexedDB'])
      expect(output).toContain(`${name} -> blocked`);
    // Public files can be read, as by any web page; the reader's cookies never travel with them.
    expect(output).toContain('fetch omit -> 200');
    expect(output).toContain('fetch include -> blocked');
    expect(cookiesSent.length).toBeGreaterThan(0);
    expect(cookiesSent.every((cookie) => !cookie.includes('page-cookie'))).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('secret'))).toBe('page-secret');
    await close();
  });

  it('reports a failed runtime load clearly, and retries on the next Run', async () => {
    const context = await site.browser().newContext();
    await context.route('**/pyodide/**/pyodide.asm.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    const page = await context.newPage();
    await page.goto(playgroundUrl(site.rootUrl, 'print("hello")\n'));
    await run(page);
    expect(await waitForEnd(page)).toBe('error');
    expect(await firstSnippet(page).locator('[data-status]').textContent()).toMatch(/could not be loaded/i);
    await context.unroute('**/pyodide/**/pyodide.asm.wasm');
    await run(page);
    expect(await waitForEnd(page)).toBe('done');
    expect(await outputLines(page)).toEqual(['hello']);
    await context.close();
  });
});
