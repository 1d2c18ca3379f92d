import { describe, expect, it } from 'vitest';
import { runCaptured, useEngine } from './support.ts';

/**
 * Behaviour where the runtime once differed from CPython, each program run with the
 * timeline off and on (a timeline run uses the recorder's own loop). What CPython
 * prints was recorded with python3.13.
 */
const engine = useEngine();

describe.each([
  { timeline: false, mode: 'without a timeline' },
  { timeline: true, mode: 'recording a timeline' },
])('like CPython, $mode', ({ timeline }) => {
  const run = (code: string) => runCaptured(engine(), code, 'main.py', {}, { timeline });

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
      [...Array.from({ length: 8 }, (_, n) => `callback ${n}`), ...Array.from({ length: 8 }, (_, n) => `worker ${n} woke up`), ''].join('\n'),
    );
  });
});
