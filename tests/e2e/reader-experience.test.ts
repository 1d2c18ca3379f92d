import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { playgroundUrl, runButton, typeLine, waitForEditor, waitForRunEnd } from '../support/snippets.ts';

/** The details a careful reader notices, one describe per item of the reader-experience issue. */
const site = useBrowser();
const chapterUrl = (slug: string) => new URL(`${slug}/`, site.rootUrl).href;
const snippetNamed = (page: Page, title: string) => page.locator(`[data-snippet][data-title="${title}"]`);
const focusInEditor = (page: Page) => page.evaluate(() => document.activeElement?.closest('.cm-editor') !== null);
const firstLine = (snippet: Locator) => snippet.locator('.cm-line').first().textContent();

describe('the keyboard in a snippet', () => {
  it('Tab reaches the code and moves past it; Enter starts editing, where Tab indents; Escape stops, and Tab moves on', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl('asyncio-and-async-await'));
    const snippet = snippetNamed(page, 'countasync.py');
    await waitForEditor(snippet);
    const original = await firstLine(snippet);
    await runButton(snippet).focus();
    for (let presses = 0; presses < 10 && !(await focusInEditor(page)); presses++) await page.keyboard.press('Tab');
    expect(await focusInEditor(page)).toBe(true);
    const ring = await snippet.locator('.cm-editor').evaluate((editor) => ({
      style: getComputedStyle(editor).outlineStyle,
      width: parseFloat(getComputedStyle(editor).outlineWidth),
    }));
    expect(ring.style).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    const hint = snippet.locator('.snippet-editor-hint');
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toBe('Enter to edit · Tab to move on');

    // Not editing: Tab goes on to what follows the code, and the code is as it was.
    await page.keyboard.press('Tab');
    expect(await focusInEditor(page)).toBe(false);
    expect(
      await snippet
        .locator('.cm-editor')
        .evaluate((editor) =>
          Boolean(editor.compareDocumentPosition(document.activeElement!) & Node.DOCUMENT_POSITION_FOLLOWING),
        ),
    ).toBe(true);
    expect(await firstLine(snippet)).toBe(original);
    expect(await snippet.locator('[data-edited]').isHidden()).toBe(true);

    await page.keyboard.press('Shift+Tab');
    expect(await focusInEditor(page)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await snippet.locator('[data-editor]').getAttribute('data-editing')).toBe('');
    expect(await firstLine(snippet)).toBe(original);
    await page.keyboard.press('Tab');
    expect(await focusInEditor(page)).toBe(true);
    expect(await firstLine(snippet)).toBe(`    ${original}`);
    expect(await snippet.locator('[data-edited]').isVisible()).toBe(true);

    await page.keyboard.press('Escape');
    expect(await focusInEditor(page)).toBe(true);
    expect(await snippet.locator('[data-editor]').getAttribute('data-editing')).toBeNull();
    expect(await hint.textContent()).toBe('Enter to edit · Tab to move on');
    await page.keyboard.press('Tab');
    expect(await focusInEditor(page)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).not.toBe('run');
    await close();
  });

  it('a click in the code starts editing: Tab then indents', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl('asyncio-and-async-await'));
    const snippet = snippetNamed(page, 'countasync.py');
    await waitForEditor(snippet);
    await snippet.locator('.cm-line').first().click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Tab');
    expect(await focusInEditor(page)).toBe(true);
    expect(await firstLine(snippet)).toMatch(/^ {4}\S/);
    await close();
  });
});

describe('output that follows the run', () => {
  const FORTY_THEN_RAISE = 'for i in range(40):\n    print("line", i)\nraise ValueError("the value is wrong")\n';

  it('keeps the newest line in view and names the exception in the status', async () => {
    const { page, close } = await openPage(site.browser(), playgroundUrl(site.rootUrl, FORTY_THEN_RAISE));
    const snippet = page.locator('[data-snippet]').first();
    await waitForEditor(snippet);
    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet)).toBe('error');
    const log = snippet.locator('[data-log]');
    const atEnd = () => log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight < 8);
    expect(await log.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);
    expect(await atEnd()).toBe(true);
    expect(await snippet.locator('[data-status]').textContent()).toMatch(
      /^Ended with an error \(exit status 1\) after \d+\.\d\d s: ValueError: the value is wrong · 44 lines$/,
    );
    await close();
  });

  it('stays where the reader scrolled to while output keeps coming', async () => {
    const code = 'import time\nfor i in range(200):\n    print("tick", i)\n    time.sleep(0.01)\n';
    const { page, close } = await openPage(site.browser(), playgroundUrl(site.rootUrl, code));
    const snippet = page.locator('[data-snippet]').first();
    await waitForEditor(snippet);
    await runButton(snippet).click();
    const log = snippet.locator('[data-log]');
    await page.waitForFunction(
      (element) => element!.scrollHeight > element!.clientHeight * 1.5,
      await log.elementHandle(),
    );
    await log.evaluate((element) => (element.scrollTop = 0));
    expect(await waitForRunEnd(snippet)).toBe('done');
    expect(await log.evaluate((element) => element.scrollTop)).toBe(0);
    await close();
  });
});

describe('feedback next to Run', () => {
  it('says what loads, in the bytes that cross the network, then that Python starts, then offers to show the output', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl('full-program'));
    const snippet = snippetNamed(page, 'crawl.py');
    const statuses: string[] = [];
    await snippet.locator('[data-status]').evaluate((status) =>
      new MutationObserver(() =>
        ((window as unknown as { statuses: string[] }).statuses ??= []).push(status.textContent ?? ''),
      ).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      }),
    );
    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet, 60_000)).toBe('done');
    statuses.push(...(await page.evaluate(() => (window as unknown as { statuses: string[] }).statuses)));
    const loading = statuses.find((status) => status.startsWith('Loading Python… ') && / of \d+\.\d MB$/.test(status));
    // The static server compresses as hosts do: about 6 MB cross the network, not the 12 MB of the files.
    expect(Number(/ of (\d+\.\d) MB$/.exec(loading ?? '')?.[1])).toBeLessThan(8);
    expect(statuses.indexOf('Starting Python…')).toBeGreaterThan(statuses.indexOf(loading!));
    // The status sits right under the toolbar, in view, while the output of an 81-line program is far below.
    const toolbar = (await snippet.locator('.snippet-toolbar').boundingBox())!;
    const statusBox = (await snippet.locator('[data-status]').boundingBox())!;
    expect(statusBox.y).toBeGreaterThan(toolbar.y);
    expect(statusBox.y - (toolbar.y + toolbar.height)).toBeLessThan(20);
    const jump = snippet.getByRole('button', { name: 'Show output' });
    expect(await jump.isVisible()).toBe(true);
    await jump.click();
    await page.waitForFunction(() => {
      const log = document.querySelector('[data-title="crawl.py"] [data-log]')!;
      const box = log.getBoundingClientRect();
      return box.top >= 0 && box.top < innerHeight && document.activeElement === log;
    });
    await page.waitForFunction(
      () => (document.querySelector('[data-title="crawl.py"] [data-action="show-output"]') as HTMLElement).hidden,
    );
    await close();
  });
});

describe('expected and actual output, compared', () => {
  it('says "same" after an unchanged run, "different" after an edit, with the lines that differ', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl('asyncio-and-async-await'));
    const snippet = snippetNamed(page, 'countasync.py');
    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet)).toBe('done');
    expect(await snippet.getAttribute('data-output-match')).toBe('same');
    expect(await snippet.locator('[data-match-verdict]').textContent()).toBe('Same as the expected output.');
    expect(await snippet.getByText('Output of your run', { exact: true }).isVisible()).toBe(true);
    expect(await snippet.getByText('Expected output', { exact: true }).isVisible()).toBe(true);

    await typeLine(snippet, 'print("A: one")\nprint("something else")');
    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet)).toBe('done');
    expect(await snippet.getAttribute('data-output-match')).toBe('different');
    expect(await snippet.locator('[data-match-verdict]').textContent()).toMatch(/^Differs from the expected output/);
    await snippet.getByText('Show the difference').click();
    const rows = await snippet
      .locator('[data-match-lines] tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
    expect(rows[0]).toEqual(['2', 'B: one', 'something else']);
    expect(rows.at(-1)).toEqual(['7', 'finished in 1.0 s', '(no line)']);
    await close();
  });
});

describe('the chapter list', () => {
  it('stays in view on a desktop screen, however far the chapter is scrolled', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl('full-program'), {
      viewport: { width: 1280, height: 900 },
    });
    await page.evaluate(() => scrollTo(0, 5000));
    await page.waitForFunction(() => scrollY >= 4000);
    const box = (await page.locator('.sidebar').boundingBox())!;
    const header = (await page.locator('.site-header').boundingBox())!;
    expect(Math.abs(box.y - header.height)).toBeLessThan(2);
    await close();
  });
});

describe('words in templates', () => {
  it.each([
    ['404.html', 'main', 'Try the home page or one of the chapters'],
    ['introduction/', '.site-footer', 'Home · Playground · Glossary · Source code'],
    [
      'async-io-in-context/',
      '[data-title="tothread.py"] .snippet-local-note',
      'Run it on your machine: python3 tothread.py',
    ],
  ])('%s: "%s" reads "%s"', async (path, selector, words) => {
    const { page, close } = await openPage(site.browser(), new URL(path, site.rootUrl).href);
    expect((await page.locator(selector).innerText()).replace(/\s+/g, ' ')).toContain(words);
    await close();
  });
});

describe('jumps within a page', () => {
  const scrollBehaviourAtJump = (page: Page, href: string) =>
    page.evaluate((target) => {
      const link = Object.assign(document.createElement('a'), { href: target, textContent: 'jump' });
      document.querySelector('main')!.prepend(link);
      let seen = '';
      addEventListener(
        'click',
        () =>
          (seen =
            document.documentElement.style.scrollBehavior || getComputedStyle(document.documentElement).scrollBehavior),
        { once: true },
      );
      link.click();
      return seen;
    }, href);

  it('are instant when long, smooth when short, and always instant for reduced motion', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl('full-program'));
    const headings = await page
      .locator('main h2[id]')
      .evaluateAll((all) => all.map((heading) => ({ id: heading.id, top: heading.getBoundingClientRect().top })));
    const far = headings.at(-1)!;
    expect(far.top).toBeGreaterThan(5000);
    expect(await scrollBehaviourAtJump(page, `#${far.id}`)).toBe('auto');
    await page.waitForFunction(
      (id) => Math.abs(document.getElementById(id)!.getBoundingClientRect().top) < 200,
      far.id,
    );
    // A place half a screen below.
    await page.evaluate(() =>
      document.body.append(
        Object.assign(document.createElement('div'), {
          id: 'half-a-screen-below',
          style: `position: absolute; top: ${scrollY + innerHeight / 2}px`,
        }),
      ),
    );
    const near = { id: 'half-a-screen-below' };
    expect(await scrollBehaviourAtJump(page, `#${near.id}`)).toBe('smooth');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await scrollBehaviourAtJump(page, `#${far.id}`)).toBe('auto');
    await close();
  });

  it('a deep link opens at its section at once', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl('full-program'));
    const id = await page.locator('main h2[id]').last().getAttribute('id');
    await page.goto(`${chapterUrl('full-program')}#${id}`);
    const top = await page.evaluate((target) => document.getElementById(target!)!.getBoundingClientRect().top, id);
    expect(Math.abs(top)).toBeLessThan(200);
    await close();
  });
});

describe('timeline details', () => {
  it('draws waits opaque over the line of a task’s life, and gives a thin slice’s details to a pointer beside it', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl('asyncio-and-async-await'));
    const snippet = snippetNamed(page, 'countasync.py');
    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet)).toBe('done');
    const wait = snippet.locator('[data-row="2"] .tl-wait').first();
    const paint = await wait.evaluate((rect) => ({
      fill: getComputedStyle(rect).fill,
      opacity: getComputedStyle(rect).fillOpacity,
    }));
    expect(paint.opacity).toBe('1');
    expect(paint.fill).not.toMatch(/transparent|rgba|\/ 0?\.\d/);
    // The life line crosses the caption's height: only an opaque wait keeps it from striking it through.
    const caption = (await snippet.locator('[data-row="2"] .tl-wait-label').first().boundingBox())!;
    const life = (await snippet.locator('[data-row="2"] .tl-life').boundingBox())!;
    expect(life.y).toBeGreaterThan(caption.y);
    expect(life.y).toBeLessThan(caption.y + caption.height);

    await snippet.locator('[data-row="2"]').scrollIntoViewIfNeeded();
    const slice = (await snippet.locator('[data-row="2"] .tl-run').first().boundingBox())!;
    expect(slice.width).toBeLessThan(3);
    await page.mouse.move(slice.x + slice.width + 3, slice.y + slice.height / 2);
    const tip = snippet.locator('.timeline-tip');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toMatch(/^Task-2 · count: running from \d+ ms to \d+ ms/);
    await close();
  });

  it('names standard-library frames of a traceback stdlib/…, keeping the real path for copying and comparing', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl('chaining-coroutines'));
    const snippet = snippetNamed(page, 'forgotawait.py');
    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet)).toBe('error');
    const paths = snippet.locator('.output-stdlib-path');
    expect(await paths.count()).toBe(3);
    expect(
      await paths
        .first()
        .evaluate((path) => [getComputedStyle(path, '::before').content, getComputedStyle(path).fontSize]),
    ).toEqual(['"stdlib/"', '0px']);
    expect(await paths.first().textContent()).toBe('/lib/python314.zip/');
    expect(await snippet.getAttribute('data-output-match')).toBe('same');
    await close();
  });
});

describe('a snippet on a phone', () => {
  it('has no More on a wide screen, where every action fits in the toolbar', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl('asyncio-and-async-await'), {
      viewport: { width: 1280, height: 900 },
    });
    const snippet = snippetNamed(page, 'countasync.py');
    expect(await snippet.getByRole('button', { name: /^More actions/ }).isVisible()).toBe(false);
    expect(await snippet.getByRole('button', { name: /^Copy/ }).isVisible()).toBe(true);
    const toolbar = (await snippet.locator('.snippet-toolbar').boundingBox())!;
    expect(toolbar.height).toBeLessThan((await runButton(snippet).boundingBox())!.height + 4);
    await close();
  });

  it('keeps its toolbar to one row, with the other actions behind More, and its status on a line of its own', async () => {
    const { page, close } = await openPage(site.browser(), chapterUrl('asyncio-and-async-await'), {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const snippet = snippetNamed(page, 'countasync.py');
    await snippet.scrollIntoViewIfNeeded();
    const toolbar = (await snippet.locator('.snippet-toolbar').boundingBox())!;
    const run = (await runButton(snippet).boundingBox())!;
    expect(toolbar.height).toBeLessThan(run.height + 4);
    expect(await snippet.getByRole('button', { name: /^Copy/ }).isVisible()).toBe(false);

    await snippet.getByRole('button', { name: /^More actions/ }).click();
    const copy = snippet.getByRole('button', { name: /^Copy/ });
    expect(await copy.isVisible()).toBe(true);
    const sheet = (await snippet.locator('.snippet-more').boundingBox())!;
    expect(sheet.y + sheet.height).toBeLessThanOrEqual(844);
    expect(sheet.width).toBeGreaterThan(300);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      snippet.getByRole('button', { name: /^Download/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('countasync.py');
    await page.waitForFunction(
      () => !document.querySelector('[data-title="countasync.py"] .snippet-more')!.matches(':popover-open'),
    );

    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet)).toBe('done');
    const status = (await snippet.locator('[data-status]').boundingBox())!;
    expect(status.y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height);
    // One or two lines at most, the width of the snippet, not a column squeezed beside the buttons.
    expect(status.width).toBeGreaterThan(300);
    expect(status.height).toBeLessThan(50);
    await close();
  });
});

/**
 * Pixels that differ between two screenshots of the same size, beyond anti-aliasing: the same
 * text drawn by another DOM can land a fraction of a pixel aside, which blends its edges
 * differently; a glyph moved, a colour changed, a line number shifted all show.
 */
async function differingPixels(page: Page, before: Buffer, after: Buffer): Promise<number> {
  return page.evaluate(
    async ([first, second]) => {
      const pixels = async (png: string) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height);
      };
      const [a, b] = [await pixels(first!), await pixels(second!)];
      if (a.width !== b.width || a.height !== b.height) return Number.POSITIVE_INFINITY;
      // A pixel fits when each channel lies within what the other image has there or a pixel
      // sideways (with a little slack): a glyph shifted by a fraction of a pixel blends its
      // neighbours, a changed colour falls outside them.
      const fits = (from: ImageData, to: ImageData, index: number) =>
        [0, 1, 2].every((channel) => {
          const around = [-4, 0, 4].map((shift) => to.data[index + shift + channel] ?? to.data[index + channel]!);
          const value = from.data[index + channel]!;
          return value >= Math.min(...around) - 24 && value <= Math.max(...around) + 24;
        });
      let differing = 0;
      for (let index = 0; index < a.data.length; index += 4) if (!fits(a, b, index) || !fits(b, a, index)) differing++;
      return differing;
    },
    [before.toString('base64'), after.toString('base64')],
  );
}

/**
 * How the code's text looks, line by line: where each line's text starts, and each character with
 * its colour. Lines by their place on the page; only those in view, the only ones the editor draws.
 */
function textLook(root: Element, lineSelector: string) {
  const top = root.getBoundingClientRect().top;
  return [...root.querySelectorAll(lineSelector)]
    .filter((line) => {
      const box = line.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= innerHeight;
    })
    .map((line) => {
      const box = line.getBoundingClientRect();
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const characters: string[] = [];
      let start: number | undefined;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const colour = getComputedStyle(node.parentElement!).color;
        if (start === undefined && node.textContent!.trim()) {
          const range = document.createRange();
          range.setStart(node, node.textContent!.search(/\S/));
          range.setEnd(node, node.textContent!.search(/\S/) + 1);
          start = Math.round(range.getBoundingClientRect().left * 2) / 2;
        }
        for (const character of node.textContent!) if (character.trim()) characters.push(`${character} ${colour}`);
      }
      return { line: Math.floor((box.top + box.height / 2 - top) / 21.6), start, characters };
    });
}

describe('static and live code', () => {
  describe.each(['light', 'dark'] as const)('in the %s theme', (colorScheme) => {
    it.each([
      ['asyncio-and-async-await', 'countasync.py'],
      ['async-iteration-and-context', 'countdown.py'],
      ['async-io-in-context', 'executor.py'],
      ['where-async-io-fits', 'waitvscompute.py'],
    ])('%s: %s looks the same once the editor takes over: place, size, colours, line numbers', async (slug, title) => {
      const { page, close } = await openPage(site.browser(), chapterUrl(slug), { colorScheme });
      const snippet = snippetNamed(page, title);
      await snippet.scrollIntoViewIfNeeded();
      const code = snippet.locator('[data-editor]');
      const gutter = async () => {
        const box = (await code.boundingBox())!;
        return page.screenshot({ clip: { x: box.x, y: box.y, width: 3.1 * 16, height: box.height } });
      };
      const before = { gutter: await gutter(), text: await code.evaluate(textLook, 'pre code .line') };
      await waitForEditor(snippet);
      await page.waitForFunction(
        (root) => !root!.querySelector('.snippet-editor-pending'),
        await snippet.elementHandle(),
      );
      await page.mouse.move(0, 0);
      const after = { gutter: await gutter(), text: await code.evaluate(textLook, '.cm-line') };
      expect(before.text.length).toBeGreaterThan(10);
      expect(after.text.length).toBe(before.text.length);
      expect(after.text).toEqual(before.text);
      const blank = await site.browser().newPage();
      expect(await differingPixels(blank, before.gutter, after.gutter)).toBe(0);
      await blank.close();
      await close();
    });
  });
});
