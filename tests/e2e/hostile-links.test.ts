import LZString from 'lz-string';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server.ts';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { repeatBomb } from '../support/links.ts';
import { SITES } from '../support/sites.ts';
import {
  expectAnswering,
  firstSnippet,
  runButton,
  typeLine,
  waitForEditor,
  waitForRunEnd,
} from '../support/snippets.ts';

/**
 * Playground links that try to freeze the page as it opens, or to take the reader's own code
 * (issue 15's table): each opens with the code marked as a link's, bounded, with the page
 * answering, and runs what it shows. On a host that sends the build's headers and on one that
 * sends none, as GitHub Pages serves it.
 */
const site = useBrowser();
let withoutHeaders: StaticServer;
// 500,000 lines in an 18 KB link; compressing them takes seconds, so once.
const manyLines = 'print(1)\n'.repeat(500_000);
let manyLinesCode: string;
beforeAll(async () => {
  withoutHeaders = await startStaticServer({ root: SITES.root.dir, hostHeaders: false });
  manyLinesCode = LZString.compressToEncodedURIComponent(manyLines);
});
afterAll(() => withoutHeaders.close());

const notice = (page: Page) => page.locator('[data-link-notice]');

/** The code in the editor, as its Copy button copies it (CodeMirror draws only what is on screen). */
async function editorCode(page: Page): Promise<string> {
  await firstSnippet(page).getByRole('button', { name: /^Copy/ }).click();
  await expect.poll(() => firstSnippet(page).locator('[data-action="copy"]').textContent()).toBe('Copied');
  return page.evaluate(() => navigator.clipboard.readText());
}

const CLIPBOARD = { permissions: ['clipboard-read', 'clipboard-write'] };

async function runToEnd(page: Page): Promise<{ state: string; status: string }> {
  const snippet = firstSnippet(page);
  await runButton(snippet).click();
  const state = await waitForRunEnd(snippet, 120_000);
  await expectAnswering(page);
  return { state, status: (await snippet.locator('[data-status]').textContent()) ?? '' };
}

describe.each([
  { host: 'a host that sends COOP and COEP', isolated: true },
  { host: 'a host without them (GitHub Pages)', isolated: false },
])(
  'hostile links on $host',
  ({ isolated }) => {
    const playground = () => new URL('playground/', isolated ? site.rootUrl : withoutHeaders.url).href;

    it('a link of 500,000 lines opens at once with its first lines, marked as a link, and opens in full on request', async () => {
      const { page, close } = await openPage(site.browser(), `${playground()}#code=${manyLinesCode}`, CLIPBOARD);
      await waitForEditor(firstSnippet(page));
      await expectAnswering(page);
      await expect.poll(() => notice(page).isVisible()).toBe(true);
      expect(await notice(page).textContent()).toMatch(/This code came from a link: read it before you run it\./);
      expect(await notice(page).textContent()).toMatch(/shows, and Run runs, its first 11,111 lines/);
      expect(await notice(page).getAttribute('data-link-trimmed')).toBe('true');
      expect(await editorCode(page)).toBe(manyLines.slice(0, 11_111 * 9));
      // Nothing runs until the reader asks.
      expect(await firstSnippet(page).getAttribute('data-run-state')).toBe('idle');
      expect(await runToEnd(page)).toMatchObject({ state: 'done', status: expect.stringMatching(/· 11,111 lines/) });

      await page.getByRole('button', { name: 'Open it in full' }).click();
      await expect.poll(() => notice(page).getAttribute('data-link-trimmed')).toBe('false');
      await expectAnswering(page);
      // It is all there: the notice says only where it came from.
      expect(await notice(page).locator('[data-link-notice-detail]').textContent()).toBe('');
      expect(await editorCode(page)).toBe(manyLines);
      await close();
    });

    it('a 40 KB link that stands for 128 million characters opens its first 100,000, and no more than 10 million in full', async () => {
      const bomb = repeatBomb('#', 16_000);
      expect(bomb.length).toBeLessThan(40_000);
      const { page, close } = await openPage(site.browser(), `${playground()}#code=${bomb}`, CLIPBOARD);
      await waitForEditor(firstSnippet(page));
      await expectAnswering(page);
      await expect.poll(() => notice(page).getAttribute('data-link-trimmed')).toBe('true');
      expect(await editorCode(page)).toBe('#'.repeat(100_000));

      await page.getByRole('button', { name: 'Open it in full' }).click();
      await expect
        .poll(() => notice(page).textContent())
        .toMatch(/more than 10 million characters, more than the editor can open/);
      expect(await page.getByRole('button', { name: 'Open it in full' }).isHidden()).toBe(true);
      await expectAnswering(page);
      expect(await editorCode(page)).toBe('#'.repeat(10_000_000));
      // A line of comment: it runs, and prints nothing.
      expect(await runToEnd(page)).toMatchObject({ state: 'done', status: expect.stringMatching(/· 0 lines/) });
      await close();
    });

    it('a link never replaces the reader’s own saved code: both are kept, and the reader can go back to theirs', async () => {
      const { page, close } = await openPage(site.browser(), playground());
      await typeLine(firstSnippet(page), 'print("my own")');
      await page.waitForTimeout(500);
      const link = `${playground()}#code=${LZString.compressToEncodedURIComponent('print("from a link")\n')}`;
      await page.goto(link);
      await page.reload();
      await waitForEditor(firstSnippet(page));
      expect(await page.locator('.cm-line').allTextContents()).toEqual(['print("from a link")', '']);
      expect(await notice(page).textContent()).toMatch(/Your own code is kept: changes here do not replace it\./);
      expect(await runToEnd(page)).toMatchObject({ state: 'done' });
      expect(await firstSnippet(page).locator('[data-stream]').allTextContents()).toEqual(['from a link']);

      // An edit of the linked code lives in the address, so a reload keeps it, and the saved code stays.
      await typeLine(firstSnippet(page), 'print("a changed link")');
      await page.waitForTimeout(500);
      await page.reload();
      await waitForEditor(firstSnippet(page));
      expect(await page.locator('.cm-line').allTextContents()).toEqual(['print("a changed link")']);

      await page.getByRole('button', { name: 'Show my code' }).click();
      await expect.poll(() => page.locator('.cm-line').allTextContents()).toEqual(['print("my own")']);
      expect(await notice(page).isHidden()).toBe(true);
      expect(new URL(page.url()).hash).toBe('');
      await page.goto(playground());
      await waitForEditor(firstSnippet(page));
      expect(await page.locator('.cm-line').allTextContents()).toEqual(['print("my own")']);
      await close();
    });
  },
  180_000,
);
