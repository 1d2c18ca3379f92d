import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { playgroundUrl, runButton, waitForRunEnd } from '../support/snippets.ts';

const site = useBrowser();
const chapter = () => new URL('asyncio-and-async-await/', site.rootUrl).href;
const snippetNamed = (page: Page, title: string) => page.locator(`[data-snippet][data-title="${title}"]`);

interface Row {
  task: string;
  startMs: number;
  endMs: number;
  runMs: number;
  state: string;
}

/** The test contract of the timeline: its table, one tr[data-task] per task. */
async function timelineRows(snippet: Locator): Promise<Row[]> {
  return snippet.locator('[data-timeline] tr[data-task]').evaluateAll((rows) =>
    rows.map((row) => {
      const data = (row as HTMLElement).dataset;
      return {
        task: data['task']!,
        startMs: Number(data['startMs']),
        endMs: Number(data['endMs']),
        runMs: Number(data['runMs']),
        state: data['state']!,
      };
    }),
  );
}

const overlaps = (a: Row, b: Row) => a.startMs < b.endMs && b.startMs < a.endMs;

async function runToEnd(snippet: Locator): Promise<string> {
  await runButton(snippet).click();
  return waitForRunEnd(snippet, 60_000);
}

describe('the timeline of a run', () => {
  it('shows the count tasks of countasync.py waiting together, and those of countblocking.py running one after another', async () => {
    const { page, close } = await openPage(site.browser(), chapter());
    const together = snippetNamed(page, 'countasync.py');
    expect(await runToEnd(together)).toBe('done');
    const rows = await timelineRows(together);
    expect(rows.map((row) => row.task)).toEqual(['main program', 'Task-1', 'Task-2', 'Task-3', 'Task-4']);
    expect(rows.every((row) => row.state === 'done')).toBe(true);
    const counts = rows.slice(2);
    for (const count of counts) {
      // Alive for the one-second sleep, running for a moment only.
      expect(count.endMs - count.startMs).toBeGreaterThan(950);
      expect(count.runMs).toBeLessThan(200);
    }
    expect(overlaps(counts[0]!, counts[1]!) && overlaps(counts[1]!, counts[2]!)).toBe(true);
    expect(await together.locator('[data-timeline] svg [data-row]').count()).toBe(rows.length);

    const blocking = snippetNamed(page, 'countblocking.py');
    expect(await runToEnd(blocking)).toBe('done');
    const blocked = (await timelineRows(blocking)).slice(2);
    for (const count of blocked) expect(count.runMs).toBeGreaterThan(950);
    // Each task's running second starts after the one before it has ended.
    const [first, second, third] = blocked.map((row) => row.endMs);
    expect(first! < second! && second! < third!).toBe(true);
    expect(second! - first!).toBeGreaterThan(950);
    // The first run's timeline belongs to the first snippet and stays there.
    expect(await timelineRows(together)).toHaveLength(5);
    await close();
  });

  it('says how each task ended: done, error or cancelled', async () => {
    const code = [
      'import asyncio',
      '',
      'async def fails():',
      '    raise ValueError("broken")',
      '',
      'async def sleeper():',
      '    await asyncio.sleep(10)',
      '',
      'async def main():',
      '    failing = asyncio.create_task(fails(), name="failing")',
      '    sleeping = asyncio.create_task(sleeper(), name="sleeping")',
      '    await asyncio.sleep(0.1)',
      '    sleeping.cancel()',
      '    await asyncio.gather(failing, sleeping, return_exceptions=True)',
      '',
      'asyncio.run(main())',
    ].join('\n');
    const { page, close } = await openPage(site.browser(), playgroundUrl(site.rootUrl, code));
    const snippet = page.locator('[data-snippet]');
    expect(await runToEnd(snippet)).toBe('done');
    const states = Object.fromEntries((await timelineRows(snippet)).map((row) => [row.task, row.state]));
    expect(states).toEqual({ 'main program': 'done', 'Task-1': 'done', failing: 'error', sleeping: 'cancelled' });
    const table = await snippet.locator('[data-timeline] tr[data-task="failing"]').textContent();
    expect(table).toContain('ValueError: broken');
    await close();
  });

  it('draws the timeline while the program is still running', async () => {
    const code = 'import asyncio\n\nasync def main():\n    await asyncio.sleep(3)\n\nasyncio.run(main())';
    const { page, close } = await openPage(site.browser(), playgroundUrl(site.rootUrl, code));
    const snippet = page.locator('[data-snippet]');
    await runButton(snippet).click();
    await snippet.locator('[data-timeline] tr[data-task="Task-1"]').waitFor({ state: 'attached', timeout: 30_000 });
    expect(await snippet.getAttribute('data-run-state')).toBe('running');
    expect((await timelineRows(snippet)).find((row) => row.task === 'Task-1')?.state).toBe('pending');
    expect(await waitForRunEnd(snippet)).toBe('done');
    expect((await timelineRows(snippet)).find((row) => row.task === 'Task-1')?.state).toBe('done');
    await close();
  });

  it('gives details on hover and on keyboard focus, and saves the chart as an SVG file', async () => {
    const { page, close } = await openPage(site.browser(), chapter());
    const snippet = snippetNamed(page, 'countasync.py');
    expect(await runToEnd(snippet)).toBe('done');
    const tip = snippet.locator('.timeline-tip');

    await snippet.locator('[data-row="2"] .tl-wait').first().hover();
    expect(await tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toMatch(/^Task-2 · count: waiting on sleep 1 s from \d+ ms to 1\.\d\d s$/);

    await snippet.locator('[data-row="0"]').focus();
    expect(await tip.textContent()).toMatch(/^main program: from \d+ ms to /);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-row'))).toBe('1');
    expect(await tip.textContent()).toMatch(/^Task-1 · main: from .* waited on gather; done\.$/);
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-row'))).toBe('4');
    // One tab stop for the whole chart: the row last focused.
    expect(await snippet.locator('[data-timeline] [data-row][tabindex="0"]').count()).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      snippet.getByRole('button', { name: /^Save the timeline/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('countasync-timeline.svg');
    const file = await (await download.createReadStream()).toArray();
    const svg = Buffer.concat(file).toString('utf8');
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('Task-4 · count');
    // Colours are written into the file, since the site's stylesheet does not travel with it.
    expect(svg).not.toContain('class=');
    expect(svg).toMatch(/fill="rgb\(/);
    await close();
  });

  it('can be switched off, which every snippet remembers', async () => {
    const { page, close } = await openPage(site.browser(), chapter());
    const snippet = snippetNamed(page, 'countasync.py');
    expect(await runToEnd(snippet)).toBe('done');
    expect(await snippet.locator('[data-timeline]').isVisible()).toBe(true);
    await snippet.getByRole('checkbox', { name: 'Timeline', exact: true }).uncheck();
    expect(await snippet.locator('[data-timeline]').isVisible()).toBe(false);
    expect(await runToEnd(snippet)).toBe('done');
    expect(await timelineRows(snippet)).toEqual([]);

    await page.reload();
    const other = snippetNamed(page, 'countsync.py');
    expect(await runToEnd(other)).toBe('done');
    expect(await other.getByRole('checkbox', { name: 'Timeline', exact: true }).isChecked()).toBe(false);
    expect(await timelineRows(other)).toEqual([]);
    await close();
  });

  it('fits a phone screen, labels above the bars', async () => {
    const { page, close } = await openPage(site.browser(), chapter(), { viewport: { width: 375, height: 800 } });
    const snippet = snippetNamed(page, 'countasync.py');
    expect(await runToEnd(snippet)).toBe('done');
    const chart = snippet.locator('[data-timeline-chart]');
    const { scrollWidth, clientWidth } = await chart.evaluate((element) => ({
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const label = await snippet.locator('[data-row="2"] .tl-label').boundingBox();
    const bar = await snippet.locator('[data-row="2"] .tl-run').first().boundingBox();
    expect(label!.y + label!.height).toBeLessThanOrEqual(bar!.y + 1);
    await close();
  });
});
