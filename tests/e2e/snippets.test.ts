import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { outputLines, runButton, typeLine, waitForEditor, waitForRunEnd } from '../support/snippets.ts';

const site = useBrowser();
const chapter = () => new URL('asyncio-and-async-await/', site.rootUrl).href;
const snippetNamed = (page: Page, title: string) => page.locator(`[data-snippet][data-title="${title}"]`);
const editorText = (page: Page, title: string) =>
  snippetNamed(page, title)
    .locator('.cm-line')
    .evaluateAll((lines) => lines.map((line) => line.textContent).join('\n'));

describe('runnable snippets', () => {
  it('read with JavaScript off: highlighted code and expected output, no dead buttons', async () => {
    const { page, close } = await openPage(site.browser(), chapter(), { javaScriptEnabled: false });
    const snippet = snippetNamed(page, 'countasync.py');
    expect(await snippet.locator('pre.astro-code[data-language="python"]').isVisible()).toBe(true);
    expect(await snippet.locator('[data-expected] pre').textContent()).toContain('finished in 1.0 s');
    expect(await snippet.locator('.snippet-toolbar button').count()).toBeGreaterThan(0);
    expect(await snippet.locator('.snippet-toolbar').isVisible()).toBe(false);
    await close();
  });

  it('edit and run: the output is the edited program’s, streamed into the log', async () => {
    const { page, close } = await openPage(site.browser(), chapter());
    const snippet = snippetNamed(page, 'countasync.py');
    await typeLine(snippet, 'print("edited program")');
    expect(await snippet.locator('[data-edited]').isVisible()).toBe(true);
    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet)).toBe('done');
    expect(await outputLines(snippet)).toEqual(['edited program']);
    expect(await snippet.locator('[data-status]').textContent()).toMatch(/^Finished in \d+\.\d\d s · 1 line$/);
    await close();
  });

  it('runs the original as written when Run is the first thing clicked', async () => {
    const { page, close } = await openPage(site.browser(), chapter());
    const snippet = snippetNamed(page, 'countasync.py');
    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet)).toBe('done');
    expect(await outputLines(snippet)).toEqual([
      'A: one',
      'B: one',
      'C: one',
      'A: two',
      'B: two',
      'C: two',
      'finished in 1.0 s',
    ]);
    await close();
  });

  it('keeps edits across a reload, marked, until Reset brings the original back', async () => {
    const { page, close } = await openPage(site.browser(), chapter());
    const snippet = snippetNamed(page, 'countsync.py');
    const original = await snippet.locator('pre code').textContent();
    await typeLine(snippet, 'print("kept")');
    await page.waitForTimeout(100);
    await page.reload();
    await waitForEditor(snippet);
    expect(await editorText(page, 'countsync.py')).toBe('print("kept")');
    expect(await snippet.locator('[data-edited]').isVisible()).toBe(true);
    await snippet.getByRole('button', { name: /^Reset/ }).click();
    await page.waitForFunction(() =>
      document.querySelector('[data-title="countsync.py"] [data-edited]')?.hasAttribute('hidden'),
    );
    expect(await editorText(page, 'countsync.py')).toBe(original!.replace(/\n$/, ''));
    await page.reload();
    expect(await snippet.locator('[data-edited]').isVisible()).toBe(false);
    await close();
  });

  it('shares a playground link that carries the code, shown there but not run', async () => {
    const { page, close } = await openPage(site.browser(), chapter(), {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const snippet = snippetNamed(page, 'countasync.py');
    await typeLine(snippet, 'print("shared with a friend")');
    await snippet.getByRole('button', { name: /^Share/ }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-title="countasync.py"] [data-action="share"]')?.textContent === 'Link copied',
    );
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/\/playground\/#code=/);
    const other = await openPage(site.browser(), link);
    const playground = other.page.locator('[data-snippet]');
    await waitForEditor(playground);
    expect(await other.page.locator('.cm-line').allTextContents()).toEqual(['print("shared with a friend")']);
    // The page starts Python as it opens: once it is ready, a program it meant to run would be running.
    await other.page.locator('[data-snippet][data-runtime-state="ready"]').waitFor({ timeout: 60_000 });
    expect(await playground.getAttribute('data-run-state')).toBe('idle');
    expect(await playground.locator('[data-stream]').count()).toBe(0);
    await other.close();
    await close();
  });

  it('downloads the current code as a .py file named after the title', async () => {
    const { page, close } = await openPage(site.browser(), chapter(), { acceptDownloads: true });
    const snippet = snippetNamed(page, 'countasync.py');
    await typeLine(snippet, 'print("downloaded")');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      snippet.getByRole('button', { name: /^Download/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('countasync.py');
    const stream = await download.createReadStream();
    let text = '';
    for await (const chunk of stream) text += chunk;
    expect(text).toBe('print("downloaded")\n');
    await close();
  });

  it('copies the current code', async () => {
    const { page, close } = await openPage(site.browser(), chapter(), {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const snippet = snippetNamed(page, 'countasync.py');
    await typeLine(snippet, 'print("copied")');
    await snippet.getByRole('button', { name: /^Copy/ }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-title="countasync.py"] [data-action="copy"]')?.textContent === 'Copied',
    );
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('print("copied")');
    await close();
  });

  it('runs typed code with Ctrl+Enter from the editor', async () => {
    const { page, close } = await openPage(site.browser(), chapter());
    const snippet = snippetNamed(page, 'countasync.py');
    await snippet.locator('pre').first().focus();
    await waitForEditor(snippet);
    await snippet.locator('.cm-content').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('print("keyboard")');
    await page.keyboard.press('Control+Enter');
    expect(await waitForRunEnd(snippet)).toBe('done');
    expect(await outputLines(snippet)).toEqual(['keyboard']);
    await close();
  });

  it('keeps the page responsive through a flood, keeping the newest lines and counting the rest', async () => {
    const { page, close } = await openPage(site.browser(), chapter());
    const snippet = snippetNamed(page, 'countasync.py');
    await typeLine(snippet, 'for i in range(200000): print(i)');
    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet, 60_000)).toBe('done');
    const lines = await outputLines(snippet);
    expect(lines.length).toBe(2000);
    expect(lines.at(-1)).toBe('199999');
    expect(lines[0]).toBe('198000');
    // 1.3 MB of output: past the run's first megabyte, what is held back is counted in a mark of its own.
    expect(await snippet.locator('.output-folded').textContent()).toMatch(/^[\d,]+ earlier lines folded away/);
    expect(Number(await snippet.locator('.output-held-back').getAttribute('data-held-back'))).toBeGreaterThan(100_000);
    expect(await snippet.locator('[data-status]').textContent()).toMatch(/lines · [\d.]+ KB of output not shown$/);
    await close();
  });

  it('runs one snippet at a time on a page: starting another stops the first, visibly', async () => {
    const { page, close } = await openPage(site.browser(), chapter());
    const first = snippetNamed(page, 'countsync.py');
    const second = snippetNamed(page, 'countasync.py');
    await typeLine(first, 'import time; print("first"); time.sleep(30)');
    await typeLine(second, 'print("second")');
    await runButton(first).click();
    await first.locator('[data-stream]').first().waitFor();
    await runButton(second).click();
    expect(await waitForRunEnd(second)).toBe('done');
    expect(await waitForRunEnd(first)).toBe('stopped');
    expect(await first.locator('[data-status]').textContent()).toMatch(/countasync\.py started running/);
    expect(await outputLines(first)).toEqual(['first']);
    expect(await outputLines(second)).toEqual(['second']);
    await close();
  });

  it('loads the editor over the static code without moving anything', async () => {
    const { page, close } = await openPage(site.browser(), chapter(), { viewport: { width: 1280, height: 800 } });
    const snippet = snippetNamed(page, 'countasync.py');
    await snippet.scrollIntoViewIfNeeded();
    await page.evaluate(() => {
      (window as unknown as { shifts: number }).shifts = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as Array<{ value: number }>) {
          (window as unknown as { shifts: number }).shifts += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: false });
    });
    const before = await snippet.boundingBox();
    await snippet.hover();
    await waitForEditor(snippet);
    await page.waitForTimeout(300);
    const after = await snippet.boundingBox();
    expect(after!.height).toBeCloseTo(before!.height, 0);
    expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBe(0);
    await close();
  });
});
