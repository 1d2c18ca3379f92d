import { describe, expect, it } from 'vitest';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { pagePaths } from '../support/pages.ts';

const site = useBrowser();

describe('a build under BASE_PATH=/asyncio-walkthrough/', () => {
  it('keeps every link and asset under the prefix, and each resolves', async () => {
    const prefix = new URL(site.prefixedUrl).pathname;
    const checked = new Set<string>();
    for (const path of pagePaths('prefixed')) {
      const { page, foreignRequests, close } = await openPage(site.browser(), new URL(path, site.prefixedUrl).href);
      const targets = await page.$$eval('a[href], link[href], img[src], script[src]', (elements) =>
        elements.map((element) => (element as HTMLAnchorElement).href || (element as HTMLImageElement).src),
      );
      for (const target of targets) {
        const url = new URL(target);
        if (url.origin !== new URL(site.prefixedUrl).origin || url.protocol === 'data:') continue;
        expect(url.pathname.startsWith(prefix), `${path} links to ${url.pathname}`).toBe(true);
        url.hash = '';
        if (checked.has(url.href)) continue;
        checked.add(url.href);
        expect((await fetch(url)).status, `${path} -> ${url.pathname}`).toBe(200);
      }
      expect(foreignRequests).toEqual([]);
      await close();
    }
    expect(checked.size).toBeGreaterThan(5);
  });

  it('navigates from the home page into a chapter and back', async () => {
    const { page, close } = await openPage(site.browser(), site.prefixedUrl);
    await page.locator('.chapter-list a').first().click();
    await page.waitForURL(/\/asyncio-walkthrough\/introduction\/$/);
    await page.locator('.site-title').click();
    await page.waitForURL(site.prefixedUrl);
    expect(await page.locator('.hero h1').isVisible()).toBe(true);
    await close();
  });
});
