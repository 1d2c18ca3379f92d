import { describe, expect, it } from 'vitest';
import { TimelineBuilder } from '../../src/runtime/timeline.ts';

/** The run starts at performance.now() = 1000 ms; `at(ms)` is that time as the recorder sends it. */
const RUN_STARTED = 1000;
const at = (ms: number): number => (RUN_STARTED + ms) * 1e6;

function update(events: unknown[][], droppedTasks = 0, droppedSlices = 0): string {
  return JSON.stringify({ droppedTasks, droppedSlices, events });
}

describe('TimelineBuilder', () => {
  it('builds rows from the recorder’s events, in milliseconds since the run started', () => {
    const builder = new TimelineBuilder(RUN_STARTED);
    builder.apply(
      update([
        [0, 0, 'main program', '<module>', null, at(1)],
        [0, 1, 'Task-1', 'main', 0, at(2)],
        [1, 0, at(1), at(3), 'event loop'],
        [1, 1, at(3.5), at(4.25), 'sleep 0.1 s'],
        [1, 1, at(104.5), at(105), null],
        [3, 1, at(105), 'done', "'ok'"],
        [1, 0, at(106), at(107), null],
        [3, 0, at(107), 'done', null],
      ]),
    );
    const timeline = builder.snapshot(110);
    expect(timeline).toEqual({
      durationMs: 110,
      droppedTasks: 0,
      droppedSlices: 0,
      tasks: [
        {
          id: 0,
          name: 'main program',
          coroutine: '<module>',
          parentId: null,
          createdMs: 1,
          endedMs: 107,
          state: 'done',
          slices: [
            { startMs: 1, endMs: 3 },
            { startMs: 106, endMs: 107 },
          ],
          waits: [{ startMs: 3, endMs: 106, on: 'event loop' }],
        },
        {
          id: 1,
          name: 'Task-1',
          coroutine: 'main',
          parentId: 0,
          createdMs: 2,
          endedMs: 105,
          state: 'done',
          outcome: "'ok'",
          slices: [
            { startMs: 3.5, endMs: 4.25 },
            { startMs: 104.5, endMs: 105 },
          ],
          waits: [{ startMs: 4.25, endMs: 104.5, on: 'sleep 0.1 s' }],
        },
      ],
    });
  });

  it('draws what is still going on up to the snapshot, and closes it when later events come', () => {
    const builder = new TimelineBuilder(RUN_STARTED);
    builder.apply(
      update([
        [0, 0, 'main program', '<module>', null, at(0)],
        [0, 1, 'Task-1', 'main', 0, at(1)],
        [1, 1, at(1), at(2), 'Queue.get'],
        [4, 0, at(0)],
      ]),
    );
    let timeline = builder.snapshot(50);
    expect(timeline.tasks[0]!.slices).toEqual([{ startMs: 0, endMs: 50 }]);
    expect(timeline.tasks[1]!.waits).toEqual([{ startMs: 2, endMs: 50, on: 'Queue.get' }]);
    expect(timeline.tasks[1]!.state).toBe('pending');
    // The same slice, still running at the next update: one slice, not two.
    builder.apply(update([[4, 0, at(0)]]));
    timeline = builder.snapshot(80);
    expect(timeline.tasks[0]!.slices).toEqual([{ startMs: 0, endMs: 80 }]);
    builder.apply(
      update([
        [1, 0, at(0), at(90), null],
        [1, 1, at(95), at(96), null],
        [3, 1, at(96), 'cancelled', null],
      ]),
    );
    timeline = builder.snapshot(120);
    expect(timeline.tasks[0]!.slices).toEqual([{ startMs: 0, endMs: 90 }]);
    expect(timeline.tasks[1]!.waits).toEqual([{ startMs: 2, endMs: 95, on: 'Queue.get' }]);
    expect(timeline.tasks[1]).toMatchObject({ state: 'cancelled', endedMs: 96 });
    expect(timeline.tasks[1]!.outcome).toBeUndefined();
  });

  it('opens a wait without a slice before it, as an eager task’s', () => {
    const builder = new TimelineBuilder(RUN_STARTED);
    builder.apply(
      update([
        [0, 2, 'Task-2', 'slow', 1, at(5)],
        [2, 2, at(5), 'sleep 0.01 s'],
        [1, 2, at(15), at(16), null],
        [3, 2, at(16), 'done', "'slow'"],
      ]),
    );
    const task = builder.snapshot(20).tasks[0]!;
    expect(task.waits).toEqual([{ startMs: 5, endMs: 15, on: 'sleep 0.01 s' }]);
    expect(task.slices).toEqual([{ startMs: 15, endMs: 16 }]);
  });

  it('ends a wait where a slice past the cap began, and keeps the counts of what was dropped', () => {
    const builder = new TimelineBuilder(RUN_STARTED);
    builder.apply(
      update(
        [
          [0, 1, 'Task-1', 'spin', null, at(0)],
          [1, 1, at(0), at(1), 'sleep 0 s'],
          [5, 1, at(3)],
          [3, 1, at(9), 'error', 'ValueError: x'],
        ],
        12,
        345,
      ),
    );
    const timeline = builder.snapshot(10);
    expect(timeline.tasks[0]!.waits).toEqual([{ startMs: 1, endMs: 3, on: 'sleep 0 s' }]);
    expect(timeline.tasks[0]).toMatchObject({ state: 'error', outcome: 'ValueError: x', endedMs: 9 });
    expect(timeline).toMatchObject({ droppedTasks: 12, droppedSlices: 345 });
  });
});
