import { describe, expect, it } from 'vitest';
import type { Timeline, TimelineTask } from '../../src/runtime/protocol';
import {
  drawnRows,
  drawnSpans,
  MAX_MARKS_PER_DRAW,
  NARROW_WIDTH,
  describeTask,
  fitText,
  formatDuration,
  formatMs,
  layoutTimeline,
  markNear,
  tickStep,
} from '../../src/components/snippet/timeline/timeline-layout';

const task = (overrides: Partial<TimelineTask>): TimelineTask => ({
  id: 1,
  name: 'Task-2',
  coroutine: 'fetch',
  parentId: null,
  createdMs: 10,
  endedMs: 520,
  state: 'done',
  slices: [
    { startMs: 10, endMs: 12 },
    { startMs: 512, endMs: 520 },
  ],
  waits: [{ startMs: 12, endMs: 512, on: 'sleep 0.5 s' }],
  ...overrides,
});

const timeline = (tasks: TimelineTask[], durationMs = 1000): Timeline => ({
  durationMs,
  tasks,
  droppedTasks: 0,
  droppedSlices: 0,
});

describe('describeTask', () => {
  it('adds up running time from the slices and names what the task waited on', () => {
    const facts = describeTask(task({ outcome: "'a done'" }), 1000);
    expect(facts.runMs).toBe(10);
    expect(facts.label).toBe('Task-2 · fetch');
    expect(facts.waitedOn).toBe('sleep 0.5 s');
    expect(facts.summary).toBe(
      "Task-2 · fetch: from 10 ms to 520 ms, running 10 ms in 2 slices, waited on sleep 0.5 s; done → 'a done'.",
    );
  });

  it('counts repeated waits, most frequent first, and says how a task ended', () => {
    const waits = [
      { startMs: 0, endMs: 1, on: 'Queue.get' },
      { startMs: 1, endMs: 2, on: 'sleep 0.1 s' },
      { startMs: 2, endMs: 3, on: 'Queue.get' },
    ];
    expect(describeTask(task({ waits }), 1000).waitedOn).toBe('Queue.get ×2, sleep 0.1 s');
    expect(describeTask(task({ state: 'error', outcome: 'ValueError: x' }), 1000).summary).toMatch(
      /raised ValueError: x\.$/,
    );
    expect(describeTask(task({ state: 'cancelled' }), 1000).summary).toMatch(/cancelled\.$/);
  });

  it('labels the main program by its name alone', () => {
    expect(describeTask(task({ id: 0, name: 'main program', coroutine: '<module>' }), 1000).label).toBe('main program');
  });

  it('draws a task that has not ended up to the end of the run, and does not repeat a name as its coroutine', () => {
    const facts = describeTask(task({ endedMs: null, state: 'pending', name: 'main', coroutine: 'main' }), 800);
    expect(facts.endMs).toBe(800);
    expect(facts.label).toBe('main');
    expect(facts.summary).toMatch(/still pending\.$/);
  });
});

describe('layoutTimeline', () => {
  it('maps the run onto the plot and puts labels beside the bars on a wide screen', () => {
    const layout = layoutTimeline(timeline([task({}), task({ id: 2, name: 'Task-3' })]), 800);
    expect(layout.narrow).toBe(false);
    expect(layout.x(0)).toBe(layout.plotLeft);
    expect(layout.x(1000)).toBeCloseTo(layout.plotLeft + layout.plotWidth);
    expect(layout.x(5000)).toBeCloseTo(layout.plotLeft + layout.plotWidth);
    expect(layout.labelWidth).toBeGreaterThan(0);
    expect(layout.barTop(1) - layout.barTop(0)).toBe(layout.rowHeight);
    expect(layout.height).toBe(layout.axisHeight + 2 * layout.rowHeight + 8);
  });

  it('puts labels above the bars on a phone', () => {
    const layout = layoutTimeline(timeline([task({})]), NARROW_WIDTH - 1);
    expect(layout.narrow).toBe(true);
    expect(layout.labelWidth).toBe(0);
    expect(layout.labelBaseline(0)).toBeLessThan(layout.barTop(0));
    // Zero sits at the left edge, so its label starts there instead of being cut in half.
    expect(layout.ticks[0]!.anchor).toBe('start');
  });

  it('labels the axis in round milliseconds, from zero to the end of the run', () => {
    const layout = layoutTimeline(timeline([task({})], 1000), 800);
    expect(layout.ticks[0]).toMatchObject({ ms: 0, label: '0 ms', anchor: 'middle' });
    expect(layout.ticks.at(-1)!.ms).toBeLessThanOrEqual(1000);
    const steps = layout.ticks.slice(1).map((tick, index) => tick.ms - layout.ticks[index]!.ms);
    expect(new Set(steps).size).toBe(1);
  });
});

describe('helpers', () => {
  it('picks 1, 2 or 5 times a power of ten as the tick step', () => {
    expect(tickStep(1000, 5)).toBe(200);
    expect(tickStep(1000, 10)).toBe(100);
    expect(tickStep(3, 4)).toBe(1);
    expect(tickStep(70_000, 6)).toBe(20_000);
  });

  it('formats times the way the tooltips and table show them', () => {
    expect(formatMs(0.4)).toBe('0 ms');
    expect(formatMs(512.4)).toBe('512 ms');
    expect(formatMs(1520)).toBe('1.52 s');
    expect(formatMs(61_000)).toBe('61.0 s');
    expect(formatDuration(0.2)).toBe('<1 ms');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(3.4)).toBe('3 ms');
  });

  it('shortens a label to the room it has', () => {
    expect(fitText('sleep 0.5 s', 200)).toBe('sleep 0.5 s');
    expect(fitText('Crawler.fetch_page', 42, 7)).toBe('Crawl…');
    expect(fitText('anything', 7, 7)).toBe('');
  });
});

describe('drawnSpans', () => {
  const x = (ms: number) => ms / 10; // 10 ms a pixel
  it('keeps spans apart that are apart on screen', () => {
    expect(
      drawnSpans(
        [
          { startMs: 0, endMs: 20 },
          { startMs: 50, endMs: 80 },
        ],
        x,
        1,
      ),
    ).toEqual([
      { x: 0, width: 2, first: 0, count: 1, startMs: 0, endMs: 20 },
      { x: 5, width: 3, first: 1, count: 1, startMs: 50, endMs: 80 },
    ]);
  });

  it('merges the spans that fall on the same pixels, and says how many each mark stands for', () => {
    // 10,000 slices of 0.05 ms, one every 0.1 ms: a second on 100 pixels.
    const slices = Array.from({ length: 10_000 }, (_, index) => ({ startMs: index / 10, endMs: index / 10 + 0.05 }));
    const drawn = drawnSpans(slices, x, 1.5);
    expect(drawn).toHaveLength(1);
    expect(drawn[0]).toMatchObject({ first: 0, count: 10_000, startMs: 0 });
    expect(drawn[0]!.endMs).toBeCloseTo(999.95);
    expect(drawnSpans(slices, (ms) => ms * 100, 1.5).length).toBe(10_000);
  });

  it('gives a span shorter than a pixel its least width', () => {
    expect(drawnSpans([{ startMs: 0, endMs: 0.001 }], x, 1.5)[0]!.width).toBe(1.5);
  });
});

describe('drawnRows', () => {
  it('keeps a dense chart within its marks, merging nearby spans only in the rows over their share', () => {
    const layout = { x: (ms: number) => ms, plotWidth: 10_000 };
    const dense = Array.from({ length: 5_000 }, (_, index) => ({ startMs: index * 2, endMs: index * 2 + 1 }));
    const sparse = [
      { startMs: 0, endMs: 5 },
      { startMs: 100, endMs: 105 },
    ];
    const [denseMarks, sparseMarks] = drawnRows([dense, sparse], layout, 1);
    expect(denseMarks!.length).toBeLessThanOrEqual(MAX_MARKS_PER_DRAW / 2);
    expect(denseMarks!.reduce((sum, mark) => sum + mark.count, 0)).toBe(5_000);
    expect(sparseMarks).toHaveLength(2);
  });
});

describe('markNear', () => {
  const mark = (x: number, width: number, first: number) => ({ x, width, first, count: 1, startMs: x, endMs: x + width });
  const marks = [mark(10, 1.5, 0), mark(40, 1.5, 1), mark(100, 30, 2)];
  it.each([
    [10.5, 0, 'on a thin mark'],
    [14, 0, 'within the slop to its right'],
    [37, 1, 'within the slop to its left'],
    [120, 2, 'inside a wide mark'],
    [131, 2, 'just past a wide mark'],
  ])('at x = %d finds mark %d (%s)', (x, first) => {
    expect(markNear(marks, x, 4)?.first).toBe(first);
  });

  it('finds nothing farther than the slop, or in an empty row', () => {
    expect(markNear(marks, 25, 4)).toBeUndefined();
    expect(markNear(marks, 200, 4)).toBeUndefined();
    expect(markNear([], 10, 4)).toBeUndefined();
  });
});
