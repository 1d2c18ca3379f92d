import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { pagePaths } from '../support/pages.ts';
import { runButton, typeLine, waitForEditor, waitForRunEnd } from '../support/snippets.ts';

const site = useBrowser();
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * The page's violations, one line each. Legacy mode runs axe once in the page, instead of per frame and
 * then again in a blank page that merges the parts, and only violations carry their nodes back: a chapter
 * scans in about a third of the time (full-program/: 4.5-4.9 s against 12.2-14.6 s). The one frame it
 * leaves out is the Python sandbox's, an opaque-origin frame with nothing to show.
 */
async function violationsOn(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(TAGS)
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

describe('axe finds no violations', () => {
  // Pages are independent: scan three at a time, each in both themes (switched in place, as the theme control does).
  for (const path of pagePaths('root')) {
    it.concurrent(`on /${path}, light and dark themes`, async () => {
      const { page, close } = await openPage(site.browser(), new URL(path, site.rootUrl).href, {
        colorScheme: 'light',
      });
      // The playground loads its editor at once: scan the page as the reader gets it, editor in place.
      if (path === 'playground/') await waitForEditor(page.locator('[data-snippet]'));
      await page.waitForFunction(() => !document.querySelector('.snippet-editor-pending'));
      const violations: string[] = [];
      for (const theme of ['light', 'dark'] as const) {
        await page.evaluate((value) => (document.documentElement.dataset['theme'] = value), theme);
        violations.push(...(await violationsOn(page)).map((text) => `${theme}: ${text}`));
      }
      expect(violations).toEqual([]);
      await close();
    });
  }

  it('on a phone with the chapter menu open', async () => {
    const { page, close } = await openPage(site.browser(), new URL('introduction/', site.rootUrl).href, {
      viewport: { width: 360, height: 740 },
    });
    await page.getByRole('button', { name: 'Chapters' }).click();
    expect(await violationsOn(page)).toEqual([]);
    await close();
  });

  it("on a phone with a snippet's More sheet open", async () => {
    const { page, close } = await openPage(site.browser(), new URL('asyncio-and-async-await/', site.rootUrl).href, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const snippet = page.locator('[data-snippet][data-title="countasync.py"]');
    await snippet.getByRole('button', { name: /^More actions/ }).click();
    await snippet.getByRole('button', { name: /^Copy/ }).waitFor();
    expect(await violationsOn(page)).toEqual([]);
    await close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`with the search dialog open and showing results, ${scheme} theme`, async () => {
      const { page, close } = await openPage(site.browser(), new URL('asyncio-and-async-await/', site.rootUrl).href, {
        colorScheme: scheme,
      });
      await page.keyboard.press('/');
      await page.keyboard.type('TaskGroup');
      await page.locator('[data-search-results][data-query="TaskGroup"] .search-hit').first().waitFor();
      await page.keyboard.press('ArrowDown');
      expect(await violationsOn(page)).toEqual([]);
      await close();
    });
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`with a snippet's editor open, during a run and after it (output, timeline, a difference from the expected output), ${scheme} theme`, async () => {
      const { page, close } = await openPage(site.browser(), new URL('asyncio-and-async-await/', site.rootUrl).href, {
        colorScheme: scheme,
      });
      const snippet = page.locator('[data-snippet][data-title="countasync.py"]');
      await waitForEditor(snippet);
      await runButton(snippet).click();
      // countasync.py sleeps for a second after its first lines.
      await snippet.locator('[data-stream]').first().waitFor({ timeout: 30_000 });
      expect(await snippet.getAttribute('data-run-state')).toBe('running');
      expect(await violationsOn(page)).toEqual([]);
      await waitForRunEnd(snippet);
      await page.locator('[data-snippet][data-title="countasync.py"] [data-times]').check();
      // The timeline's table open, and a row focused so that its tooltip shows.
      await snippet.locator('.timeline-details summary').click();
      await snippet.locator('[data-timeline] [data-row="1"]').focus();
      expect(await snippet.locator('.timeline-tip').isVisible()).toBe(true);
      expect(await violationsOn(page)).toEqual([]);
      // Edited code prints something else: the difference shown, the editor focused with its hint.
      await typeLine(snippet, 'print("A: one")\nprint("something else")');
      await runButton(snippet).click();
      await waitForRunEnd(snippet);
      await snippet.getByText('Show the difference').click();
      await snippet.locator('.cm-content').focus();
      await snippet.locator('.snippet-editor-hint').waitFor({ state: 'visible' });
      expect(await violationsOn(page)).toEqual([]);
      await close();
    });
  }
});
