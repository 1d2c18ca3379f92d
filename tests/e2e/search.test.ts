import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { waitForEditor } from '../support/snippets.ts';

const site = useBrowser();

/** Words the chapters use in one place only: in prose (the anyio section), and in a snippet's code. If a chapter starts using one elsewhere, this file's tests fail: pick another word. */
const PROSE_TERM = 'starlette';
const CODE_TERM = 'metronome';
/** A word in both prose and code, in many places. */
const COMMON_TERM = 'TaskGroup';

const chapterUrl = (base: string) => new URL('asyncio-and-async-await/', base).href;
const dialog = (page: Page) => page.locator('dialog.search-dialog');
const hits = (scope: Page | Locator) => scope.locator('.search-hit');
/** Search code and index files, by the names the build gives them. */
const SEARCH_FILES = /\/pagefind\/|search-dialog|search-panel|search-client|mark-terms/;

/** Types a query into the focused box and waits until the results shown are that query's. */
async function typeQuery(page: Page, query: string): Promise<void> {
  await page.keyboard.type(query);
  await page.locator(`[data-search-results][data-query="${query}"]`).first().waitFor({ state: 'attached' });
}

async function activeElementMatches(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
}

/**
 * Where the page marked the search terms: each mark's text, the id of the last h1–h3 before it
 * (the section it is in, by the DOM alone) and whether it is in code.
 */
async function marksOnPage(page: Page): Promise<Array<{ text: string; section: string | undefined; inCode: boolean }>> {
  return page.evaluate(() => {
    const headings = [...document.querySelectorAll('main h1[id], main h2[id], main h3[id]')];
    return [...document.querySelectorAll('mark.search-mark')].map((mark) => ({
      text: mark.textContent ?? '',
      section: headings
        .filter((heading) => heading.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING)
        .at(-1)?.id,
      inCode: mark.closest('pre') !== null,
    }));
  });
}

/** Follows the first result by keyboard and checks the page it opens: its section, scrolled to, with the term marked. */
async function followFirstResult(page: Page, term: string, kind: 'prose' | 'code'): Promise<string> {
  await page.keyboard.press('ArrowDown');
  expect(await activeElementMatches(page, '.search-hit')).toBe(true);
  await Promise.all([page.waitForURL(/#/), page.keyboard.press('Enter')]);
  const url = new URL(page.url());
  const section = decodeURIComponent(url.hash.slice(1));
  expect(await page.locator(`[id="${section}"]`).evaluate((node) => node.tagName)).toMatch(/^H[23]$/);
  await page.locator('mark.search-mark').first().waitFor();
  const marks = await marksOnPage(page);
  expect(marks.map((mark) => mark.section)).toEqual(marks.map(() => section));
  expect(
    marks.some((mark) => mark.text.toLowerCase() === term.toLowerCase() && mark.inCode === (kind === 'code')),
  ).toBe(true);
  // The browser scrolls (smoothly) to the section's heading.
  await page.waitForFunction((id) => {
    const top = document.getElementById(id)!.getBoundingClientRect().top;
    return top >= 0 && top < window.innerHeight / 2;
  }, section);
  return section;
}

describe('the search dialog', () => {
  it('finds a word used only in prose and opens its section with the word marked', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(site.rootUrl));
    await page.keyboard.press('/');
    await dialog(page).locator('[data-search-input]:focus').waitFor();
    await typeQuery(page, PROSE_TERM);
    expect(await dialog(page).getByRole('status').textContent()).toMatch(/^\d+ results?$/);
    const kinds = await hits(dialog(page)).evaluateAll((links) => links.map((link) => link.getAttribute('data-kind')));
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['prose']));
    const first = hits(dialog(page)).first();
    expect(await first.locator('.search-hit-kind').textContent()).toBe('Prose');
    expect((await first.locator('.search-hit-excerpt mark').allTextContents()).join(' ').toLowerCase()).toContain(
      PROSE_TERM,
    );
    const section = (await first.locator('.search-hit-section').textContent()) ?? '';
    const opened = await followFirstResult(page, PROSE_TERM, 'prose');
    expect(await page.locator(`[id="${opened}"]`).textContent()).toBe(section);
    await close();
  });

  it('finds a word used only in code and opens the section of its snippet', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(site.rootUrl));
    await page.keyboard.press('/');
    await typeQuery(page, CODE_TERM);
    const kinds = await hits(dialog(page)).evaluateAll((links) => links.map((link) => link.getAttribute('data-kind')));
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['code']));
    expect(await hits(dialog(page)).first().locator('.search-hit-kind').textContent()).toBe('Code');
    expect(await hits(dialog(page)).first().locator('.search-hit-file').textContent()).toMatch(/\.py$/);
    await followFirstResult(page, CODE_TERM, 'code');
    await close();
  });

  it('marks the terms only in the section the result points at', async () => {
    const chapter = new URL('event-loop-and-tasks/', site.rootUrl).href;
    const { page, close } = await openPage(site.browser(), chapter);
    // The chapter's sections (by their h2 or h3) whose text has the term: it is in several.
    const sections = await page.evaluate((term) => {
      const headings = [...document.querySelectorAll('main .prose h2[id], main .prose h3[id]')];
      return headings
        .filter((heading, index) => {
          const range = document.createRange();
          range.setStartAfter(heading);
          const next = headings[index + 1];
          if (next) range.setEndBefore(next);
          else range.setEndAfter(document.querySelector('main .prose')!.lastChild!);
          return range.toString().includes(term);
        })
        .map((heading) => heading.id);
    }, COMMON_TERM);
    expect(sections.length).toBeGreaterThan(1);
    const target = sections[1]!;
    await page.goto(`${chapter}?highlight=${COMMON_TERM}#${target}`);
    await page.locator('mark.search-mark').first().waitFor();
    expect(new Set((await marksOnPage(page)).map((mark) => mark.section))).toEqual(new Set([target]));
    await close();
  });

  it('answers a word no page has with no results, not with words that share its first letter', async () => {
    const { page, close } = await openPage(site.browser(), new URL('search/?q=xyzzy', site.rootUrl).href);
    await page.locator('[data-search-results][data-query="xyzzy"]').first().waitFor({ state: 'attached' });
    expect(await page.locator('[data-search-status]').first().textContent()).toBe('No results for “xyzzy”.');
    expect(await hits(page).count()).toBe(0);
    await close();
  });

  it('opens a result for a dotted name with each of its words marked on the page', async () => {
    const { page, close } = await openPage(site.browser(), new URL('search/?q=asyncio.timeout', site.rootUrl).href);
    const first = hits(page).first();
    await first.waitFor();
    expect(new URL((await first.getAttribute('href'))!, site.rootUrl).searchParams.getAll('highlight')).toEqual([
      'asyncio.timeout',
    ]);
    await Promise.all([page.waitForURL(/#/), first.click()]);
    await page.locator('mark.search-mark').first().waitFor();
    const marked = new Set((await marksOnPage(page)).map((mark) => mark.text.toLowerCase()));
    expect(marked.has('asyncio') && marked.has('timeout')).toBe(true);
    await close();
  });

  it('works from the keyboard alone: "/" opens, arrows move, typing returns to the box, Escape closes and gives focus back', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(site.rootUrl));
    await page.locator('.site-title').focus();
    await page.keyboard.press('/');
    expect(await dialog(page).getAttribute('aria-modal')).toBe('true');
    expect(await activeElementMatches(page, '.search-dialog input[type="search"]')).toBe(true);
    expect(await page.getByRole('searchbox', { name: 'Search the walkthrough' }).count()).toBe(1);
    await typeQuery(page, COMMON_TERM);
    expect(await hits(dialog(page)).count()).toBeGreaterThan(2);
    await page.keyboard.press('ArrowDown');
    expect(await activeElementMatches(page, '.search-results li:nth-child(1) .search-hit')).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await activeElementMatches(page, '.search-results li:nth-child(2) .search-hit')).toBe(true);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await activeElementMatches(page, '.search-dialog [data-search-input]')).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('s');
    expect(await activeElementMatches(page, '.search-dialog [data-search-input]')).toBe(true);
    expect(await dialog(page).locator('[data-search-input]').inputValue()).toBe(`${COMMON_TERM}s`);
    await page.keyboard.press('Escape');
    expect(await dialog(page).evaluate((node) => (node as HTMLDialogElement).open)).toBe(false);
    expect(await activeElementMatches(page, '.site-title')).toBe(true);
    // Ctrl+K (Cmd+K on macOS) opens it too, with the last query still there.
    await page.keyboard.press('ControlOrMeta+k');
    expect(await dialog(page).evaluate((node) => (node as HTMLDialogElement).open)).toBe(true);
    expect(await dialog(page).locator('[data-search-input]').inputValue()).toBe(`${COMMON_TERM}s`);
    await page.keyboard.press('Escape');
    await close();
  });

  it('opens from the header button, and closes with its Close button', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(site.rootUrl));
    const button = page.locator('.site-header [data-search-open]');
    expect(await button.getAttribute('aria-haspopup')).toBe('dialog');
    await button.click();
    await dialog(page).locator('[data-search-input]:focus').waitFor();
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    expect(await dialog(page).evaluate((node) => (node as HTMLDialogElement).open)).toBe(false);
    expect(await activeElementMatches(page, '.site-header [data-search-open]')).toBe(true);
    await close();
  });

  it('leaves "/" alone while the reader types in a snippet editor or a field', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(site.rootUrl));
    const snippet = page.locator('[data-snippet]').first();
    await waitForEditor(snippet);
    await snippet.locator('.cm-content').click();
    await page.keyboard.press('End');
    await page.keyboard.type('/2');
    expect(await snippet.locator('.cm-content').textContent()).toContain('/2');
    expect(await dialog(page).count()).toBe(0);
    await page.goto(new URL('search/', site.rootUrl).href);
    await page.locator('[data-search-page] [data-search-input]').fill('');
    await page.keyboard.type('a/b');
    expect(await page.locator('[data-search-page] [data-search-input]').inputValue()).toBe('a/b');
    await close();
  });

  it('filters results to prose or to code, saying which', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl(site.rootUrl));
    await page.keyboard.press('/');
    await typeQuery(page, COMMON_TERM);
    const kinds = () =>
      hits(dialog(page)).evaluateAll((links) => [...new Set(links.map((link) => link.getAttribute('data-kind')))]);
    expect((await kinds()).sort()).toEqual(['code', 'prose']);
    const status = dialog(page).getByRole('status');

    await dialog(page).getByRole('radio', { name: 'Code', exact: true }).check();
    await page.waitForFunction(() =>
      document.querySelector('.search-dialog [role="status"]')?.textContent?.endsWith(' in code'),
    );
    expect(await kinds()).toEqual(['code']);
    expect(await status.textContent()).toMatch(/^\d+ results? in code$/);

    await dialog(page).getByRole('radio', { name: 'Prose', exact: true }).check();
    await page.waitForFunction(() =>
      document.querySelector('.search-dialog [role="status"]')?.textContent?.endsWith(' in prose'),
    );
    expect(await kinds()).toEqual(['prose']);
    await close();
  });

  it('loads no search code and no index until the reader opens it', async () => {
    const context = await site.browser().newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(chapterUrl(site.rootUrl));
    await page.waitForLoadState('networkidle');
    await page.mouse.move(10, 300);
    await page.keyboard.press('Tab');
    expect(requested.filter((path) => SEARCH_FILES.test(path))).toEqual([]);

    await page.locator('.site-header [data-search-open]').click();
    await dialog(page).waitFor();
    await page.keyboard.type(COMMON_TERM);
    await page.locator(`[data-search-results][data-query="${COMMON_TERM}"]`).waitFor();
    const loaded = requested.filter((path) => SEARCH_FILES.test(path));
    expect(loaded).toContain('/pagefind/pagefind.js');
    expect(loaded.some((path) => /search-dialog/.test(path))).toBe(true);
    expect(loaded.some((path) => path.startsWith('/pagefind/fragment/'))).toBe(true);
    await context.close();
  });
});

describe('the /search/ page', () => {
  it('searches for the query in its address, with the kind chosen, and keeps the address in step', async () => {
    const { page, close } = await openPage(
      site.browser(),
      new URL(`search/?q=${COMMON_TERM}&kind=code`, site.rootUrl).href,
    );
    const panel = page.locator('[data-search-page]');
    await panel.locator(`[data-search-results][data-query="${COMMON_TERM}"]`).waitFor();
    expect(await panel.locator('[data-search-input]').inputValue()).toBe(COMMON_TERM);
    expect(await panel.getByRole('radio', { name: 'Code', exact: true }).isChecked()).toBe(true);
    expect(await panel.getByRole('status').textContent()).toMatch(/^\d+ results? in code$/);
    expect(
      new Set(await hits(panel).evaluateAll((links) => links.map((link) => link.getAttribute('data-kind')))),
    ).toEqual(new Set(['code']));

    await panel.getByRole('radio', { name: 'Prose and code' }).check();
    await panel.locator('[data-search-input]').fill(PROSE_TERM);
    await panel.locator(`[data-search-results][data-query="${PROSE_TERM}"]`).waitFor();
    expect(new URL(page.url()).search).toBe(`?q=${PROSE_TERM}`);

    await panel.locator('[data-search-input]').focus();
    await followFirstResult(page, PROSE_TERM, 'prose');
    await close();
  });

  it('shows more results on request', async () => {
    const { page, close } = await openPage(site.browser(), new URL('search/?q=await', site.rootUrl).href);
    const panel = page.locator('[data-search-page]');
    await panel.locator('[data-search-results][data-query="await"]').waitFor();
    expect(await hits(panel).count()).toBe(20);
    await panel.getByRole('button', { name: 'More results' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-search-page] .search-hit').length > 20);
    expect(await activeElementMatches(page, '.search-results li:nth-child(21) .search-hit')).toBe(true);
    await close();
  });

  it('explains, without JavaScript, that search needs it, and offers the chapters and the glossary', async () => {
    const { page, close } = await openPage(site.browser(), new URL('search/?q=TaskGroup', site.rootUrl).href, {
      javaScriptEnabled: false,
    });
    // (Playwright's text selectors do not look inside <noscript>.)
    const note = page.locator('.search-noscript');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain('Search runs in your browser and needs JavaScript');
    expect(await note.locator('a').getAttribute('href')).toBe('/glossary/');
    expect(await page.locator('.chapter-list a').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-search-page] [data-search-input]').isVisible()).toBe(false);
    // The header's Search is a plain link to this page.
    expect(await page.locator('.site-header [data-search-open]').getAttribute('href')).toBe('/search/');
    await close();
  });
});

describe('search under BASE_PATH=/asyncio-walkthrough/', () => {
  it('loads the index and opens results under the prefix', async () => {
    const prefix = new URL(site.prefixedUrl).pathname;
    const { page, foreignRequests, close } = await openPage(site.browser(), chapterUrl(site.prefixedUrl));
    await page.keyboard.press('/');
    await typeQuery(page, PROSE_TERM);
    for (const href of await hits(dialog(page)).evaluateAll((links) =>
      links.map((link) => link.getAttribute('href')!),
    )) {
      expect(href.startsWith(prefix), href).toBe(true);
    }
    await followFirstResult(page, PROSE_TERM, 'prose');
    expect(new URL(page.url()).pathname.startsWith(prefix)).toBe(true);

    await page.goto(new URL(`search/?q=${CODE_TERM}`, site.prefixedUrl).href);
    await page.locator(`[data-search-results][data-query="${CODE_TERM}"]`).waitFor();
    expect(await hits(page).count()).toBeGreaterThan(0);
    expect(foreignRequests).toEqual([]);
    await close();
  });
});
