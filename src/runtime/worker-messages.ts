import { OUTPUT_LIMITS, type HeldBack } from './output-limits';
import type { FromWorker, OutputChunk, Timeline, TimelineSlice, TimelineTask, TimelineWait } from './protocol';

/**
 * Checks what comes from the worker before the page believes any of it. The worker runs the reader's
 * program, and a program can reach the worker's own JavaScript (`import js`): it can post anything
 * on the worker's port, in any shape, size or number. So each message is checked against the
 * protocol's types and against the limits the harness keeps (the recorder's caps, the output
 * limits), and the page counts how fast they come. Anything else means the worker is not ours any
 * more: the client replaces it (see client.ts).
 */

/** The timeline recorder's caps (python/walkthrough_timeline.py: MAX_TASKS, MAX_SLICES). */
export const TIMELINE_CAPS = { tasks: 200, slices: 10_000 } as const;
/** Longest text of a timeline field: the recorder cuts names and outcomes far shorter. */
const MAX_LABEL = 1_000;
/**
 * One output message carries at most a run's worth of output, plus room for the cut lines'
 * ellipses; the page's own limits then apply.
 */
const MAX_OUTPUT_MESSAGE = 2 * OUTPUT_LIMITS.runBytes;
const MAX_CHUNKS = 100_000;
const MAX_ERROR_TEXT = 4_000;

/**
 * The most messages the page takes in any one second. The worker sends output at most every 16 ms
 * and the timeline every 200 ms (about 70 a second); a worker that sends far more is flooding.
 */
export const MESSAGE_RATE = { perSecond: 1_000 } as const;

export type Checked = { ok: true; message: FromWorker } | { ok: false; reason: string };

type Shape = Record<string, unknown>;

const isObject = (value: unknown): value is Shape =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;

class Malformed extends Error {}

function need(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Malformed(what);
}

function checkChunk(value: unknown): OutputChunk {
  need(isObject(value), 'an output chunk that is not an object');
  need(value['stream'] === 'stdout' || value['stream'] === 'stderr', 'output on an unknown stream');
  need(typeof value['text'] === 'string', 'output without text');
  need(isTime(value['t']), 'output without a time');
  if (value['heldBack'] !== undefined)
    need(isCount(value['heldBack']) && value['text'] === '', 'a held-back mark with text');
  return value as unknown as OutputChunk;
}

function checkSpan(value: unknown, withLabel: boolean): TimelineSlice | TimelineWait {
  need(isObject(value) && isTime(value['startMs']) && isTime(value['endMs']), 'a timeline span without start and end');
  need(value['endMs'] >= value['startMs'], 'a timeline span that ends before it starts');
  if (withLabel) need(isText(value['on'], MAX_LABEL), 'a timeline wait without what it waits on');
  return value as unknown as TimelineSlice;
}

function checkTask(value: unknown): TimelineTask {
  need(isObject(value), 'a timeline row that is not an object');
  need(isCount(value['id']), 'a timeline row without an id');
  need(isText(value['name'], MAX_LABEL) && isText(value['coroutine'], MAX_LABEL), 'a timeline row without a name');
  need(value['parentId'] === null || isCount(value['parentId']), 'a timeline row with a bad parent');
  need(isTime(value['createdMs']), 'a timeline row without its creation time');
  need(value['endedMs'] === null || isTime(value['endedMs']), 'a timeline row with a bad end time');
  need(
    ['done', 'error', 'cancelled', 'pending'].includes(value['state'] as string),
    'a timeline row with an unknown state',
  );
  need(value['outcome'] === undefined || isText(value['outcome'], MAX_LABEL), 'a timeline row with a bad outcome');
  need(Array.isArray(value['slices']) && Array.isArray(value['waits']), 'a timeline row without slices and waits');
  return value as unknown as TimelineTask;
}

function checkTimeline(value: unknown): Timeline {
  need(isObject(value), 'a timeline that is not an object');
  need(isTime(value['durationMs']), 'a timeline without a duration');
  need(isCount(value['droppedTasks']) && isCount(value['droppedSlices']), 'a timeline without its dropped counts');
  const tasks = value['tasks'];
  // The main program's row comes on top of the recorder's task cap.
  need(
    Array.isArray(tasks) && tasks.length <= TIMELINE_CAPS.tasks + 1,
    'a timeline of more rows than the recorder keeps',
  );
  let slices = 0;
  let waits = 0;
  for (const task of tasks) {
    const row = checkTask(task);
    slices += row.slices.length;
    waits += row.waits.length;
    // Each row may hold one slice still open past the cap, and one wait before each slice and after the last.
    need(slices <= TIMELINE_CAPS.slices + tasks.length, 'a timeline of more slices than the recorder keeps');
    need(waits <= slices + tasks.length, 'a timeline of more waits than slices');
    for (const slice of row.slices) checkSpan(slice, false);
    for (const wait of row.waits) checkSpan(wait, true);
  }
  return value as unknown as Timeline;
}

function checkHeldBack(value: unknown): HeldBack {
  need(isObject(value) && isCount(value['bytes']) && isCount(value['cutLines']), 'a bad count of held-back output');
  return value as unknown as HeldBack;
}

function checkMessage(value: unknown): FromWorker {
  need(isObject(value), 'a message that is not an object');
  switch (value['type']) {
    case 'ready':
      need(isText(value['version'], 100), 'ready without a version');
      need(['jspi', 'atomics', 'busy-wait'].includes(value['path'] as string), 'ready with an unknown path');
      need(isTime(value['loadMs']), 'ready without its load time');
      break;
    case 'load-error':
      need(isText(value['message'], MAX_ERROR_TEXT), 'a load error without a short message');
      break;
    case 'output': {
      need(isCount(value['id']), 'output without a run id');
      const chunks = value['chunks'];
      need(Array.isArray(chunks) && chunks.length <= MAX_CHUNKS, 'output without chunks, or with too many');
      let size = 0;
      for (const chunk of chunks) {
        size += checkChunk(chunk).text.length;
        need(size <= MAX_OUTPUT_MESSAGE, 'more output in one message than a run may show');
      }
      break;
    }
    case 'input-request':
      need(isCount(value['id']), 'input-request without a run id');
      need(isText(value['prompt'], OUTPUT_LIMITS.lineBytes + 1), 'input-request without a prompt of at most a line');
      break;
    case 'timeline':
      need(isCount(value['id']), 'a timeline without a run id');
      checkTimeline(value['timeline']);
      break;
    case 'done':
      need(isCount(value['id']), 'done without a run id');
      need(['ok', 'error', 'stopped'].includes(value['status'] as string), 'done with an unknown status');
      need(Number.isSafeInteger(value['exitCode']), 'done without an exit status');
      need(isTime(value['durationMs']), 'done without a duration');
      if (value['timeline'] !== undefined) checkTimeline(value['timeline']);
      if (value['heldBack'] !== undefined) checkHeldBack(value['heldBack']);
      if (value['leftovers'] !== undefined) {
        const left = value['leftovers'];
        need(
          Array.isArray(left) && left.length <= 10 && left.every((item) => isText(item, 200)),
          'a bad list of leftovers',
        );
      }
      break;
    default:
      throw new Malformed(`a message of unknown type ${JSON.stringify(String(value['type'])).slice(0, 40)}`);
  }
  return value as unknown as FromWorker;
}

/** The message, typed, when it is one the worker may send; else why not, in words. */
export function checkFromWorker(value: unknown): Checked {
  try {
    return { ok: true, message: checkMessage(value) };
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Counts messages in a sliding one-second window; says when there were too many. */
export class MessageRate {
  private readonly times: number[] = [];
  private readonly perSecond: number;
  private readonly now: () => number;

  constructor(perSecond: number = MESSAGE_RATE.perSecond, now: () => number = () => performance.now()) {
    this.perSecond = perSecond;
    this.now = now;
  }

  /** Notes one message; false once more than the rate came within the last second. */
  admit(): boolean {
    const now = this.now();
    this.times.push(now);
    while (this.times[0]! <= now - 1000) this.times.shift();
    return this.times.length <= this.perSecond;
  }
}
