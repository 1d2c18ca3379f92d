import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServerInThread } from '../../scripts/lib/static-server-thread.ts';
import { describePrograms } from './programs.ts';
import { runCaptured, useEngine } from './support.ts';

/**
 * The blocking path (src/runtime/blocking/), as Safari and every iOS browser run it: this file's
 * process has no JSPI, so each wait blocks the thread and fetches are synchronous. The programs of
 * programs/ must print what CPython printed here too; the cases below are what this path does
 * differently underneath and must not show.
 */
describePrograms({ path: 'busy-wait' });

const engine = useEngine({ path: 'busy-wait' });

describe('the blocking path', () => {
  it('says which path it is on', () => {
    expect(engine().path).toBe('busy-wait');
  });

  it('sends what was printed before each wait that outlasts the output interval, and holds back the rest', async () => {
    const sentBeforeBlock: number[] = [];
    let written = 0;
    await engine().run(
      'import asyncio, time\nfor n in range(3):\n    print(n)\n    time.sleep(0.05)\nasyncio.run(asyncio.sleep(0.001))\n',
      'main.py',
      {
        onOutput: () => written++,
        beforeBlock: (ms) => {
          if (ms !== null && ms >= 16) sentBeforeBlock.push(written);
        },
      },
    );
    // Each print reached the output before the sleep after it blocked the thread.
    expect(sentBeforeBlock.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('blocks the loop in time.sleep, as CPython does, and counts no CPU time for the wait', async () => {
    const result = await runCaptured(
      engine(),
      [
        'import asyncio, time',
        'async def ticker():',
        '    for _ in range(3):',
        '        print("tick")',
        '        await asyncio.sleep(0.01)',
        'async def blocker():',
        '    start = time.process_time()',
        '    time.sleep(0.2)',
        '    print("blocked", round(time.process_time() - start, 1))',
        'async def main():',
        '    await asyncio.gather(blocker(), ticker())',
        'asyncio.run(main())',
        '',
      ].join('\n'),
    );
    expect(result.stdout).toBe('blocked 0.0\ntick\ntick\ntick\n');
  });

  it('records a timeline of the run', async () => {
    const { timeline } = await runCaptured(
      engine(),
      'import asyncio\nasync def nap(s):\n    await asyncio.sleep(s)\nasync def main():\n    await asyncio.gather(nap(0.05), nap(0.1))\nasyncio.run(main())\n',
      'main.py',
      {},
      { timeline: true },
    );
    expect(timeline!.tasks.map((task) => [task.name, task.state])).toEqual([
      ['main program', 'done'],
      ['Task-1', 'done'],
      ['Task-2', 'done'],
      ['Task-3', 'done'],
    ]);
    expect(timeline!.tasks[2]!.waits.map((wait) => wait.on)).toEqual(['sleep 0.05 s']);
  });

  it('explains why input() reads end of input where nothing typed can reach the worker', async () => {
    const result = await runCaptured(engine(), 'try:\n    input("name? ")\nexcept EOFError:\n    print("EOF")\n');
    expect(result.stdout).toBe('name? EOF\n');
    expect(result.stderr).toMatch(/^input\(\) cannot be answered in this browser: without shared memory/);
  });
});

describe('pyfetch() on the blocking path', () => {
  let site: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    // On its own thread: this one blocks in each synchronous fetch.
    site = await startStaticServerInThread({ root: 'public' });
  });
  afterAll(async () => {
    await site.close();
  });
  const runFetching = (lines: string[]) =>
    runCaptured(engine(), [...lines, ''].join('\n'), 'main.py', {}, { env: { SITE_URL: site.url } });

  it('answers with the status, headers and body, and raises for a failed request', async () => {
    const result = await runFetching([
      'import asyncio, os',
      'from pyodide.http import pyfetch',
      'async def main():',
      '    page = await pyfetch(os.environ["SITE_URL"] + "crawl-lab/")',
      '    print(page.status, page.ok, page.headers["content-type"], "<html" in (await page.text()).lower())',
      '    missing = await pyfetch(os.environ["SITE_URL"] + "crawl-lab/nowhere.html")',
      '    print(missing.status, missing.ok)',
      '    try:',
      '        missing.raise_for_status()',
      '    except OSError as error:',
      '        print(type(error).__name__, str(error).split(":")[0])',
      '    try:',
      '        await pyfetch("http://127.0.0.1:9/")',
      '    except OSError as error:',
      '        print("failed:", "fetch() of http://127.0.0.1:9/ failed" in str(error))',
      'asyncio.run(main())',
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        '200 True text/html; charset=utf-8 True',
        '404 False',
        'HttpStatusError 404 Client Error',
        'failed: True',
        '',
      ].join('\n'),
    );
  });

  it('lets a timeout cancel a request, and the program goes on', async () => {
    const result = await runFetching([
      'import asyncio, os',
      'from pyodide.http import pyfetch',
      'async def main():',
      '    async with asyncio.timeout(5):',
      '        answers = await asyncio.gather(*(pyfetch(os.environ["SITE_URL"] + "crawl-lab/") for _ in range(3)))',
      '    print([answer.status for answer in answers])',
      '    try:',
      '        async with asyncio.timeout(0):',
      '            await pyfetch(os.environ["SITE_URL"] + "crawl-lab/")',
      '    except TimeoutError:',
      '        print("timed out")',
      'asyncio.run(main())',
    ]);
    expect(result.stdout).toBe('[200, 200, 200]\ntimed out\n');
  });
});
