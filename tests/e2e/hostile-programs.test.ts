import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server.ts';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { SITES } from '../support/sites.ts';
import { expectAnswering, firstSnippet, outputLines, runButton, typeLine, waitForRunEnd } from '../support/snippets.ts';

/**
 * Programs that try to freeze, crash or take over the page (issue 15's table), each typed into the
 * playground as a reader's own code, one after another on one page: each ends with the page
 * answering within a second and the reader told what happened, and the program after it, which
 * starts in the runtime that is left, is correct. On a host that sends the build's headers (cross-
 * origin isolated) and on one that sends none, as GitHub Pages serves it.
 */
const site = useBrowser();
let withoutHeaders: StaticServer;
beforeAll(async () => {
  withoutHeaders = await startStaticServer({ root: SITES.root.dir, hostHeaders: false });
});
afterAll(() => withoutHeaders.close());

interface Ran {
  state: string;
  lines: string[];
  status: string;
}

/** Types one line of code, runs it to its end, and checks that the page still answers. */
async function runLine(page: Page, line: string): Promise<Ran> {
  const snippet = firstSnippet(page);
  await typeLine(snippet, line);
  await runButton(snippet).click();
  const state = await waitForRunEnd(snippet, 60_000);
  await expectAnswering(page);
  return {
    state,
    lines: await outputLines(snippet),
    status: (await snippet.locator('[data-status]').textContent()) ?? '',
  };
}

/** How many times Python became ready on the page: one more each time its worker is replaced. */
const runtimeStarts = (page: Page) =>
  page.evaluate(() => (window as unknown as { runtimeStarts?: number }).runtimeStarts ?? 0);

/** One line that wraps the worker's MessagePort.postMessage to send `forged` (a Python list) on each real message. */
const forging = (forged: string) =>
  'import js; from pyodide.ffi import create_proxy, to_js; original = js.MessagePort.prototype.postMessage; ' +
  `js.MessagePort.prototype.postMessage = create_proxy(lambda port, message, *rest: [original.call(port, to_js(fake, dict_converter=js.Object.fromEntries)) for fake in ${forged}], capture_this=True); ` +
  'print("forging")';

const LINE = 64 * 1024;
const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;

describe.each([
  { host: 'a host that sends COOP and COEP', isolated: true },
  { host: 'a host without them (GitHub Pages)', isolated: false },
])(
  'hostile programs on $host',
  ({ isolated }) => {
    async function openPlayground(): Promise<{ page: Page; close(): Promise<void> }> {
      const opened = await openPage(
        site.browser(),
        new URL('playground/', isolated ? site.rootUrl : withoutHeaders.url).href,
      );
      expect(await opened.page.evaluate(() => crossOriginIsolated)).toBe(isolated);
      await opened.page.evaluate(() => {
        const snippet = document.querySelector<HTMLElement>('[data-snippet]')!;
        const page = window as unknown as { runtimeStarts: number };
        page.runtimeStarts = snippet.dataset['runtimeState'] === 'ready' ? 1 : 0;
        new MutationObserver(() => {
          if (snippet.dataset['runtimeState'] === 'ready') page.runtimeStarts++;
        }).observe(snippet, { attributeFilter: ['data-runtime-state'] });
      });
      return opened;
    }

    it('floods of output: a 100 MB print, a 50 MB line, 200,000 small writes and 2 million lines show within the limits, say what they held back, and leave the runtime as it was', async () => {
      const { page, close } = await openPlayground();
      for (const [line, heldBack] of [
        ['print("y" * 100_000_000)', 100_000_000 - LINE],
        ['import sys; sys.stdout.write("z" * 50_000_000 + "\\n")', 50_000_000 - LINE],
        ['import sys; [sys.stdout.write("x" * 100) for _ in range(200_000)]', 20_000_000 - LINE],
      ] as const) {
        const ran = await runLine(page, line);
        expect(ran.state).toBe('done');
        expect(ran.lines).toHaveLength(1);
        expect(ran.lines[0]).toHaveLength(LINE + 1);
        expect(ran.lines[0]!.endsWith('…')).toBe(true);
        expect(ran.status).toContain(`${megabytes(heldBack)} of output not shown`);
      }
      const flood = await runLine(page, 'for i in range(2_000_000): print(i)');
      expect(flood.state).toBe('done');
      expect(flood.lines.at(-1)).toBe('1999999');
      const mark = firstSnippet(page).locator('.output-held-back');
      expect(Number(await mark.getAttribute('data-held-back'))).toBeGreaterThan(10_000_000);
      expect(await mark.textContent()).toMatch(/MB of output not shown here/);
      expect(await runLine(page, 'print("alive again")')).toMatchObject({ state: 'done', lines: ['alive again'] });
      // Floods are the program's own business: nothing was left behind, so Python was never replaced.
      expect(await runtimeStarts(page)).toBe(1);
      await close();
    });

    it('forged messages over the worker’s port (a timeline of 2,000 tasks, a flood of output): the runtime is replaced, the reader told', async () => {
      const { page, close } = await openPlayground();
      for (const [forged, reason] of [
        [
          '[{"type": "timeline", "id": message.id, "timeline": {"durationMs": 1, "droppedTasks": 0, "droppedSlices": 0, "tasks": [{"id": 0}] * 2_000}}]',
          /more rows than the recorder keeps/,
        ],
        [
          '[{"type": "output", "id": message.id, "chunks": [{"stream": "stdout", "text": "forged\\n", "t": 0}]}] * 5_000',
          /more than 1,000 messages in a second/,
        ],
      ] as const) {
        const ran = await runLine(page, forging(forged));
        expect(ran.state).toBe('error');
        expect(ran.status).toMatch(/^The Python runtime was replaced: it sent /);
        expect(ran.status).toMatch(reason);
      }
      expect(await runLine(page, 'print("alive again")')).toMatchObject({ state: 'done', lines: ['alive again'] });
      expect(await runtimeStarts(page)).toBe(3);
      await close();
    });

    it('what a program leaves behind (a timer, an interval, a global, an exited Python, an error in a callback): Python is restarted, the reader told, and nothing of it reaches the next run', async () => {
      const { page, close } = await openPlayground();
      const timer = await runLine(
        page,
        'import js; from pyodide.ffi import create_proxy; js.setTimeout(create_proxy(lambda: print("ghost")), 400); print("set")',
      );
      expect(timer).toMatchObject({ state: 'done', lines: ['set'] });
      expect(timer.status).toMatch(
        /Python was restarted for the next run: this one left 1 JavaScript timer still to fire/,
      );
      // Each next program runs long enough for the one before's timer to have fired, had it survived.
      const busy = await runLine(
        page,
        'import js, time; from pyodide.ffi import create_proxy; js.setInterval(create_proxy(lambda: sum(range(10**6))), 50); time.sleep(0.6); print("busy")',
      );
      expect(busy).toMatchObject({ state: 'done', lines: ['busy'] });
      expect(busy.status).toMatch(/this one left 1 JavaScript timer still to fire/);
      const global = await runLine(page, 'import js; js.stash = "for the next run"; print("set")');
      expect(global.status).toMatch(/changes to the worker's JavaScript \(stash\)/);
      const exited = await runLine(page, 'import js, os; print(hasattr(js, "stash"), flush=True); os._exit(0)');
      expect(exited).toMatchObject({ state: 'done', lines: ['False'] });
      expect(exited.status).toMatch(/a Python that exited/);
      const failed = await runLine(
        page,
        'import js, time; from pyodide.ffi import create_proxy; js.setTimeout(create_proxy(lambda: 1 / 0), 0); time.sleep(30)',
      );
      expect(failed.state).toBe('error');
      expect(failed.status).toMatch(
        /^The Python runtime was replaced: its worker failed: ZeroDivisionError: division by zero\. Run again/,
      );
      expect(await runLine(page, 'import time; time.sleep(0.6); print("alive again")')).toMatchObject({
        state: 'done',
        lines: ['alive again'],
      });
      expect(await runtimeStarts(page)).toBe(6);
      await close();
    });

    it('a program that rebinds print or asyncio.sleep: the next run is as it should be, in the same runtime', async () => {
      const { page, close } = await openPlayground();
      expect(
        (
          await runLine(
            page,
            'import asyncio, builtins; builtins.print = lambda *args, **kwargs: None; asyncio.sleep = None',
          )
        ).state,
      ).toBe('done');
      expect(await runLine(page, 'import asyncio; asyncio.run(asyncio.sleep(0)); print("alive again")')).toMatchObject({
        state: 'done',
        lines: ['alive again'],
      });
      expect(await runtimeStarts(page)).toBe(1);
      await close();
    });
    it('20 tasks that loop on asyncio.sleep(0) for 3 s with the live timeline on: the page answers throughout, and the timeline says what it could not draw', async () => {
      const { page, close } = await openPlayground();
      const snippet = firstSnippet(page);
      await typeLine(
        snippet,
        String.raw`import asyncio, time; exec("async def spin():\n  end = time.monotonic() + 3\n  while time.monotonic() < end: await asyncio.sleep(0)\nasync def main():\n  await asyncio.gather(*(spin() for _ in range(20)))"); asyncio.run(main())`,
      );
      await runButton(snippet).click();
      await snippet.locator('[data-timeline]:not([hidden])').waitFor({ timeout: 30_000 });
      for (let check = 0; check < 4; check++) {
        expect(await snippet.getAttribute('data-run-state')).toBe('running');
        await expectAnswering(page);
        await page.waitForTimeout(400);
      }
      expect(await waitForRunEnd(snippet, 60_000)).toBe('done');
      await expectAnswering(page);
      // The program, main() and the 20 spinning tasks.
      expect(await snippet.locator('tr[data-task]').count()).toBe(22);
      expect(await snippet.locator('[data-timeline-note]').textContent()).toMatch(
        /^Not drawn, to keep the page responsive: [\d,]+ more slices\.$/,
      );
      // Slices too close to tell apart are one mark, which says how many it stands for.
      const merged = snippet.locator('.tl-run:not([data-count="1"])').first();
      expect(Number(await merged.getAttribute('data-count'))).toBeGreaterThan(1);
      await merged.hover();
      expect(await snippet.locator('.timeline-tip').textContent()).toMatch(
        /: [\d,]+ slices from [\d.]+ m?s to [\d.]+ m?s, running .+ in all$/,
      );
      await close();
    });

    it('a program that raises KeyboardInterrupt itself, or prints a right-to-left override: told as python3 tells it, and shown as printed', async () => {
      const { page, close } = await openPlayground();
      const interrupted = await runLine(page, 'print("before"); raise KeyboardInterrupt');
      expect(interrupted.state).toBe('error');
      expect(interrupted.status).toMatch(/^Ended with an error \(exit status 130\)/);
      expect(interrupted.lines.at(0)).toBe('before');
      expect(interrupted.lines.at(-1)).toBe('KeyboardInterrupt');
      expect(interrupted.lines).toContain('Traceback (most recent call last):');

      const reversed = await runLine(page, 'print("invoice\\u202egnp.exe")');
      expect(reversed).toMatchObject({ state: 'done', lines: ['invoice\u202egnp.exe'] });
      const snippet = firstSnippet(page);
      expect(await snippet.locator('.output-invisible').getAttribute('data-code-point')).toBe('U+202E');
      expect(await snippet.locator('.output-invisible').getAttribute('title')).toBe('U+202E RIGHT-TO-LEFT OVERRIDE');
      // Drawn in the order printed: the override turns nothing around.
      const lettersLeftToRight = await snippet.locator('[data-stream]').evaluate((line) => {
        const after = line.lastChild!;
        const left = (offset: number) => {
          const range = document.createRange();
          range.setStart(after, offset);
          range.setEnd(after, offset + 1);
          return range.getBoundingClientRect().left;
        };
        return [0, 1, 2, 3, 4, 5, 6].map(left).every((x, index, all) => index === 0 || x > all[index - 1]!);
      });
      expect(lettersLeftToRight).toBe(true);
      expect(await runtimeStarts(page)).toBe(1);
      await close();
    });
    // Each test runs a handful of programs, and Python starts again after most of them.
  },
  180_000,
);
