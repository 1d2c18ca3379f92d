import { describe, expect, it } from 'vitest';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { pagePaths } from '../support/pages.ts';

const site = useBrowser();

describe('meta', () => {
  it('gives every page a title, a description, a canonical URL and Open Graph tags', async () => {
    const titles = new Set<string>();
    for (const path of pagePaths('root').filter((p) => p !== '404.html')) {
      const { page, close } = await openPage(site.browser(), new URL(path, site.rootUrl).href);
      const title = await page.title();
      expect(title, path).toMatch(/asyncio walkthrough/);
      titles.add(title);
      const meta = (selector: string) => page.locator(selector).getAttribute('content');
      expect((await meta('meta[name="description"]'))!.length, path).toBeGreaterThan(20);
      expect(await meta('meta[property="og:title"]'), path).toBeTruthy();
      expect(await meta('meta[property="og:description"]'), path).toBeTruthy();
      const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
      expect(new URL(canonical!).pathname, path).toBe(`/${path}`);
      expect(await meta('meta[property="og:url"]'), path).toBe(canonical);
      expect(await page.locator('link[rel="icon"]').count(), path).toBe(1);
      await close();
    }
    expect(titles.size).toBe(pagePaths('root').length - 1);
  });

  it('serves robots.txt pointing at the sitemap, and the sitemap lists the chapters', async () => {
    const robots = await (await fetch(new URL('robots.txt', site.rootUrl))).text();
    const sitemapUrl = robots.match(/^Sitemap: (.+)$/m)?.[1];
    expect(sitemapUrl).toMatch(/sitemap-index\.xml$/);
    const sitemap = await (await fetch(new URL('sitemap-0.xml', site.rootUrl))).text();
    for (const chapter of ['introduction', 'where-async-io-fits', 'asyncio-and-async-await']) {
      expect(sitemap).toContain(`/${chapter}/</loc>`);
    }
    expect(sitemap).not.toContain('404');
  });
});

describe('what a page loads', () => {
  it('asks no other origin for anything, on any page', async () => {
    for (const path of pagePaths('root')) {
      const { page, foreignRequests, close } = await openPage(site.browser(), new URL(path, site.rootUrl).href);
      await page.waitForLoadState('networkidle');
      expect(foreignRequests, path).toEqual([]);
      await close();
    }
  });

  it('loads nothing for its snippets or search but small bootstraps until the reader shows intent', async () => {
    const { page, close } = await openPage(site.browser(), new URL('introduction/', site.rootUrl).href);
    const scripts = await page.locator('script').evaluateAll((nodes) =>
      nodes.map((node) => ({ src: (node as HTMLScriptElement).src, length: node.textContent?.length ?? 0 })),
    );
    expect(scripts.filter((script) => script.src !== '').map((script) => new URL(script.src).pathname)).toEqual([
      expect.stringMatching(/^\/_astro\/SearchButton\.astro_astro_type_script_index_0_lang\.[\w-]+\.js$/),
      expect.stringMatching(/^\/_astro\/Snippet\.astro_astro_type_script_index_0_lang\.[\w-]+\.js$/),
    ]);
    // Everything the page fetched from its start until the network went quiet, as the page itself counts it.
    const fetched = () =>
      page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
    await page.waitForLoadState('networkidle');
    expect((await fetched()).filter((path) => /editor|controller|pyodide|worker/.test(path))).toEqual([]);
    await page.locator('[data-snippet]').first().hover();
    await page.locator('[data-snippet] .cm-content').first().waitFor();
    expect((await fetched()).some((path) => path.includes('mount-editor'))).toBe(true);
    await close();
  });
});
