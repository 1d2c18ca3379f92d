import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../src/runtime/throttle.ts';

describe('Throttle', () => {
  let now = 0;
  let runs: number[];
  let throttle: Throttle;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1000;
    runs = [];
    throttle = new Throttle(
      () => runs.push(now),
      200,
      () => now,
    );
  });
  afterEach(() => vi.useRealTimers());

  it('runs a request after a quiet spell at once', () => {
    throttle.request();
    expect(runs).toEqual([1000]);
  });

  it('runs the requests that follow closely once, when the interval has passed', () => {
    throttle.request();
    for (let i = 0; i < 10; i++) {
      now += 10;
      throttle.request();
    }
    expect(runs).toEqual([1000]);
    // The timer was set by the second request, 10 ms in: it fires 190 ms later.
    now = 1200;
    vi.advanceTimersByTime(189);
    expect(runs).toEqual([1000]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([1000, 1200]);
    vi.advanceTimersByTime(1000);
    expect(runs).toHaveLength(2);
  });

  it('runs a pending request on flush, and forgets it on cancel', () => {
    throttle.request();
    now += 10;
    throttle.request();
    throttle.flush();
    expect(runs).toEqual([1000, 1010]);
    throttle.flush();
    expect(runs).toHaveLength(2);
    now += 10;
    throttle.request();
    throttle.cancel();
    vi.advanceTimersByTime(1000);
    expect(runs).toHaveLength(2);
  });

  describe.each([
    { block: 'for as long as it takes', ms: null, runs: [1050] },
    { block: 'longer than the interval', ms: 500, runs: [1050] },
    { block: 'shorter than the interval', ms: 20, runs: [] },
  ])('before the thread blocks $block, with no timer to fire meanwhile', ({ ms, runs: expected }) => {
    it('runs a pending request now if it would otherwise wait past the block', () => {
      throttle.request();
      now += 50;
      throttle.request();
      runs = [];
      throttle.beforeBlock(ms);
      expect(runs).toEqual(expected);
    });
  });

  it('runs a pending request before a short block once the interval has passed', () => {
    throttle.request();
    now += 50;
    throttle.request();
    now += 200;
    runs = [];
    throttle.beforeBlock(20);
    expect(runs).toEqual([1250]);
  });

  it('does nothing before a block when nothing is pending', () => {
    throttle.request();
    runs = [];
    throttle.beforeBlock(null);
    expect(runs).toEqual([]);
  });
});
