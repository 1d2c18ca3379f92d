import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server.ts';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { SITES } from '../support/sites.ts';
import { outputLines, runButton, waitForRunEnd } from '../support/snippets.ts';

const site = useBrowser();
const CHAPTER = 'asyncio-and-async-await/';

/** Opens search, queries, and waits for a result. */
async function search(page: Page, query: string): Promise<void> {
  await page.keyboard.press('/');
  await page.keyboard.type(query);
  await page.locator(`[data-search-results][data-query="${query}"] .search-hit`).first().waitFor();
  await page.keyboard.press('Escape');
}

/** Waits until the service worker is active and has kept the open page, then reloads: now it is in control. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
}

describe('offline', () => {
  it('reads a visited chapter and searches it with the network gone', async () => {
    const { page, close } = await openPage(site.browser(), new URL(CHAPTER, site.rootUrl).href);
    await waitForServiceWorker(page);
    await search(page, 'gather');

    await page.context().setOffline(true);
    await page.reload();
    expect(await page.locator('h1').textContent()).toContain('asyncio');
    // The stylesheet came from the cache too: the layout is the styled one.
    expect(await page.locator('.skip-link').evaluate((link) => getComputedStyle(link).position)).not.toBe('static');
    await search(page, 'gather');
    await close();
  });

  it('runs a visited chapter’s snippet with the network gone, though nothing ran online', async () => {
    const { page, close } = await openPage(site.browser(), new URL(CHAPTER, site.rootUrl).href);
    await waitForServiceWorker(page);
    // Once the page is idle, the service worker keeps the runtime: the worker bundle and Pyodide's files.
    await page.waitForFunction(
      () =>
        caches.keys().then(async (names) => {
          const runtime = names.find((name) => name.startsWith('runtime-'));
          const site = names.find((name) => name.startsWith('site-'));
          if (!runtime || !site) return false;
          const kept = [...(await (await caches.open(runtime)).keys()), ...(await (await caches.open(site)).keys())];
          const paths = kept.map((request) => new URL(request.url).pathname);
          return (
            ['/pyodide.asm.wasm', '/python_stdlib.zip', '/pyodide-lock.json', '/manifest.json'].every((file) =>
              paths.some((path) => path.endsWith(file)),
            ) && paths.some((path) => /\/_astro\/worker-[\w-]+\.js$/.test(path))
          );
        }),
      null,
      { timeout: 60_000, polling: 500 },
    );

    await page.context().setOffline(true);
    await page.reload();
    const snippet = page.locator('[data-snippet][data-title="countasync.py"]');
    await runButton(snippet).click();
    try {
      expect(await waitForRunEnd(snippet, 60_000)).toBe('done');
      expect((await outputLines(snippet)).at(-1)).toBe('finished in 1.0 s');
    } finally {
      await close();
    }
  });

  describe('after the site is updated', () => {
    let root: string;
    let server: StaticServer;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'walkthrough-update-'));
      await cp(SITES.root.dir, root, { recursive: true, filter: (source) => !source.includes('/pyodide/') });
      server = await startStaticServer({ root });
    });
    afterAll(async () => {
      await server.close();
      await rm(root, { recursive: true, force: true });
    });

    it('serves the new build’s page on the next visit, and its new worker drops the old caches', async () => {
      const { page, close } = await openPage(site.browser(), new URL(CHAPTER, server.url).href);
      await waitForServiceWorker(page);
      await page.reload();
      const oldCaches = await page.evaluate(() => caches.keys());
      expect(oldCaches.some((name) => name.startsWith('site-'))).toBe(true);

      // A new build: a changed page and a service worker with a new build id.
      const pageFile = join(root, CHAPTER, 'index.html');
      await writeFile(pageFile, (await readFile(pageFile, 'utf8')).replace('</h1>', ' (updated)</h1>'));
      const workerFile = join(root, 'sw.js');
      await writeFile(workerFile, (await readFile(workerFile, 'utf8')).replace(/"build":"(\w+)"/, '"build":"$1-next"'));

      await page.reload();
      expect(await page.locator('h1').textContent()).toContain('(updated)');
      await page.evaluate(() =>
        navigator.serviceWorker.getRegistration().then((registration) => registration?.update()),
      );
      await page.waitForFunction(
        (old) => caches.keys().then((names) => names.every((name) => !old.includes(name) || !name.startsWith('site-'))),
        oldCaches,
        {
          timeout: 30_000,
        },
      );
      await close();
    });
  });
});

describe('the runtime download in the background', () => {
  /** Records what the page posts to its service worker. */
  function recordMessagesToWorker(connection: object | undefined): void {
    const sent: unknown[] = ((window as unknown as { sentToWorker: unknown[] }).sentToWorker = []);
    const post = ServiceWorker.prototype.postMessage as (this: ServiceWorker, ...args: unknown[]) => void;
    ServiceWorker.prototype.postMessage = function (this: ServiceWorker, ...args: unknown[]) {
      sent.push(args[0]);
      post.apply(this, args);
    } as typeof ServiceWorker.prototype.postMessage;
    if (connection) Object.defineProperty(navigator, 'connection', { value: connection });
  }

  it.each([
    ['the home page: nothing', '', undefined, false],
    ['a chapter: the runtime', CHAPTER, undefined, true],
    ['a chapter, for a reader saving data: nothing', CHAPTER, { saveData: true, effectiveType: '4g' }, false],
  ])('%s', async (_, path, connection, kept) => {
    const { page, close } = await openPage(site.browser(), new URL('robots.txt', site.rootUrl).href);
    const fetchedByWorker: string[] = [];
    page.context().on('request', (request) => {
      if (request.serviceWorker() && request.url().includes('/pyodide/')) fetchedByWorker.push(request.url());
    });
    await page.context().addInitScript(recordMessagesToWorker, connection);
    await page.goto(new URL(path, site.rootUrl).href);
    // Once the worker is ready, the page's own check has run before a task queued after it.
    const sent = await page.evaluate(() =>
      navigator.serviceWorker.ready
        .then(() => new Promise((resolve) => setTimeout(resolve, 0)))
        .then(() => (window as unknown as { sentToWorker: unknown[] }).sentToWorker),
    );
    expect(sent).toEqual(kept ? ['keep-runtime'] : []);
    // Asked, the worker fetches the runtime's files (which shows that its requests are seen here).
    if (kept) await expect.poll(() => fetchedByWorker.length, { timeout: 30_000 }).toBeGreaterThan(0);
    else expect(fetchedByWorker).toEqual([]);
    await close();
  });
});
