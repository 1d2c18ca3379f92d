import { describe, expect, it } from 'vitest';
import { enginesUnderTest, type EnginePage } from '../support/engines/engine.ts';
import { waitFor } from '../support/engines/page-actions.ts';
import { replaceCode, runToEnd, statusText } from '../support/engines/snippets.ts';
import { useEngine } from '../support/engines/use-engine.ts';
import { playgroundUrl } from '../support/snippets.ts';

/**
 * The reader-experience items that depend on the engine, as tests/e2e/reader-experience.test.ts
 * checks them in Chromium: the keyboard in the editor, output that follows the run, and the run
 * compared with the expected output.
 */
const COUNTASYNC = '[data-snippet][data-title="countasync.py"]';

describe.each(enginesUnderTest())('the reader’s snippet in %s', (engine) => {
  const site = useEngine(engine);
  const chapter = () => site.open(new URL('asyncio-and-async-await/', site.rootUrl).href);
  const focus = (page: EnginePage) =>
    page.evaluate((selector) => {
      const active = document.activeElement;
      return {
        inEditor: Boolean(active?.closest('.cm-editor')),
        afterEditor: Boolean(
          document.querySelector(`${selector} .cm-editor`)!.compareDocumentPosition(active ?? document.body) &
          Node.DOCUMENT_POSITION_FOLLOWING,
        ),
        editing: document.querySelector(`${selector} [data-editor]`)!.hasAttribute('data-editing'),
        firstLine: document.querySelector(`${selector} .cm-line`)?.textContent ?? '',
      };
    }, COUNTASYNC);

  it('Tab passes the code until Enter starts editing; then Tab indents, and Escape lets Tab move on', async () => {
    const page = await chapter();
    await page.evaluate(
      (selector) => document.querySelector<HTMLElement>(`${selector} [data-action="run"]`)!.focus(),
      COUNTASYNC,
    );
    await waitFor(
      page,
      'the editor',
      (selector) => document.querySelector(`${selector} .cm-content`) !== null,
      COUNTASYNC,
    );
    for (let presses = 0; presses < 10 && !(await focus(page)).inEditor; presses++) await page.press('Tab');
    const reached = await focus(page);
    expect(reached).toMatchObject({ inEditor: true, editing: false, firstLine: 'import asyncio' });
    await page.press('Tab');
    expect(await focus(page)).toMatchObject({ inEditor: false, afterEditor: true, firstLine: 'import asyncio' });
    await page.press('Shift+Tab');
    expect(await focus(page)).toMatchObject({ inEditor: true });
    await page.press('Enter');
    expect(await focus(page)).toMatchObject({ inEditor: true, editing: true, firstLine: 'import asyncio' });
    await page.press('Tab');
    expect(await focus(page)).toMatchObject({ inEditor: true, firstLine: '    import asyncio' });
    await page.press('Escape');
    expect(await focus(page)).toMatchObject({ inEditor: true, editing: false });
    await page.press('Tab');
    expect(await focus(page)).toMatchObject({ inEditor: false, afterEditor: true });
  });

  it('keeps the newest output line in view and names the exception in the status', async () => {
    const page = await site.open(
      playgroundUrl(
        site.rootUrl,
        'for i in range(40):\n    print("line", i)\nraise ValueError("the value is wrong")\n',
      ),
    );
    expect(await runToEnd(page, '[data-snippet]')).toBe('error');
    const log = await page.evaluate(() => {
      const element = document.querySelector('[data-snippet] [data-log]')!;
      return {
        scrolls: element.scrollHeight > element.clientHeight,
        atEnd: element.scrollHeight - element.scrollTop - element.clientHeight < 8,
      };
    });
    expect(log).toEqual({ scrolls: true, atEnd: true });
    expect(await statusText(page, '[data-snippet]')).toMatch(/: ValueError: the value is wrong · 44 lines$/);
  });

  it('says whether a run printed the expected output', async () => {
    const page = await chapter();
    expect(await runToEnd(page, COUNTASYNC)).toBe('done');
    const match = () =>
      page.evaluate((selector) => document.querySelector(selector)!.getAttribute('data-output-match'), COUNTASYNC);
    expect(await match()).toBe('same');
    await replaceCode(page, COUNTASYNC, 'print("something else")');
    expect(await runToEnd(page, COUNTASYNC)).toBe('done');
    expect(await match()).toBe('different');
  });
});
