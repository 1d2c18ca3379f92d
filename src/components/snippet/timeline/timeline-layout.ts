import type { Timeline, TimelineTask } from '../../../runtime/protocol';
import { withInvisibleShown } from '../invisible-characters';

/**
 * The geometry and the words of a timeline, without the DOM: where each row,
 * bar and tick goes for a given width, and what each task's row says. The view
 * (timeline-view.ts) draws this; the unit tests check it.
 */

/** Below this width the labels sit above the bars instead of beside them. */
export const NARROW_WIDTH = 560;

export interface TaskFacts {
  task: TimelineTask;
  /** Shown as the row label: the task's name, and its coroutine when that says more. */
  label: string;
  startMs: number;
  endMs: number;
  /** Time spent running on the loop: the sum of its slices. */
  runMs: number;
  state: 'done' | 'error' | 'cancelled' | 'pending';
  /** One line for a tooltip or a screen reader. */
  summary: string;
  /** What it waited on, most frequent first, e.g. "sleep 1 s ×3, Queue.get". */
  waitedOn: string;
}

export interface Tick {
  ms: number;
  x: number;
  label: string;
  /** Labels near an edge are anchored so that they stay inside the chart. */
  anchor: 'start' | 'middle' | 'end';
}

export interface Layout {
  width: number;
  height: number;
  narrow: boolean;
  labelWidth: number;
  plotLeft: number;
  plotWidth: number;
  axisHeight: number;
  rowHeight: number;
  barHeight: number;
  /** Top of the bar of row `index`. */
  barTop(index: number): number;
  /** Baseline of the label of row `index`. */
  labelBaseline(index: number): number;
  x(ms: number): number;
  ticks: Tick[];
  spanMs: number;
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}

/** A length of time: like formatMs, except that a slice of a few microseconds is not "0 ms". */
export function formatDuration(ms: number): string {
  return ms > 0 && ms < 0.5 ? '<1 ms' : formatMs(ms);
}

export function describeTask(task: TimelineTask, durationMs: number): TaskFacts {
  const runMs = task.slices.reduce((total, slice) => total + (slice.endMs - slice.startMs), 0);
  const endMs = task.endedMs ?? durationMs;
  // The main program's coroutine is "<module>", which says nothing its name does not.
  const showCoroutine = task.coroutine && task.coroutine !== task.name && task.coroutine !== '<module>';
  // Names and outcomes are the program's words: what would not show, or would turn text around, is spelled out.
  const label = withInvisibleShown(showCoroutine ? `${task.name} · ${task.coroutine}` : task.name);
  const outcome = task.outcome && withInvisibleShown(task.outcome);
  const counts = new Map<string, number>();
  for (const wait of task.waits) counts.set(wait.on, (counts.get(wait.on) ?? 0) + 1);
  const waitedOn = withInvisibleShown(
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([on, count]) => (count > 1 ? `${on} ×${count}` : on))
      .join(', '),
  );
  const ending =
    task.state === 'pending'
      ? 'still pending'
      : task.state === 'done'
        ? `done${outcome ? ` → ${outcome}` : ''}`
        : task.state === 'cancelled'
          ? 'cancelled'
          : `raised ${outcome ?? 'an exception'}`;
  const summary =
    `${label}: from ${formatMs(task.createdMs)} to ${formatMs(endMs)}, ` +
    `running ${formatDuration(runMs)} in ${task.slices.length} slice${task.slices.length === 1 ? '' : 's'}` +
    `${waitedOn ? `, waited on ${waitedOn}` : ''}; ${ending}.`;
  return { task, label, startMs: task.createdMs, endMs, runMs, state: task.state, summary, waitedOn };
}

/** A "nice" step (1, 2 or 5 × 10^n ms) that gives about `wanted` ticks over `spanMs`. */
export function tickStep(spanMs: number, wanted: number): number {
  const raw = Math.max(spanMs, 1) / Math.max(wanted, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

export function layoutTimeline(timeline: Timeline, width: number): Layout {
  const narrow = width < NARROW_WIDTH;
  const labelWidth = narrow ? 0 : Math.min(240, Math.round(width * 0.32));
  const plotLeft = narrow ? 8 : labelWidth + 12;
  const plotWidth = Math.max(40, width - plotLeft - 16);
  const axisHeight = 24;
  const barHeight = 14;
  // On a narrow screen each row is a label line, then its bar.
  const rowHeight = narrow ? 38 : 26;
  const spanMs = Math.max(timeline.durationMs, 1);
  const x = (ms: number) => plotLeft + (Math.min(Math.max(ms, 0), spanMs) / spanMs) * plotWidth;
  const step = tickStep(spanMs, Math.max(2, Math.floor(plotWidth / 70)));
  const ticks: Tick[] = [];
  for (let ms = 0; ms <= spanMs + step / 1000; ms += step) {
    const at = x(ms);
    const anchor = at < 24 ? 'start' : at > width - 24 ? 'end' : 'middle';
    ticks.push({ ms, x: at, label: formatMs(ms), anchor });
  }
  const rows = timeline.tasks.length;
  return {
    width,
    height: axisHeight + rows * rowHeight + 8,
    narrow,
    labelWidth,
    plotLeft,
    plotWidth,
    axisHeight,
    rowHeight,
    barHeight,
    barTop: (index) => axisHeight + index * rowHeight + (narrow ? 18 : (rowHeight - barHeight) / 2),
    labelBaseline: (index) => axisHeight + index * rowHeight + (narrow ? 13 : rowHeight / 2 + 4),
    x,
    ticks,
    spanMs,
  };
}

/** Consecutive spans of one row that fall on the same pixels, drawn as one mark. */
export interface DrawnSpan {
  x: number;
  width: number;
  /** Index of the first span it stands for. */
  first: number;
  /** How many spans it stands for. */
  count: number;
  startMs: number;
  endMs: number;
}

/** The most marks of one kind a row gets: more would make a redraw stall the page. */
export const MAX_MARKS_PER_DRAW = 800;

/**
 * A row's spans (slices or waits, in time order) as the marks to draw: those that touch or overlap
 * once each is at least `minWidth` pixels wide merge into one, and so do those less than `gap`
 * pixels apart. A task that ran 10,000 slices in a second is then as many marks as the chart has
 * pixels at most.
 */
export function drawnSpans(
  spans: ReadonlyArray<{ startMs: number; endMs: number }>,
  x: (ms: number) => number,
  minWidth: number,
  gap = 0,
): DrawnSpan[] {
  const drawn: DrawnSpan[] = [];
  spans.forEach((span, index) => {
    const start = x(span.startMs);
    const end = Math.max(x(span.endMs), start + minWidth);
    const last = drawn.at(-1);
    if (last && start <= last.x + last.width + gap) {
      last.width = Math.max(last.width, end - last.x);
      last.count += 1;
      last.endMs = Math.max(last.endMs, span.endMs);
      return;
    }
    drawn.push({ x: start, width: end - start, first: index, count: 1, startMs: span.startMs, endMs: span.endMs });
  });
  return drawn;
}

/**
 * Each row's marks, within MAX_MARKS_PER_DRAW for all rows together: a row over its share is drawn
 * coarser, with nearby spans merged, as a chart too dense to tell them apart would show them anyway.
 */
export function drawnRows(
  rows: ReadonlyArray<ReadonlyArray<{ startMs: number; endMs: number }>>,
  layout: Pick<Layout, 'x' | 'plotWidth'>,
  minWidth: number,
): DrawnSpan[][] {
  const share = Math.max(4, Math.floor(MAX_MARKS_PER_DRAW / Math.max(rows.length, 1)));
  return rows.map((spans) => {
    const fine = drawnSpans(spans, layout.x, minWidth);
    return fine.length <= share ? fine : drawnSpans(spans, layout.x, minWidth, layout.plotWidth / share);
  });
}

/**
 * The mark at `x`, or else the nearest one within `slop` pixels: a slice of a few microseconds is a
 * mark 1.5 px wide, too thin to point at. Marks are in x order, so a binary search finds it.
 */
export function markNear(marks: readonly DrawnSpan[], x: number, slop: number): DrawnSpan | undefined {
  let low = 0;
  let high = marks.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (marks[middle]!.x + marks[middle]!.width < x) low = middle + 1;
    else high = middle;
  }
  const distance = (mark: DrawnSpan): number => Math.max(mark.x - x, x - (mark.x + mark.width), 0);
  const nearest = [marks[low - 1], marks[low]]
    .filter((mark): mark is DrawnSpan => mark !== undefined)
    .sort((a, b) => distance(a) - distance(b))[0];
  return nearest && distance(nearest) <= slop ? nearest : undefined;
}

/** Cuts `text` to about `maxWidth` pixels at `charWidth` pixels per character. */
export function fitText(text: string, maxWidth: number, charWidth = 7): string {
  const room = Math.floor(maxWidth / charWidth);
  if (text.length <= room) return text;
  return room <= 1 ? '' : `${text.slice(0, room - 1)}…`;
}
