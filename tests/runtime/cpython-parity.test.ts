import { describe, expect, it } from 'vitest';
import { runCaptured, useEngine } from './support.ts';

/**
 * Behaviour where the runtime once differed from CPython, each program run with the
 * timeline off and on (a timeline run uses the recorder's own loop). What CPython
 * prints was recorded with python3.13; where 3.14 changed asyncio, with 3.13 running
 * 3.14's code for it.
 */
const engine = useEngine();

/** stderr without the tracebacks: the messages, and the order they came in. */
const messages = (stderr: string): string[] =>
  stderr.split('\n').filter((line) => line !== '' && !/^(\s|Traceback |future: )/.test(line));

describe.each([
  { timeline: false, mode: 'without a timeline' },
  { timeline: true, mode: 'recording a timeline' },
])('like CPython, $mode', ({ timeline }) => {
  const run = (code: string) => runCaptured(engine(), code, 'main.py', {}, { timeline });

  it('makes its loop for asyncio.EventLoop, SelectorEventLoop, new_event_loop() and the default policy', async () => {
    const code = `import asyncio
import warnings

warnings.simplefilter("ignore", DeprecationWarning)  # the policy functions, deprecated in 3.14


async def check(label):
    await asyncio.sleep(0.01)
    loop = asyncio.get_running_loop()
    return f"{label}: {isinstance(loop, asyncio.EventLoop)} {isinstance(loop, asyncio.SelectorEventLoop)}"


class MyLoop(asyncio.EventLoop):
    pass


print(asyncio.run(check("run(loop_factory=EventLoop)"), loop_factory=asyncio.EventLoop))
with asyncio.Runner(loop_factory=asyncio.EventLoop) as runner:
    print(runner.run(check("Runner(loop_factory=EventLoop)")))
print(asyncio.run(check("a subclass of EventLoop"), loop_factory=MyLoop))
for label, make in [("EventLoop()", asyncio.EventLoop), ("SelectorEventLoop()", asyncio.SelectorEventLoop), ("new_event_loop()", asyncio.new_event_loop)]:
    loop = make()
    print(loop.run_until_complete(check(label)))
    loop.close()
asyncio.set_event_loop_policy(None)
print(asyncio.run(check("after set_event_loop_policy(None)")))
asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())
print(asyncio.run(check("with DefaultEventLoopPolicy()")))
`;
    const result = await run(code);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'run(loop_factory=EventLoop): True True',
        'Runner(loop_factory=EventLoop): True True',
        'a subclass of EventLoop: True True',
        'EventLoop(): True True',
        'SelectorEventLoop(): True True',
        'new_event_loop(): True True',
        'after set_event_loop_policy(None): True True',
        'with DefaultEventLoopPolicy(): True True',
        '',
      ].join('\n'),
    );
    // Every one of those loops recorded: a row for each check().
    if (timeline) expect(result.timeline!.tasks.filter((task) => task.coroutine === 'check')).toHaveLength(8);
  });

  it('names tasks from one counter, whoever makes them, and calls a task factory with what the program passed', async () => {
    // 3.14 passes create_task()'s keywords to the factory, and only those (3.13 and earlier
    // named its task afterwards): recorded with 3.13 running 3.14's create_task().
    const code = `import asyncio


async def nothing():
    pass


async def answer():
    return 42


def plain_factory(loop, coro):
    return asyncio.Task(coro, loop=loop)


def keyword_factory(loop, coro, **kwargs):
    return asyncio.Task(coro, loop=loop, **kwargs)


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.current_task(), asyncio.create_task(nothing()), asyncio.Task(nothing())]
    tasks.append(asyncio.ensure_future(nothing()))
    loop.set_task_factory(plain_factory)
    tasks.append(asyncio.create_task(nothing()))
    loop.set_task_factory(keyword_factory)
    tasks.append(asyncio.create_task(nothing()))
    tasks.append(asyncio.create_task(nothing(), name="chosen"))
    loop.set_task_factory(asyncio.eager_task_factory)
    tasks.append(asyncio.create_task(answer()))  # ends in create_task()
    tasks.append(asyncio.create_task(asyncio.sleep(0)))  # suspends in create_task()
    loop.set_task_factory(None)
    tasks.append(asyncio.create_task(nothing(), name="Task-99"))
    tasks.append(loop.create_task(nothing()))
    await asyncio.gather(*tasks[1:])
    print(*(task.get_name() for task in tasks))


asyncio.run(main())
asyncio.run(main())
`;
    // The second asyncio.run() counts on, past the two tasks the first one's shutdown made.
    const expected =
      'Task-1 Task-2 Task-3 Task-4 Task-5 Task-6 chosen Task-7 Task-8 Task-99 Task-9\n' +
      'Task-12 Task-13 Task-14 Task-15 Task-16 Task-17 chosen Task-18 Task-19 Task-99 Task-20\n';
    for (const _ of [1, 2]) {
      const result = await run(code);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(expected); // in every run, as in a new python3 process
    }
  });

  it('reports a failed task nobody awaited when CPython does, an eager one too', async () => {
    // An eager task ends in create_task(); 3.14's create_task() lets go of it there
    // (gh-128552), so its message comes before the next line: recorded with 3.13
    // running 3.14's create_task(), create_task() function and eager_task_factory.
    const code = `import asyncio
import sys


async def fail(n):
    raise ValueError(f"nobody asked {n}")


async def main():
    asyncio.create_task(fail(1))
    await asyncio.sleep(0.01)
    print("after the first sleep", file=sys.stderr)
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    asyncio.create_task(fail(2))
    print("after the eager task", file=sys.stderr)
    await asyncio.sleep(0.01)
    print("after the second sleep", file=sys.stderr)


asyncio.run(main())
print("end of program", file=sys.stderr)
`;
    const result = await run(code);
    expect(messages(result.stderr)).toEqual([
      'Task exception was never retrieved',
      'ValueError: nobody asked 1',
      'after the first sleep',
      'Task exception was never retrieved',
      'ValueError: nobody asked 2',
      'after the eager task',
      'after the second sleep',
      'end of program',
    ]);
  });

  it('refuses the lengths time.sleep() refuses, with the same errors', async () => {
    const code = `import time


class Seconds:
    def __index__(self):
        return 0


for seconds in [float("nan"), 10**30, -(10**30), 9_223_372_037, 1e30, float("inf"), -float("inf"), 9.3e9, -1, -0.5, "1", None]:
    try:
        time.sleep(seconds)
        print(repr(seconds), "slept")
    except (TypeError, ValueError, OverflowError) as error:
        print(repr(seconds), type(error).__name__, error)
for seconds in [0, -0.0, False, Seconds(), 0.001]:
    time.sleep(seconds)
print("slept for 0, -0.0, False, an __index__ of 0 and 0.001")
`;
    const result = await run(code);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toEqual([
      'nan ValueError Invalid value NaN (not a number)',
      '1000000000000000000000000000000 OverflowError timestamp too large to convert to C PyTime_t',
      '-1000000000000000000000000000000 OverflowError timestamp too large to convert to C PyTime_t',
      '9223372037 OverflowError timestamp too large to convert to C PyTime_t',
      '1e+30 OverflowError timestamp out of range for platform time_t',
      'inf OverflowError timestamp out of range for platform time_t',
      '-inf OverflowError timestamp out of range for platform time_t',
      '9300000000.0 OverflowError timestamp out of range for platform time_t',
      '-1 ValueError sleep length must be non-negative',
      '-0.5 ValueError sleep length must be non-negative',
      "'1' TypeError 'str' object cannot be interpreted as an integer",
      "None TypeError 'NoneType' object cannot be interpreted as an integer",
      'slept for 0, -0.0, False, an __index__ of 0 and 0.001',
      '',
    ]);
  });

  it('runs timers that fall due together in the order they were set, on a clock as coarse as a browser’s', async () => {
    // A browser's clock moves in 0.1 ms steps (Node's in nanoseconds): timers set within one
    // step share their time. CPython's clock moves on between two calls, so there they fall
    // due in the order they were set: what python3.13 prints without the line that coarsens the clock.
    const code = `import asyncio
import time


async def worker(n):
    await asyncio.sleep(0.2)
    print(f"worker {n} woke up")


async def main():
    loop = asyncio.get_running_loop()
    loop.time = lambda: round(time.monotonic(), 4)
    for n in range(8):
        loop.call_later(0.1, print, f"callback {n}")
    await asyncio.gather(*(worker(n) for n in range(8)))


asyncio.run(main())
`;
    const result = await run(code);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        ...Array.from({ length: 8 }, (_, n) => `callback ${n}`),
        ...Array.from({ length: 8 }, (_, n) => `worker ${n} woke up`),
        '',
      ].join('\n'),
    );
  });
});
