import { describe, expect, it } from 'vitest';
import { openPage, useBrowser } from '../support/fixtures.ts';

const site = useBrowser();
const chapterUrl = () => new URL('where-async-io-fits/', site.rootUrl).href;

describe('table of contents', () => {
  it('lists the h2 and h3 of the chapter, each pointing at its heading', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(), { viewport: { width: 1400, height: 900 } });
    const rail = page.locator('.toc-rail');
    expect(await rail.isVisible()).toBe(true);
    const targets = await rail.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href')!.slice(1)));
    const headings = await page.locator('.prose h2, .prose h3').evaluateAll((nodes) => nodes.map((node) => node.id));
    expect(targets).toEqual(headings);
    await close();
  });

  it('marks the section being read as the reader scrolls', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(), { viewport: { width: 1400, height: 900 } });
    const ids = await page.locator('.prose h2').evaluateAll((nodes) => nodes.map((node) => node.id));
    const target = ids[2]!;
    await page.locator(`#${target}`).evaluate((node) => node.scrollIntoView({ block: 'start', behavior: 'instant' }));
    await page.waitForFunction(
      (id) => document.querySelector(`.toc-rail a[aria-current="true"]`)?.getAttribute('href') === `#${id}`,
      target,
    );
    expect(await page.locator('.toc-rail a[aria-current="true"]').count()).toBe(1);
    await close();
  });

  it('gives every section heading an anchor link to itself', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl());
    const pairs = await page.locator('.prose .heading').evaluateAll((wrappers) =>
      wrappers.map((wrapper) => [wrapper.querySelector('h2, h3')!.id, wrapper.querySelector('a.heading-anchor')!.getAttribute('href')]),
    );
    expect(pairs.length).toBeGreaterThan(3);
    for (const [id, href] of pairs) expect(href).toBe(`#${id}`);
    await close();
  });
});

describe('on a phone', () => {
  it('hides the sidebar behind a menu button that opens and closes it', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(), { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const sidebar = page.locator('#chapter-nav');
    expect(await sidebar.isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: 'Chapters' });
    await menu.click();
    expect(await sidebar.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await sidebar.isVisible()).toBe(false);
    await menu.click();
    const link = sidebar.locator('a').first();
    const href = new URL((await link.getAttribute('href'))!, page.url()).href;
    await Promise.all([page.waitForURL(href), link.click()]);
    expect(await page.locator('.chapter-kicker').textContent()).toBe('Chapter 1');
    await close();
  });

  it('never scrolls sideways at 360 px', async () => {
    for (const path of ['', 'introduction/', 'where-async-io-fits/', 'asyncio-and-async-await/', 'playground/']) {
      const { page, close } = await openPage(site.browser(), new URL(path, site.rootUrl).href, { viewport: { width: 360, height: 740 } });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal overflow on /${path}`).toBe(0);
      await close();
    }
  });
});

describe('code blocks', () => {
  it('are highlighted at build time and readable without JavaScript', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(), { javaScriptEnabled: false });
    const block = page.locator('pre.astro-code[data-language="python"]').first();
    expect(await block.isVisible()).toBe(true);
    expect(await block.locator('span[style*="--shiki-dark"]').count()).toBeGreaterThan(3);
    expect(await page.locator('.copy-button').count()).toBe(0);
    expect(await page.locator('.theme-select').isVisible()).toBe(false);
    await close();
  });

  it('copy exactly their code with the Copy button', async () => {
    const { page, close } = await openPage(site.browser(), new URL('introduction/', site.rootUrl).href, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const block = page.locator('.code-block').first();
    const code = await block.locator('code').textContent();
    await block.getByRole('button', { name: 'Copy code' }).click();
    // The clipboard answers asynchronously: wait for the button to say it is done.
    await block.locator('.copy-button', { hasText: 'Copied' }).waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code!.replace(/\n$/, ''));
    await close();
  });
});
