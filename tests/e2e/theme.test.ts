import { describe, expect, it } from 'vitest';
import { openPage, useBrowser } from '../support/fixtures.ts';

const site = useBrowser();
const chapterUrl = () => new URL('introduction/', site.rootUrl).href;
const DARK_BG = 'rgb(13, 17, 23)';
const LIGHT_BG = 'rgb(255, 255, 255)';

const background = (page: import('playwright-core').Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe('theme', () => {
  it('follows the system by default', async () => {
    for (const [scheme, expected] of [['dark', DARK_BG], ['light', LIGHT_BG]] as const) {
      const { page, close } = await openPage(site.browser(), chapterUrl(), { colorScheme: scheme });
      expect(await background(page)).toBe(expected);
      expect(await page.locator('[data-theme-select]').inputValue()).toBe('system');
      await close();
    }
  });

  it('keeps the reader’s choice across pages and reloads', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(), { colorScheme: 'light' });
    await page.locator('[data-theme-select]').selectOption('dark');
    expect(await background(page)).toBe(DARK_BG);
    await page.goto(new URL('where-async-io-fits/', site.rootUrl).href);
    expect(await background(page)).toBe(DARK_BG);
    expect(await page.locator('[data-theme-select]').inputValue()).toBe('dark');
    await page.locator('[data-theme-select]').selectOption('system');
    await page.reload();
    expect(await background(page)).toBe(LIGHT_BG);
    await close();
  });

  it('paints the stored theme from the first frame, with no flash of the other one', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(), { colorScheme: 'light' });
    await page.evaluate(() => localStorage.setItem('theme', 'dark'));
    // Record the colours at the first animation frame, which runs before the first paint.
    await page.addInitScript(() => {
      requestAnimationFrame(() => {
        const record = {
          theme: document.documentElement.dataset['theme'],
          background: getComputedStyle(document.body).backgroundColor,
        };
        (window as unknown as { firstFrame: typeof record }).firstFrame = record;
      });
    });
    await page.reload();
    const firstFrame = await page.evaluate(() => (window as unknown as { firstFrame: unknown }).firstFrame);
    expect(firstFrame).toEqual({ theme: 'dark', background: DARK_BG });
    await close();
  });

  it('switches code colours with the theme', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(), { colorScheme: 'light' });
    const keyword = page.locator('pre[data-language="python"] span[style*="--shiki-light"]').first();
    const light = await keyword.evaluate((node) => getComputedStyle(node).color);
    await page.locator('[data-theme-select]').selectOption('dark');
    const dark = await keyword.evaluate((node) => getComputedStyle(node).color);
    expect(light).not.toBe(dark);
    await close();
  });
});
