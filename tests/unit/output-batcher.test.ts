import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher } from '../../src/runtime/output-batcher.ts';
import type { OutputChunk } from '../../src/runtime/protocol.ts';

describe('OutputBatcher', () => {
  let now = 0;
  let sent: OutputChunk[][];
  let batcher: OutputBatcher;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1000;
    sent = [];
    batcher = new OutputBatcher((chunks) => sent.push(chunks), 16, () => now);
  });
  afterEach(() => vi.useRealTimers());

  it('sends the first write after a quiet spell at once', () => {
    batcher.push({ stream: 'stdout', text: 'hello\n', t: 0 });
    expect(sent).toEqual([[{ stream: 'stdout', text: 'hello\n', t: 0 }]]);
  });

  it('holds writes that follow closely until the interval has passed', () => {
    batcher.push({ stream: 'stdout', text: 'a\n', t: 0 });
    now += 5;
    batcher.push({ stream: 'stdout', text: 'b\n', t: 5 });
    batcher.push({ stream: 'stderr', text: 'c\n', t: 6 });
    expect(sent).toHaveLength(1);
    now += 11;
    vi.advanceTimersByTime(11);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual([
      { stream: 'stdout', text: 'b\n', t: 5 },
      { stream: 'stderr', text: 'c\n', t: 6 },
    ]);
  });

  it('merges writes to one stream within one millisecond, keeping order and time', () => {
    batcher.push({ stream: 'stdout', text: 'x', t: 0 });
    now += 1;
    batcher.push({ stream: 'stdout', text: '1\n', t: 3.2 });
    batcher.push({ stream: 'stdout', text: '2\n', t: 3.7 });
    batcher.flush();
    expect(sent.at(-1)).toEqual([{ stream: 'stdout', text: '1\n2\n', t: 3.2 }]);
  });

  it('turns 10,000 writes in 100 ms into a handful of messages, losing nothing', () => {
    for (let i = 0; i < 10_000; i++) {
      now = 1000 + i / 100;
      batcher.push({ stream: 'stdout', text: `${i}\n`, t: i / 100 });
      vi.advanceTimersByTime(0);
    }
    batcher.flush();
    expect(sent.length).toBeLessThan(20);
    const text = sent.flat().map((chunk) => chunk.text).join('');
    expect(text.split('\n').filter(Boolean)).toHaveLength(10_000);
  });
});
