import { describe, expect, it } from 'vitest';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { pagePaths } from '../support/pages.ts';

const site = useBrowser();

describe('navigation', () => {
  it('lists every chapter on the home page, in order, with its summary', async () => {
    const { page, close } = await openPage(site.browser(), site.rootUrl);
    const items = page.locator('.chapter-list li');
    expect(await items.count()).toBeGreaterThanOrEqual(3);
    const numbers = await page.locator('.chapter-list .chapter-number').allTextContents();
    expect(numbers.map(Number)).toEqual([...numbers.map(Number)].sort((a, b) => a - b));
    for (const summary of await page.locator('.chapter-list p').allTextContents()) expect(summary.length).toBeGreaterThan(20);
    await close();
  });

  it('walks the whole walkthrough with Next, the sidebar marking each chapter', async () => {
    const { page, close } = await openPage(site.browser(), site.rootUrl);
    await page.locator('.hero .button-primary').click();
    const visited: string[] = [];
    for (;;) {
      const title = (await page.locator('main h1').textContent()) ?? '';
      visited.push(title);
      const current = page.locator('.sidebar a[aria-current="page"]');
      expect(await current.count()).toBe(1);
      expect(new URL(page.url()).pathname).toBe(new URL((await current.getAttribute('href'))!, page.url()).pathname);
      const next = page.locator('.prev-next a[rel="next"]');
      if ((await next.count()) === 0) break;
      const nextUrl = new URL((await next.getAttribute('href'))!, page.url()).href;
      await Promise.all([page.waitForURL(nextUrl), next.click()]);
      // Previous on the new page leads back.
      expect(await page.locator('.prev-next a[rel="prev"] .prev-next-title').textContent()).toBe(title);
    }
    const sidebarTitles = await page.locator('.sidebar ol a').count();
    expect(visited.length).toBe(sidebarTitles);
    expect(new Set(visited).size).toBe(visited.length);
    await close();
  });

  it('links every page without a broken link, asset or section anchor', async () => {
    const browser = site.browser();
    const broken: string[] = [];
    const idsByPage = new Map<string, Set<string> | null>();
    for (const path of pagePaths('root')) {
      const { page, close } = await openPage(browser, new URL(path, site.rootUrl).href);
      const targets = await page.$$eval('a[href], link[href], img[src], script[src]', (elements) =>
        elements.map((element) => (element as HTMLAnchorElement).href || (element as HTMLImageElement).src),
      );
      for (const target of targets) {
        const url = new URL(target);
        if (url.origin !== new URL(site.rootUrl).origin) continue;
        const fragment = decodeURIComponent(url.hash.slice(1));
        url.hash = '';
        if (!idsByPage.has(url.href)) {
          const response = await fetch(url);
          if (!response.ok) broken.push(`${path} -> ${url.pathname} (${response.status})`);
          const html = response.ok && response.headers.get('content-type')?.includes('html') ? await response.text() : '';
          idsByPage.set(url.href, html ? new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!)) : null);
        }
        const ids = idsByPage.get(url.href);
        // '#code=...' fragments carry a program for the playground, not a section.
        if (fragment && !fragment.startsWith('code=') && ids && !ids.has(fragment)) broken.push(`${path} -> ${url.pathname}#${fragment} (no such section)`);
      }
      await close();
    }
    expect(broken).toEqual([]);
    expect(idsByPage.size).toBeGreaterThan(5);
  });

  it('has an Edit this page link into the repository', async () => {
    const { page, close } = await openPage(site.browser(), new URL('introduction/', site.rootUrl).href);
    const href = await page.getByRole('link', { name: 'Edit this page' }).getAttribute('href');
    expect(href).toMatch(/^https:\/\/github\.com\/.+\/edit\/main\/content\/introduction\.mdx$/);
    await close();
  });

  it('answers an unknown address with a 404 page that leads back', async () => {
    const { page, close } = await openPage(site.browser(), site.rootUrl);
    const response = await page.goto(new URL('no-such-chapter/', site.rootUrl).href);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
    await page.locator('.chapter-list a').first().click();
    await page.waitForLoadState();
    expect(await page.locator('.chapter-kicker').textContent()).toBe('Chapter 1');
    await close();
  });
});
