import { describe, expect, it } from 'vitest';
import type { Timeline, TimelineSlice, TimelineTask } from '../../src/runtime/protocol.ts';
import { checkFromWorker } from '../../src/runtime/worker-messages.ts';
import { runCaptured, startCaptured, useEngine, type Captured } from './support.ts';

/**
 * The timeline recorder (src/runtime/python/walkthrough_timeline.py) on known
 * programs: which rows, slices and waits they give. Times are compared with
 * an explicit tolerance; how much recording costs is a figure of `npm run bench`.
 */
const engine = useEngine();

/**
 * How far past the program's own sleeps a measured time may be: generous, because a loaded machine
 * delays timers; the lower bounds are the exact ones.
 */
const TOLERANCE_MS = 150;

async function record(code: string): Promise<Captured & { timeline: Timeline }> {
  const result = await runCaptured(engine(), code, 'main.py', {}, { timeline: true });
  expect(result.stderr).toBe('');
  expect(result.timeline).toBeDefined();
  return { ...result, timeline: result.timeline! };
}

function row(timeline: Timeline, name: string): TimelineTask {
  const found = timeline.tasks.filter((task) => task.name === name);
  expect(found, `one row named ${name}`).toHaveLength(1);
  return found[0]!;
}

const length = (span: TimelineSlice): number => span.endMs - span.startMs;
const overlaps = (a: TimelineSlice, b: TimelineSlice): boolean => a.startMs < b.endMs && b.startMs < a.endMs;

/** Every span within the run, in order, and each wait between two slices of its task. */
function expectConsistent(timeline: Timeline): void {
  // What the recorder sends, the page accepts (src/runtime/worker-messages.ts).
  expect(checkFromWorker({ type: 'timeline', id: 1, timeline })).toMatchObject({ ok: true });
  for (const task of timeline.tasks) {
    // Times are rounded to 0.01 ms, so a wait of zero length can start where the next slice starts:
    // ordering ties by their end keeps the empty wait first, where it happened.
    const spans = [...task.slices, ...task.waits].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
    for (const [i, span] of spans.entries()) {
      expect(span.startMs).toBeGreaterThanOrEqual(task.createdMs);
      expect(span.endMs).toBeGreaterThanOrEqual(span.startMs);
      expect(span.endMs).toBeLessThanOrEqual(timeline.durationMs);
      if (i > 0) expect(span.startMs).toBeGreaterThanOrEqual(spans[i - 1]!.endMs);
    }
  }
}

const NAPS = `import asyncio

async def nap(seconds):
    await asyncio.sleep(seconds)
    return seconds
`;

describe('tasks that sleep', () => {
  it('gives each task of a gather a short slice, a sleep, and a slice when it wakes', async () => {
    const { timeline } = await record(
      `${NAPS}\nasync def main():\n    await asyncio.gather(nap(0.1), nap(0.2))\n\nasyncio.run(main())\n`,
    );
    expectConsistent(timeline);
    expect(timeline.tasks.map((task) => `${task.name} ${task.coroutine}`)).toEqual([
      'main program <module>',
      'Task-1 main',
      'Task-2 nap',
      'Task-3 nap',
    ]);
    const main = row(timeline, 'Task-1');
    expect(main.parentId).toBe(0);
    expect(main.waits.map((wait) => wait.on)).toEqual(['gather']);
    for (const [name, seconds] of [
      ['Task-2', 0.1],
      ['Task-3', 0.2],
    ] as const) {
      const task = row(timeline, name);
      expect(task.parentId).toBe(main.id);
      expect(task.state).toBe('done');
      expect(task.outcome).toBe(String(seconds));
      expect(task.slices).toHaveLength(2);
      for (const slice of task.slices) expect(length(slice)).toBeLessThan(TOLERANCE_MS);
      expect(task.waits).toEqual([
        { startMs: task.slices[0]!.endMs, endMs: task.slices[1]!.startMs, on: `sleep ${seconds} s` },
      ]);
      expect(length(task.waits[0]!)).toBeGreaterThanOrEqual(seconds * 1000 - 1);
      expect(task.endedMs! - task.createdMs).toBeGreaterThanOrEqual(seconds * 1000 - 1);
      expect(task.endedMs! - task.createdMs).toBeLessThan(seconds * 1000 + TOLERANCE_MS);
    }
  });

  it('shows that awaiting one after the other takes the sum of the sleeps, and gather the longest', async () => {
    const sequential = await record(
      `${NAPS}\nasync def main():\n    await nap(0.1)\n    await nap(0.2)\n\nasyncio.run(main())\n`,
    );
    const concurrent = await record(
      `${NAPS}\nasync def main():\n    await asyncio.gather(nap(0.1), nap(0.2))\n\nasyncio.run(main())\n`,
    );
    const lifetime = (timeline: Timeline) => row(timeline, 'Task-1').endedMs! - row(timeline, 'Task-1').createdMs;
    expect(lifetime(sequential.timeline)).toBeGreaterThanOrEqual(299);
    expect(lifetime(sequential.timeline)).toBeLessThan(300 + TOLERANCE_MS);
    expect(lifetime(concurrent.timeline)).toBeGreaterThanOrEqual(199);
    expect(lifetime(concurrent.timeline)).toBeLessThan(lifetime(sequential.timeline) - 50);
    // Awaited coroutines are no tasks: the sleeps are the main task's own waits.
    expect(sequential.timeline.tasks.map((task) => task.name)).toEqual(['main program', 'Task-1']);
    expect(row(sequential.timeline, 'Task-1').waits.map((wait) => wait.on)).toEqual(['sleep 0.1 s', 'sleep 0.2 s']);
  });

  it('shows the main program waiting in the event loop for as long as asyncio.run() lasts', async () => {
    const { timeline } = await record(`${NAPS}\nprint("start")\nasyncio.run(nap(0.2))\nprint("end")\n`);
    const program = row(timeline, 'main program');
    expect(program.coroutine).toBe('<module>');
    expect(program.parentId).toBeNull();
    expect(program.state).toBe('done');
    const inLoop = program.waits.filter((wait) => wait.on === 'event loop');
    expect(inLoop.length).toBeGreaterThanOrEqual(1);
    expect(length(inLoop[0]!)).toBeGreaterThanOrEqual(199);
    const task = row(timeline, 'Task-1');
    expect(
      task.slices.every((slice) => inLoop.some((wait) => slice.startMs >= wait.startMs && slice.endMs <= wait.endMs)),
    ).toBe(true);
  });
});

describe('how tasks end', () => {
  it('records an exception as an error with its message', async () => {
    const { timeline } = await record(
      'import asyncio\n\nasync def boom():\n    await asyncio.sleep(0.01)\n    raise ValueError("bad input")\n\nasync def main():\n    try:\n        await asyncio.create_task(boom())\n    except ValueError:\n        pass\n\nasyncio.run(main())\n',
    );
    const boom = row(timeline, 'Task-2');
    expect(boom.state).toBe('error');
    expect(boom.outcome).toBe('ValueError: bad input');
    expect(row(timeline, 'Task-1').waits.map((wait) => wait.on)).toEqual(['Task-2']);
  });

  it('records a cancelled task as cancelled, ended when the cancellation reached it', async () => {
    const { timeline } = await record(
      'import asyncio\n\nasync def main():\n    sleeper = asyncio.create_task(asyncio.sleep(10), name="sleeper")\n    await asyncio.sleep(0.05)\n    sleeper.cancel()\n    await asyncio.sleep(0.05)\n\nasyncio.run(main())\n',
    );
    const sleeper = row(timeline, 'sleeper');
    expect(sleeper.coroutine).toBe('sleep');
    expect(sleeper.state).toBe('cancelled');
    expect(sleeper.outcome).toBeUndefined();
    expect(sleeper.waits[0]!.on).toBe('sleep 10 s');
    expect(sleeper.endedMs! - sleeper.createdMs).toBeGreaterThanOrEqual(49);
    expect(sleeper.endedMs! - sleeper.createdMs).toBeLessThan(50 + TOLERANCE_MS);
  });

  it('keeps a task that never ended as pending, waiting until the end of the run', async () => {
    // No record(): python3 too says "Task was destroyed but it is pending!" at exit.
    const { timeline } = (await runCaptured(
      engine(),
      'import asyncio\n\nloop = asyncio.new_event_loop()\nforgotten = loop.create_task(asyncio.sleep(10))\nloop.run_until_complete(asyncio.sleep(0.05))\n',
      'main.py',
      {},
      { timeline: true },
    )) as { timeline: Timeline };
    const forgotten = row(timeline, 'Task-1');
    expect(forgotten.state).toBe('pending');
    expect(forgotten.endedMs).toBeNull();
    expect(forgotten.waits.at(-1)).toMatchObject({ on: 'sleep 10 s', endMs: timeline.durationMs });
  });

  it('shows a run stopped by the reader as cancelled, the main program and its tasks alike', async () => {
    const running = startCaptured(
      engine(),
      'import asyncio\n\nasync def main():\n    print("waiting")\n    await asyncio.sleep(60)\n\nasyncio.run(main())\n',
      'main.py',
      {},
      { timeline: true },
    );
    await running.printed;
    engine().requestStop();
    const { status, timeline } = await running.result;
    expect(status).toBe('stopped');
    expect(row(timeline!, 'main program')).toMatchObject({ state: 'cancelled', outcome: 'KeyboardInterrupt' });
    expect(row(timeline!, 'Task-1')).toMatchObject({ state: 'cancelled' });
  });

  it('records an eager task that finished inside create_task(), with no slice of its own', async () => {
    const { timeline } = await record(
      'import asyncio\n\nasync def cached():\n    return 42\n\nasync def main():\n    print(await asyncio.create_task(cached(), eager_start=True))\n\nasyncio.run(main())\n',
    );
    const cached = row(timeline, 'Task-2');
    expect(cached).toMatchObject({ coroutine: 'cached', state: 'done', outcome: '42', slices: [], waits: [] });
  });
});

describe('blocking code', () => {
  it('shows time.sleep() inside a task as one long slice, while no other task runs', async () => {
    const { timeline } = await record(
      'import asyncio, time\n\nasync def blocker():\n    await asyncio.sleep(0.01)\n    time.sleep(0.2)\n\nasync def ticker():\n    for _ in range(20):\n        await asyncio.sleep(0.02)\n\nasync def main():\n    await asyncio.gather(blocker(), ticker())\n\nasyncio.run(main())\n',
    );
    const blocker = timeline.tasks.find((task) => task.coroutine === 'blocker')!;
    const long = blocker.slices.filter((slice) => length(slice) >= 199);
    expect(long).toHaveLength(1);
    const others = timeline.tasks.filter((task) => task !== blocker);
    for (const task of others) for (const slice of task.slices) expect(overlaps(slice, long[0]!)).toBe(false);
    expect(row(timeline, 'Task-3').slices.length).toBeGreaterThan(10);
  });

  it('shows a program without asyncio as the main program, running from start to end', async () => {
    const { timeline } = await record('import time\nprint("working")\ntime.sleep(0.2)\nprint("done")\n');
    expect(timeline.tasks).toHaveLength(1);
    const program = timeline.tasks[0]!;
    expect(program).toMatchObject({ id: 0, name: 'main program', coroutine: '<module>', state: 'done', waits: [] });
    expect(program.slices).toHaveLength(1);
    expect(length(program.slices[0]!)).toBeGreaterThanOrEqual(199);
    expect(program.endedMs).toBe(program.slices[0]!.endMs);
  });

  it('marks a program that raised as an error', async () => {
    const result = await runCaptured(engine(), 'raise SystemExit("no config")\n', 'main.py', {}, { timeline: true });
    expect(result.timeline!.tasks[0]).toMatchObject({ state: 'error', outcome: 'SystemExit: no config' });
  });
});

describe('what a task waits on', () => {
  it('names queues, locks, events and semaphores, and the task it awaits', async () => {
    const { timeline } = await record(
      [
        'import asyncio',
        '',
        'async def main():',
        '    queue = asyncio.Queue(maxsize=1)',
        '    lock, event, semaphore = asyncio.Lock(), asyncio.Event(), asyncio.Semaphore(0)',
        '    async def getter():',
        '        return await queue.get()',
        '    async def putter():',
        '        await queue.put(1)',
        '        await queue.put(2)',
        '    async def locker():',
        '        async with lock:',
        '            pass',
        '    async def waiter():',
        '        await event.wait()',
        '    async def acquirer():',
        '        async with semaphore:',
        '            pass',
        '    async with lock:',
        '        tasks = [asyncio.create_task(f(), name=f.__name__) for f in (putter, locker, waiter, acquirer)]',
        '        await asyncio.sleep(0.01)',
        '    await asyncio.sleep(0.01)',
        '    event.set()',
        '    semaphore.release()',
        '    await asyncio.create_task(getter(), name="getter")',
        '    await asyncio.gather(*tasks)',
        '',
        'asyncio.run(main())',
      ].join('\n'),
    );
    const waitedOn = (name: string) => row(timeline, name).waits.map((wait) => wait.on);
    expect(waitedOn('putter')).toEqual(['Queue.put']);
    expect(waitedOn('locker')).toEqual(['Lock.acquire']);
    expect(waitedOn('waiter')).toEqual(['Event.wait']);
    expect(waitedOn('acquirer')).toEqual(['Semaphore.acquire']);
    // By the gather, all four tasks are done: it does not wait.
    expect(waitedOn('Task-1')).toEqual(['sleep 0.01 s', 'sleep 0.01 s', 'getter']);
  });

  it('names a consumer’s wait on an empty queue', async () => {
    const { timeline } = await record(
      'import asyncio\n\nasync def consumer(queue):\n    while (item := await queue.get()) is not None:\n        pass\n\nasync def main():\n    queue = asyncio.Queue()\n    task = asyncio.create_task(consumer(queue))\n    for item in (1, 2, None):\n        await asyncio.sleep(0.02)\n        queue.put_nowait(item)\n    await task\n\nasyncio.run(main())\n',
    );
    const consumer = row(timeline, 'Task-2');
    expect(consumer.waits.map((wait) => wait.on)).toEqual(['Queue.get', 'Queue.get', 'Queue.get']);
    for (const wait of consumer.waits) expect(length(wait)).toBeGreaterThanOrEqual(15);
  });
});

describe('the clock', () => {
  it('is the clock of the output: a line printed by a task falls within one of its slices', async () => {
    const { timeline, chunks } = await record(
      'import asyncio\n\nasync def main():\n    await asyncio.sleep(0.1)\n    print("awake")\n\nasyncio.run(main())\n',
    );
    const printed = chunks.find((chunk) => chunk.text.startsWith('awake'))!.t;
    const slice = row(timeline, 'Task-1').slices[1]!;
    expect(printed).toBeGreaterThanOrEqual(slice.startMs - 0.01);
    expect(printed).toBeLessThanOrEqual(slice.endMs + 0.01);
  });

  it('covers the whole run: its duration is the run’s', async () => {
    const result = await record('import asyncio\nasyncio.run(asyncio.sleep(0.05))\n');
    expect(result.timeline.durationMs).toBeCloseTo(result.durationMs, 1);
  });
});

describe('live updates', () => {
  it('come during the run, with the tasks still waiting drawn up to the time of the update', async () => {
    const live: Timeline[] = [];
    const result = await runCaptured(
      engine(),
      'import asyncio\n\nasync def main():\n    await asyncio.sleep(0.3)\n\nasyncio.run(main())\n',
      'main.py',
      { onTimeline: (snapshot) => live.push(structuredClone(snapshot())) },
      { timeline: true },
    );
    const during = live.filter((timeline) => timeline.durationMs < result.durationMs - 100);
    expect(during.length).toBeGreaterThanOrEqual(1);
    const early = during[0]!;
    const main = row(early, 'Task-1');
    expect(main.state).toBe('pending');
    expect(main.waits.at(-1)).toMatchObject({ on: 'sleep 0.3 s', endMs: early.durationMs });
    expect(row(result.timeline!, 'Task-1').state).toBe('done');
  });
});

describe('caps', () => {
  it('records at most 200 tasks and counts the others', async () => {
    const { timeline } = await record(
      'import asyncio\n\nasync def work():\n    await asyncio.sleep(0)\n\nasync def main():\n    await asyncio.gather(*(work() for _ in range(300)))\n\nasyncio.run(main())\n',
    );
    expect(timeline.tasks).toHaveLength(201); // the main program and 200 tasks, Task-1 (main) among them
    expect(timeline.droppedTasks).toBe(101);
    expect(timeline.tasks.at(-1)).toMatchObject({ name: 'Task-200', state: 'done' });
  });

  it('records at most 10,000 slices, counts the others, and still sees how tasks end', async () => {
    const { timeline } = await record(
      'import asyncio\n\nasync def spin():\n    for _ in range(6000):\n        await asyncio.sleep(0)\n    return "spun"\n\nasync def main():\n    await asyncio.gather(spin(), spin())\n\nasyncio.run(main())\n',
    );
    const slices = timeline.tasks.reduce((sum, task) => sum + task.slices.length, 0);
    expect(slices).toBe(10_000);
    // Every slice recorded or counted: 6,001 for each spin(), 2 for main(), and 4 for the
    // main program (before asyncio.run(), and after each of the loop's three runs in it).
    expect(slices + timeline.droppedSlices).toBe(2 * 6001 + 2 + 4);
    for (const name of ['Task-2', 'Task-3']) {
      const spin = row(timeline, name);
      expect(spin).toMatchObject({ state: 'done', outcome: "'spun'" });
      expect(spin.waits.at(-1)!.endMs).toBeLessThanOrEqual(spin.endedMs!);
    }
    expectConsistent(timeline);
  });

  it('records 200 tasks and counts the others, and shortens a name of a megabyte, so the page takes the timeline', async () => {
    const { timeline } = await record(
      'import asyncio\n\nasync def main():\n    await asyncio.create_task(asyncio.sleep(0), name="n" * 1_000_000)\n    await asyncio.gather(*(asyncio.sleep(0) for _ in range(300)))\n\nasyncio.run(main())\n',
    );
    // main(), the named task and 300 gathered: 200 recorded, beside the main program.
    expect(timeline.tasks).toHaveLength(201);
    expect(timeline.droppedTasks).toBe(102);
    expect(timeline.tasks[2]!.name).toBe(`${'n'.repeat(99)}…`);
    expectConsistent(timeline);
  });
});

describe('recording changes nothing the program shows', () => {
  it('prints the same task, handle and loop reprs, and the same traceback', async () => {
    const code = [
      'import asyncio',
      '',
      'async def main():',
      '    loop = asyncio.get_running_loop()',
      '    task = asyncio.create_task(asyncio.sleep(1), name="napper")',
      '    print(loop)',
      '    print(loop.call_soon(print, "soon"))',
      '    print(task)',
      '    await asyncio.sleep(0)',
      '    print(task)',
      '    task.cancel()',
      '    raise RuntimeError("at the end")',
      '',
      'asyncio.run(main())',
    ].join('\n');
    const plain = await runCaptured(engine(), code);
    const recorded = await runCaptured(engine(), code, 'main.py', {}, { timeline: true });
    expect(recorded.stdout).toBe(plain.stdout);
    expect(recorded.stderr).toBe(plain.stderr);
    expect(plain.stdout).toContain('<BrowserEventLoop running=True');
    expect(plain.stderr).toContain('RuntimeError: at the end');
  });

  it('gives no timeline unless the run asks for one', async () => {
    let updates = 0;
    const result = await runCaptured(engine(), 'import asyncio\nasyncio.run(asyncio.sleep(0.05))\n', 'main.py', {
      onTimeline: () => updates++,
    });
    expect(result.timeline).toBeUndefined();
    expect(updates).toBe(0);
  });
});
