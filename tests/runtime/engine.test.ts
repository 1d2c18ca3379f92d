import { describe, expect, it } from 'vitest';
import { runCaptured, startCaptured, useEngine } from './support.ts';

const engine = useEngine();

describe('output', () => {
  it('streams each line when it is printed, with its time since the start', async () => {
    const result = await runCaptured(
      engine(),
      'import asyncio\nasync def main():\n    print("before")\n    await asyncio.sleep(0.3)\n    print("after")\nasyncio.run(main())\n',
    );
    const before = result.chunks.find((chunk) => chunk.text.startsWith('before'))!;
    const after = result.chunks.find((chunk) => chunk.text.startsWith('after'))!;
    // Each line arrives when it is printed: the first before the sleep, the second after it.
    expect(after.t - before.t).toBeGreaterThanOrEqual(280);
  });

  it('delivers a partial line before the program waits', async () => {
    const result = await runCaptured(
      engine(),
      'import asyncio\nprint("loading", end="")\nasyncio.run(asyncio.sleep(0.2))\nprint(" done")\n',
    );
    const partial = result.chunks.find((chunk) => chunk.text === 'loading')!;
    const rest = result.chunks.find((chunk) => chunk.text.startsWith(' done'))!;
    expect(rest.t - partial.t).toBeGreaterThanOrEqual(180);
    expect(result.stdout).toBe('loading done\n');
  });

  it('keeps stdout and stderr in the order they were written', async () => {
    const result = await runCaptured(
      engine(),
      'import sys\nprint("o1")\nprint("e1", file=sys.stderr)\nprint("o2")\nsys.stderr.write("e2\\n")\n',
    );
    expect(result.chunks.map((chunk) => `${chunk.stream}:${chunk.text}`)).toEqual([
      'stdout:o1\n',
      'stderr:e1\n',
      'stdout:o2\n',
      'stderr:e2\n',
    ]);
  });

  it('survives a flood of 200,000 lines: shows the first megabyte and the last lines, and counts those between', async () => {
    const result = await runCaptured(engine(), 'for i in range(200000):\n    print(i)\n');
    const mark = result.chunks.findIndex((chunk) => chunk.heldBack !== undefined);
    expect(mark).toBeGreaterThan(0);
    const before = result.chunks.slice(0, mark).map((chunk) => chunk.text).join('').trimEnd().split('\n');
    const after = result.chunks.slice(mark + 1).map((chunk) => chunk.text).join('').trimEnd().split('\n');
    expect(before[0]).toBe('0');
    expect(after.at(-1)).toBe('199999');
    // Nothing lost unsaid: each number is shown, or counted in the mark.
    const between = Array.from({ length: Number(after[0]) - before.length }, (_, index) => `${before.length + index}\n`).join('');
    expect(result.chunks[mark]!.heldBack).toBe(between.length);
    expect(result.heldBack).toEqual({ bytes: between.length, cutLines: 0 });
    expect(result.status).toBe('ok');
  });

  it('cuts a 100 MB line to the line limit, quickly, and the program runs on', async () => {
    const result = await runCaptured(engine(), 'print("y" * 100_000_000)\nprint("next")\n');
    expect(result.stdout === `${'y'.repeat(64 * 1024)}…\nnext\n`).toBe(true);
    expect(result.heldBack).toEqual({ bytes: 100_000_000 - 64 * 1024, cutLines: 1 });
  });
});

describe('errors', () => {
  it('shows a traceback for the snippet file without the runtime’s own frames', async () => {
    const result = await runCaptured(engine(), 'def f():\n    1 / 0\n\nf()\n', 'countasync.py');
    expect(result.status).toBe('error');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      [
        'Traceback (most recent call last):',
        '  File "countasync.py", line 4, in <module>',
        '    f()',
        '    ~^^',
        '  File "countasync.py", line 2, in f',
        '    1 / 0',
        '    ~~^~~',
        'ZeroDivisionError: division by zero',
        '',
      ].join('\n'),
    );
    expect(result.stderr).not.toMatch(/walkthrough_|_pyodide|<exec>/);
  });

  it('shows a SyntaxError with its line and caret, and runs nothing', async () => {
    const result = await runCaptured(engine(), 'print("no")\nif True\n    pass\n', 'broken.py');
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('  File "broken.py", line 2\n    if True\n           ^\nSyntaxError: expected \':\'\n');
    expect(result.status).toBe('error');
  });

  it('keeps chained exceptions and exception groups, minus runtime frames', async () => {
    const result = await runCaptured(
      engine(),
      'try:\n    {}["k"]\nexcept KeyError as e:\n    raise ValueError("bad") from e\n',
    );
    expect(result.stderr).toContain('KeyError: \'k\'');
    expect(result.stderr).toContain('The above exception was the direct cause of the following exception:');
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('ValueError: bad');
    expect(result.stderr).not.toMatch(/walkthrough_|_pyodide/);
  });
});

describe('every run starts fresh', () => {
  it('forgets the names of the previous run', async () => {
    await runCaptured(engine(), 'leftover = 42\n');
    const result = await runCaptured(engine(), 'print(leftover)\n');
    expect(result.stderr).toContain("NameError: name 'leftover' is not defined");
  });

  it('gives each run its own __main__, __file__ and argv', async () => {
    const result = await runCaptured(engine(), 'import sys\nprint(__name__, __file__, sys.argv)\n', 'hello.py');
    expect(result.stdout).toBe("__main__ hello.py ['hello.py']\n");
  });

  it('forgets modules that a run created', async () => {
    await runCaptured(engine(), 'import sys, types\nsys.modules["scratch"] = types.ModuleType("scratch")\n');
    const result = await runCaptured(engine(), 'import scratch\n');
    expect(result.stderr).toContain("ModuleNotFoundError: No module named 'scratch'");
  });

  it('puts back the event loop policy and the loop classes a program replaced', async () => {
    await runCaptured(
      engine(),
      [
        'import asyncio, warnings',
        'warnings.simplefilter("ignore", DeprecationWarning)',
        'class Broken(asyncio.DefaultEventLoopPolicy):',
        '    def new_event_loop(self):',
        '        raise RuntimeError("no loop from this policy")',
        'asyncio.set_event_loop_policy(Broken())',
        'asyncio.EventLoop = asyncio.SelectorEventLoop = None',
      ].join('\n'),
    );
    const result = await runCaptured(
      engine(),
      'import asyncio\nasync def main():\n    return "fresh"\nprint(asyncio.run(main()), asyncio.run(main(), loop_factory=asyncio.EventLoop))\n',
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('fresh fresh\n');
  });

  it.each([
    ['builtins.print', 'import builtins\nbuiltins.print = lambda *args, **kwargs: None\n'],
    ['asyncio.sleep', 'import asyncio\nasyncio.sleep = None\n'],
    ['a method of a stdlib class', 'import asyncio\nasyncio.Queue.put = None\nasyncio.Queue.extra = 1\n'],
    ['sys.stdout', 'import io, sys\nsys.stdout = io.StringIO()\n'],
    ['the runtime’s own runner', 'import walkthrough_runner\nwalkthrough_runner.run = lambda *args: 0\n'],
    ['a module taken out of sys.modules', 'import sys\ndel sys.modules["asyncio"]\nsys.modules["json"] = None\n'],
  ])('puts back %s, which a run rebound, before the next run', async (_, patch) => {
    expect((await runCaptured(engine(), patch)).status).toBe('ok');
    const after = await runCaptured(
      engine(),
      'import asyncio, json\nasync def main():\n    queue = asyncio.Queue()\n    await queue.put(json.dumps([1]))\n    await asyncio.sleep(0)\n    print(await queue.get(), hasattr(asyncio.Queue, "extra"))\nasyncio.run(main())\n',
    );
    expect(after.stdout).toBe('[1] False\n');
    expect(after.stderr).toBe('');
  });

  it('leaves no event loop behind', async () => {
    await runCaptured(engine(), 'import asyncio\nasyncio.set_event_loop(asyncio.new_event_loop())\n');
    const result = await runCaptured(engine(), 'import asyncio\nprint(asyncio.run(asyncio.sleep(0, "fresh")))\n');
    expect(result.stdout).toBe('fresh\n');
  });
});

describe('what a browser cannot do', () => {
  it.each([
    ['asyncio.to_thread', 'import asyncio, time\nasyncio.run(asyncio.to_thread(time.sleep, 1))\n'],
    ['run_in_executor', 'import asyncio\nasync def m():\n    await asyncio.get_running_loop().run_in_executor(None, print)\nasyncio.run(m())\n'],
    ['threading', 'import threading\nthreading.Thread(target=print).start()\n'],
    ['subprocess', 'import subprocess\nsubprocess.run(["ls"])\n'],
    ['asyncio subprocess', 'import asyncio\nasyncio.run(asyncio.create_subprocess_exec("ls"))\n'],
    ['sockets', 'import asyncio\nasyncio.run(asyncio.open_connection("example.com", 80))\n'],
  ])('explains %s and says to run it locally', async (_, code) => {
    const result = await runCaptured(engine(), code);
    expect(result.status).toBe('error');
    expect(result.stderr).toMatch(/is not available here: .+\. Run this example locally with python3/);
  });
});

describe('input()', () => {
  it('reads a line from the page', async () => {
    const result = await runCaptured(engine(), 'name = input("Name? ")\nprint(f"hi {name}")\n', 'main.py', {
      readLine: async (prompt) => (prompt === 'Name? ' ? 'Ada' : 'wrong prompt'),
    });
    expect(result.stdout).toBe('Name? Ada\nhi Ada\n');
  });

  it('raises EOFError when there is no input, as python3 does with no stdin', async () => {
    const result = await runCaptured(engine(), 'input()\n');
    expect(result.stderr).toContain('EOFError: EOF when reading a line');
  });
});

describe('stop', () => {
  it('ends an awaiting program at once, running its finally blocks, and the next run works', async () => {
    const code =
      'import asyncio\nasync def main():\n    try:\n        print("waiting")\n        await asyncio.sleep(60)\n    finally:\n        print("cleaned up")\nasyncio.run(main())\n';
    const running = startCaptured(engine(), code);
    await running.printed;
    engine().requestStop();
    const result = await running.result;
    expect(result.status).toBe('stopped');
    expect(result.stdout).toBe('waiting\ncleaned up\n');
    expect((await runCaptured(engine(), 'print("again")\n')).stdout).toBe('again\n');
  });

  it('ends a program blocked in time.sleep', async () => {
    const running = startCaptured(engine(), 'import time\nprint("sleeping")\ntime.sleep(60)\n');
    await running.printed;
    engine().requestStop();
    const result = await running.result;
    expect(result.status).toBe('stopped');
    expect(result.durationMs).toBeLessThan(60_000);
  });

  it('keeps a program in a time.sleep() longer than a JavaScript timer can wait (2**31 ms) until stopped', async () => {
    const running = startCaptured(engine(), 'import time\nprint("sleeping")\ntime.sleep(10**9)\nprint("woke")\n');
    await running.printed;
    const ended = await Promise.race([
      running.result.then(() => true),
      new Promise((resolve) => setTimeout(resolve, 300, false)),
    ]);
    expect(ended).toBe(false);
    engine().requestStop();
    const result = await running.result;
    expect(result.status).toBe('stopped');
    expect(result.stdout).toBe('sleeping\n');
  });

  it('reaches a busy loop that keeps yielding with sleep(0)', async () => {
    const running = startCaptured(
      engine(),
      'import asyncio\nasync def spin():\n    print("spinning")\n    while True:\n        await asyncio.sleep(0)\nasyncio.run(spin())\n',
    );
    await running.printed;
    engine().requestStop();
    const result = await running.result;
    expect(result.status).toBe('stopped');
    expect(result.durationMs).toBeLessThan(60_000);
  });
});

describe('like CPython at the edges', () => {
  it('counts no CPU time while a program sleeps or waits', async () => {
    const result = await runCaptured(
      engine(),
      'import asyncio, time\nstart = time.process_time()\ntime.sleep(0.2)\nasyncio.run(asyncio.sleep(0.2))\nprint(round(time.process_time() - start, 1))\n',
    );
    expect(result.stdout).toBe('0.0\n');
  });

  it('warns at exit about a coroutine that was never awaited, as CPython does at shutdown', async () => {
    const result = await runCaptured(engine(), 'async def f():\n    pass\n\nkept = f()\nprint("done")\n');
    expect(result.stdout).toBe('done\n');
    expect(result.stderr).toBe("<sys>:0: RuntimeWarning: coroutine 'f' was never awaited\n");
  });
});

describe('task names', () => {
  it('count from Task-1 in every run, as in a new python3 process', async () => {
    const code = 'import asyncio\nasync def main():\n    print(asyncio.current_task().get_name(), asyncio.create_task(asyncio.sleep(0)).get_name())\nasyncio.run(main())\n';
    expect((await runCaptured(engine(), code)).stdout).toBe('Task-1 Task-2\n');
    expect((await runCaptured(engine(), code)).stdout).toBe('Task-1 Task-2\n');
  });
});

describe('JavaScript promises', () => {
  it('can be awaited by a program running on the asyncio loop', async () => {
    const result = await runCaptured(
      engine(),
      [
        'import asyncio, js',
        'from pyodide.ffi import create_once_callable',
        'async def main():',
        '    value = await js.Promise.resolve(41)',
        '    later = js.Promise.new(create_once_callable(lambda resolve, reject: js.setTimeout(create_once_callable(lambda: resolve("later")), 50)))',
        '    print(value + 1, await later)',
        'asyncio.run(main())',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('42 later\n');
  });
});

describe('top-level await', () => {
  it('runs, as the asyncio REPL allows', async () => {
    const result = await runCaptured(engine(), 'import asyncio\nprint(await asyncio.sleep(0.01, "top"))\n');
    expect(result.stdout).toBe('top\n');
  });
});
