import type { TaskEnd, Timeline, TimelineSlice, TimelineTask, TimelineWait } from './protocol';

/**
 * The JavaScript half of the timeline recorder: python/walkthrough_timeline.py
 * sends what it recorded as events (see the kinds at the top of that file), and
 * this builds the Timeline from them. It is kept in place and updated as events
 * come; open spans (the slice running now, the waits going on) end where the
 * latest snapshot put them.
 */

const TASK = 0;
const SLICE = 1;
const WAIT = 2;
const END = 3;
const RUNNING = 4;
const RESUMED = 5;

type TimelineEvent =
  | [typeof TASK, id: number, name: string, coroutine: string, parentId: number | null, created: number]
  | [typeof SLICE, id: number, start: number, end: number, on: string | null]
  | [typeof WAIT, id: number, start: number, on: string]
  | [typeof END, id: number, ended: number, state: Exclude<TaskEnd, 'pending'>, outcome: string | null]
  | [typeof RUNNING, id: number, start: number]
  | [typeof RESUMED, id: number, at: number];

interface TimelineUpdate {
  droppedTasks: number;
  droppedSlices: number;
  events: TimelineEvent[];
}

interface Row {
  task: TimelineTask;
  /** The slice running when the last update was sent, which a later SLICE closes. */
  running: TimelineSlice | undefined;
  waiting: TimelineWait | undefined;
}

export class TimelineBuilder {
  private readonly timeline: Timeline = { durationMs: 0, tasks: [], droppedTasks: 0, droppedSlices: 0 };
  private readonly rows = new Map<number, Row>();
  /** Rows with a span still open. */
  private readonly open = new Set<Row>();
  private readonly runStarted: number;

  /** `runStarted`: performance.now() when the run started; times become milliseconds since then. */
  constructor(runStarted: number) {
    this.runStarted = runStarted;
  }

  /** Python's perf_counter_ns() (performance.now() in nanoseconds), as milliseconds since the run started, to 0.01 ms. */
  private ms(ns: number): number {
    return Math.round((ns / 1e6 - this.runStarted) * 100) / 100;
  }

  apply(json: string): void {
    const update = JSON.parse(json) as TimelineUpdate;
    this.timeline.droppedTasks = update.droppedTasks;
    this.timeline.droppedSlices = update.droppedSlices;
    // Indexes rather than destructuring: this runs rarely enough to stay unoptimized, where destructuring is slow.
    for (const event of update.events) {
      if (event[0] === TASK) {
        const task: TimelineTask = {
          id: event[1],
          name: event[2],
          coroutine: event[3],
          parentId: event[4],
          createdMs: this.ms(event[5]),
          endedMs: null,
          state: 'pending',
          slices: [],
          waits: [],
        };
        this.timeline.tasks.push(task);
        this.rows.set(task.id, { task, running: undefined, waiting: undefined });
        continue;
      }
      const row = this.rows.get(event[1]);
      if (!row) continue;
      switch (event[0]) {
        case SLICE: {
          const startMs = this.ms(event[2]);
          const endMs = this.ms(event[3]);
          if (row.running) {
            row.running.endMs = endMs;
            row.running = undefined;
          } else {
            this.endWait(row, startMs);
            row.task.slices.push({ startMs, endMs });
          }
          if (event[4] !== null) this.startWait(row, endMs, event[4]);
          break;
        }
        case RUNNING: {
          if (row.running) break;
          const startMs = this.ms(event[2]);
          this.endWait(row, startMs);
          row.running = { startMs, endMs: startMs };
          row.task.slices.push(row.running);
          break;
        }
        case WAIT:
          this.startWait(row, this.ms(event[2]), event[3]);
          break;
        case RESUMED:
          this.endWait(row, this.ms(event[2]));
          break;
        case END: {
          const endedMs = this.ms(event[2]);
          this.endWait(row, endedMs);
          row.task.endedMs = endedMs;
          row.task.state = event[3];
          if (event[4] !== null) row.task.outcome = event[4];
          break;
        }
      }
      if (row.running || row.waiting) this.open.add(row);
      else this.open.delete(row);
    }
  }

  private startWait(row: Row, atMs: number, on: string): void {
    row.waiting = { startMs: atMs, endMs: atMs, on };
    row.task.waits.push(row.waiting);
  }

  private endWait(row: Row, atMs: number): void {
    if (row.waiting) row.waiting.endMs = atMs;
    row.waiting = undefined;
  }

  /**
   * The timeline as it stands at `atMs` (milliseconds since the run started):
   * open spans end there. The same object every time, updated in place: copy
   * it (postMessage does) to keep it.
   */
  snapshot(atMs: number): Timeline {
    const durationMs = Math.round(atMs * 100) / 100;
    this.timeline.durationMs = durationMs;
    for (const row of this.open) {
      if (row.running) row.running.endMs = Math.max(row.running.startMs, durationMs);
      if (row.waiting) row.waiting.endMs = Math.max(row.waiting.startMs, durationMs);
    }
    return this.timeline;
  }
}
