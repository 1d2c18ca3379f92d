import { describe, expect, it } from 'vitest';
import { OUTPUT_LIMITS } from '../../src/runtime/output-limits.ts';
import type { Timeline, TimelineTask } from '../../src/runtime/protocol.ts';
import { checkFromWorker, MessageRate, TIMELINE_CAPS } from '../../src/runtime/worker-messages.ts';

function task(id: number, slices = 1): TimelineTask {
  return {
    id,
    name: id === 0 ? 'main program' : `Task-${id}`,
    coroutine: id === 0 ? '<module>' : 'main',
    parentId: id === 0 ? null : 0,
    createdMs: 0,
    endedMs: 5,
    state: 'done',
    slices: Array.from({ length: slices }, (_, index) => ({ startMs: index, endMs: index + 0.5 })),
    waits: Array.from({ length: Math.max(0, slices - 1) }, (_, index) => ({
      startMs: index + 0.5,
      endMs: index + 1,
      on: 'sleep 0.001 s',
    })),
  };
}

function timeline(tasks: TimelineTask[]): Timeline {
  return { durationMs: 10, tasks, droppedTasks: 0, droppedSlices: 0 };
}

const done = { type: 'done', id: 1, status: 'ok', exitCode: 0, durationMs: 3 };

describe('checkFromWorker accepts what the worker sends', () => {
  it.each([
    ['ready', { type: 'ready', version: '0.29.0', path: 'jspi', loadMs: 1200 }],
    ['a load error', { type: 'load-error', message: 'The Python runtime could not start (x). Run again to retry.' }],
    [
      'output',
      {
        type: 'output',
        id: 1,
        chunks: [
          { stream: 'stdout', text: 'hello\n', t: 1.5 },
          { stream: 'stderr', text: 'x', t: 2 },
        ],
      },
    ],
    ['an input request', { type: 'input-request', id: 2, prompt: 'Name? ' }],
    ['a live timeline', { type: 'timeline', id: 1, timeline: timeline([task(0), task(1, 3)]) }],
    ['done', done],
    [
      'done with a timeline and held-back output',
      { ...done, timeline: timeline([task(0)]), heldBack: { bytes: 10, cutLines: 1 } },
    ],
    [
      'a run’s worth of output in one message',
      { type: 'output', id: 1, chunks: [{ stream: 'stdout', text: 'x'.repeat(OUTPUT_LIMITS.runBytes), t: 0 }] },
    ],
    [
      'a timeline at the recorder’s caps',
      {
        type: 'timeline',
        id: 1,
        timeline: timeline([
          task(0, 0),
          ...Array.from({ length: TIMELINE_CAPS.tasks }, (_, index) =>
            task(index + 1, TIMELINE_CAPS.slices / TIMELINE_CAPS.tasks),
          ),
        ]),
      },
    ],
  ])('%s', (_, message) => {
    expect(checkFromWorker(message)).toEqual({ ok: true, message });
  });
});

describe('checkFromWorker refuses, saying why', () => {
  it.each([
    ['nothing', null, /not an object/],
    ['a string', 'done', /not an object/],
    ['an unknown type', { type: 'sandbox-ready' }, /unknown type "sandbox-ready"/],
    ['a message the page sends', { type: 'run', id: 1 }, /unknown type "run"/],
    ['done with an unknown status', { ...done, status: 'timeout' }, /unknown status/],
    ['done without a run id', { ...done, id: -1 }, /run id/],
    ['ready on an unknown path', { type: 'ready', version: '1', path: 'teleport', loadMs: 1 }, /unknown path/],
    [
      'output on an unknown stream',
      { type: 'output', id: 1, chunks: [{ stream: 'stdin', text: 'x', t: 0 }] },
      /unknown stream/,
    ],
    [
      'output with a time that is not one',
      { type: 'output', id: 1, chunks: [{ stream: 'stdout', text: 'x', t: Number.NaN }] },
      /without a time/,
    ],
    [
      'more output in one message than a run may show',
      { type: 'output', id: 1, chunks: [{ stream: 'stdout', text: 'y'.repeat(3 * OUTPUT_LIMITS.runBytes), t: 0 }] },
      /more output/,
    ],
    [
      'a prompt longer than a line',
      { type: 'input-request', id: 1, prompt: 'p'.repeat(OUTPUT_LIMITS.lineBytes + 2) },
      /prompt/,
    ],
    [
      'a timeline of 20,000 tasks',
      { type: 'timeline', id: 1, timeline: timeline(Array.from({ length: 20_000 }, (_, index) => task(index))) },
      /more rows/,
    ],
    [
      'a timeline of too many slices',
      { type: 'timeline', id: 1, timeline: timeline([task(0), task(1, 20_000)]) },
      /more slices/,
    ],
    [
      'a span that ends before it starts',
      { type: 'timeline', id: 1, timeline: timeline([{ ...task(0), slices: [{ startMs: 5, endMs: 1 }] }]) },
      /ends before/,
    ],
    [
      'a task name of a megabyte',
      { type: 'timeline', id: 1, timeline: timeline([{ ...task(1), name: 'n'.repeat(1 << 20) }]) },
      /without a name/,
    ],
    ['a bad held-back count', { ...done, heldBack: { bytes: -1, cutLines: 0 } }, /held-back/],
  ])('%s', (_, message, reason) => {
    const checked = checkFromWorker(message);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });
});

describe('MessageRate', () => {
  it('admits up to its rate in any one second, then refuses, and forgets what is a second old', () => {
    let now = 0;
    const rate = new MessageRate(3, () => now);
    expect([rate.admit(), rate.admit(), rate.admit()]).toEqual([true, true, true]);
    now = 999;
    expect(rate.admit()).toBe(false);
    now = 1000;
    // The three at 0 ms are a second old now; the refused one at 999 ms still counts.
    expect(rate.admit()).toBe(true);
    expect(rate.admit()).toBe(true);
    expect(rate.admit()).toBe(false);
  });
});
