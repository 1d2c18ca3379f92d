import { describe, expect, it } from 'vitest';
import { RunLock } from '../../src/runtime/run-lock.ts';

describe('RunLock', () => {
  it('lets one holder in at a time, in the order they asked', async () => {
    const lock = new RunLock();
    const events: string[] = [];
    const hold = async (name: string, turns: number) => {
      const release = await lock.acquire();
      events.push(`${name} in`);
      for (let turn = 0; turn < turns; turn++) await Promise.resolve();
      events.push(`${name} out`);
      release();
    };
    await Promise.all([hold('a', 5), hold('b', 0), hold('c', 2)]);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('keeps the next holder waiting until the current one lets go, however long that is', async () => {
    const lock = new RunLock();
    const release = await lock.acquire();
    let second = false;
    const next = lock.acquire().then((releaseNext) => {
      second = true;
      return releaseNext;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(second).toBe(false);
    release();
    (await next)();
    expect(second).toBe(true);
  });

  it('is not harmed by a release called twice', async () => {
    const lock = new RunLock();
    const first = await lock.acquire();
    first();
    first();
    const order: number[] = [];
    const second = lock.acquire().then((release) => (order.push(2), release));
    const third = lock.acquire().then((release) => (order.push(3), release));
    (await second)();
    (await third)();
    expect(order).toEqual([2, 3]);
  });
});
