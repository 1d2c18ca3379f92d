import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server.ts';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { SITES } from '../support/sites.ts';
import {
  firstSnippet,
  outputLines,
  playgroundUrl,
  runButton,
  typeLine,
  waitForEditor,
  waitForRunEnd,
} from '../support/snippets.ts';

/**
 * Programs that try to freeze, crash or take over the page (issue 15's table): each ends with the
 * page answering, the reader told what happened, and the next run correct. On a host that sends the
 * build's headers (cross-origin isolated) and on one that sends none, as GitHub Pages serves it.
 */
const site = useBrowser();
let withoutHeaders: StaticServer;
beforeAll(async () => {
  withoutHeaders = await startStaticServer({ root: SITES.root.dir, hostHeaders: false });
});
afterAll(() => withoutHeaders.close());

/** Fails unless the page runs a frame within a second: what a reader would call answering. */
async function expectAnswering(page: Page): Promise<void> {
  const answered = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const late = setTimeout(() => resolve(false), 1000);
        requestAnimationFrame(() => {
          clearTimeout(late);
          resolve(true);
        });
      }),
  );
  expect(answered, 'the page did not draw a frame within 1 s').toBe(true);
}

/** The snippet's status line, which tells the reader how the run ended. */
const statusOf = (page: Page) => firstSnippet(page).locator('[data-status]').textContent();

/** Runs `print("alive again")` next: the runtime, replaced or not, runs a later program as it should. */
async function expectNextRunCorrect(page: Page): Promise<void> {
  await typeLine(firstSnippet(page), 'print("alive again")');
  await runButton(firstSnippet(page)).click();
  expect(await waitForRunEnd(firstSnippet(page), 60_000)).toBe('done');
  expect(await outputLines(firstSnippet(page))).toEqual(['alive again']);
}

/** A program that wraps its worker's MessagePort.postMessage and sends `forged` on each real message. */
const forging = (forged: string) => `import js
from pyodide.ffi import create_proxy, to_js
original = js.MessagePort.prototype.postMessage
def forge(port, message, *rest):
    for fake in ${forged}:
        original.call(port, to_js(fake, dict_converter=js.Object.fromEntries))
js.MessagePort.prototype.postMessage = create_proxy(forge, capture_this=True)
print("forging")
`;

const LINE = 64 * 1024;

describe.each([
  { host: 'a host that sends COOP and COEP', isolated: true },
  { host: 'a host without them (GitHub Pages)', isolated: false },
])('hostile programs on $host', ({ isolated }) => {
  const siteUrl = () => (isolated ? site.rootUrl : withoutHeaders.url);

  async function openWith(code: string): Promise<{ page: Page; close(): Promise<void> }> {
    const opened = await openPage(site.browser(), playgroundUrl(siteUrl(), code));
    expect(await opened.page.evaluate(() => crossOriginIsolated)).toBe(isolated);
    await waitForEditor(firstSnippet(opened.page));
    await runButton(firstSnippet(opened.page)).click();
    return opened;
  }

  it.each([
    ['print("y" * 100_000_000)', 'print("y" * 100_000_000)\n', 100_000_000 - LINE],
    ['one line of 50 MB', 'import sys\nsys.stdout.write("z" * 50_000_000 + "\\n")\n', 50_000_000 - LINE],
    [
      '200,000 writes of 100 characters',
      'import sys\nfor _ in range(200_000):\n    sys.stdout.write("x" * 100)\n',
      20_000_000 - LINE,
    ],
  ])('%s: shows one line cut to 64 KB, says how much it held back', async (_, code, heldBack) => {
    const { page, close } = await openWith(code);
    expect(await waitForRunEnd(firstSnippet(page), 60_000)).toBe('done');
    await expectAnswering(page);
    const [line, ...rest] = await outputLines(firstSnippet(page));
    expect(line).toHaveLength(LINE + 1);
    expect(line!.endsWith('…')).toBe(true);
    expect(rest).toEqual([]);
    const megabytes = (heldBack / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
    expect(await statusOf(page)).toContain(`${megabytes} MB of output not shown`);
    await expectNextRunCorrect(page);
    await close();
  });

  it('a flood of 2 million lines: shows the first megabyte and the last lines, and marks the gap between', async () => {
    const { page, close } = await openWith('for i in range(2_000_000):\n    print(i)\n');
    expect(await waitForRunEnd(firstSnippet(page), 60_000)).toBe('done');
    await expectAnswering(page);
    const lines = await outputLines(firstSnippet(page));
    expect(lines.at(-1)).toBe('1999999');
    const mark = firstSnippet(page).locator('.output-held-back');
    expect(Number(await mark.getAttribute('data-held-back'))).toBeGreaterThan(10_000_000);
    expect(await mark.textContent()).toMatch(/MB of output not shown here/);
    await expectNextRunCorrect(page);
    await close();
  });

  it.each([
    [
      'a message of a type the page has none of',
      '[{"type": "grant-access"}]',
      /it sent a message of unknown type "grant-access"/,
    ],
    [
      'a timeline of 20,000 tasks',
      '[{"type": "timeline", "id": message.id, "timeline": {"durationMs": 1, "droppedTasks": 0, "droppedSlices": 0, "tasks": [{"id": 0}] * 20_000}}]',
      /more rows than the recorder keeps/,
    ],
    [
      '5,000 lines of output for each one it prints',
      '[{"type": "output", "id": message.id, "chunks": [{"stream": "stdout", "text": "forged\\n", "t": 0}]}] * 5_000',
      /more than 1,000 messages in a second/,
    ],
  ])('forging %s over the worker’s port: the runtime is replaced, and the reader told', async (_, forged, reason) => {
    const { page, close } = await openWith(forging(forged));
    expect(await waitForRunEnd(firstSnippet(page), 60_000)).toBe('error');
    await expectAnswering(page);
    const status = await statusOf(page);
    expect(status).toMatch(/^The Python runtime was replaced: /);
    expect(status).toMatch(reason);
    await expectNextRunCorrect(page);
    await close();
  });

  it('an error thrown in a JavaScript callback, which fails the worker: the run ends at once, saying so', async () => {
    const { page, close } = await openWith(
      'import js, time\nfrom pyodide.ffi import create_proxy\njs.setTimeout(create_proxy(lambda: 1 / 0), 0)\nprint("waiting")\ntime.sleep(30)\n',
    );
    expect(await waitForRunEnd(firstSnippet(page), 20_000)).toBe('error');
    await expectAnswering(page);
    expect(await statusOf(page)).toMatch(/^The Python runtime was replaced: its worker failed: .*ZeroDivisionError/);
    await expectNextRunCorrect(page);
    await close();
  });
});

describe.each([
  { host: 'a host that sends COOP and COEP', isolated: true },
  { host: 'a host without them (GitHub Pages)', isolated: false },
])('programs that leave something behind, typed into the playground, on $host', ({ isolated }) => {
  /** The playground with no link: the reader's own code, which keeps its runtime while it leaves nothing behind. */
  async function openTyped(line: string): Promise<{ page: Page; close(): Promise<void> }> {
    const opened = await openPage(
      site.browser(),
      new URL('playground/', isolated ? site.rootUrl : withoutHeaders.url).href,
    );
    await typeLine(firstSnippet(opened.page), line);
    await runButton(firstSnippet(opened.page)).click();
    expect(await waitForRunEnd(firstSnippet(opened.page), 60_000)).toBe('done');
    return opened;
  }

  const runtimeLoads = (page: Page) =>
    page.evaluate(
      () => performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/pyodide.asm.wasm')).length,
    );

  it.each([
    [
      'a timer that prints into later runs',
      'import js; from pyodide.ffi import create_proxy; js.setTimeout(create_proxy(lambda: print("ghost")), 400); print("set")',
      /this one left 1 JavaScript timer still to fire/,
    ],
    [
      'an interval that keeps a core busy',
      'import js; from pyodide.ffi import create_proxy; js.setInterval(create_proxy(lambda: sum(range(10**6))), 50); print("set")',
      /this one left 1 JavaScript timer still to fire/,
    ],
    [
      'a global of its own in the worker',
      'import js; js.stash = "for the next run"; print("set")',
      /changes to the worker's JavaScript \(stash\)/,
    ],
    ['os._exit(0)', 'import os; print("set", flush=True); os._exit(0)', /a Python that exited/],
  ])('%s: Python is restarted for the next run, which nothing of it reaches', async (_, line, reason) => {
    const { page, close } = await openTyped(line);
    expect(await statusOf(page)).toMatch(reason);
    await expectAnswering(page);
    await typeLine(firstSnippet(page), 'import time; time.sleep(0.6); print("alive again")');
    await runButton(firstSnippet(page)).click();
    expect(await waitForRunEnd(firstSnippet(page), 60_000)).toBe('done');
    expect(await outputLines(firstSnippet(page))).toEqual(['alive again']);
    expect(await runtimeLoads(page)).toBe(2);
    await close();
  });

  it('a program that rebinds print: the next run prints, in the same runtime', async () => {
    const { page, close } = await openTyped('import builtins; builtins.print = lambda *args, **kwargs: None');
    await expectNextRunCorrect(page);
    expect(await runtimeLoads(page)).toBe(1);
    await close();
  });
});
