import type { OutputChunk } from './protocol';
import { Throttle } from './throttle';

/**
 * Collects a run's output and hands it on in batches, so a program printing
 * 200,000 lines sends a few hundred messages, not 200,000.
 *
 * - The first write after a quiet spell goes out at once (a line printed before
 *   `await asyncio.sleep(1)` reaches the page immediately).
 * - Writes that follow within `intervalMs` wait for the next batch.
 * - Consecutive writes to the same stream in the same millisecond merge into one
 *   chunk: timing stays exact to the millisecond, the message count stays small.
 */
export class OutputBatcher {
  private pending: OutputChunk[] = [];
  private readonly send: (chunks: OutputChunk[]) => void;
  private readonly throttle: Throttle;

  constructor(send: (chunks: OutputChunk[]) => void, intervalMs = 16, now: () => number = () => performance.now()) {
    this.send = send;
    this.throttle = new Throttle(() => this.sendPending(), intervalMs, now);
  }

  push(chunk: OutputChunk): void {
    const last = this.pending.at(-1);
    const mark = chunk.heldBack !== undefined || last?.heldBack !== undefined;
    if (last && !mark && last.stream === chunk.stream && Math.floor(last.t) === Math.floor(chunk.t)) {
      last.text += chunk.text;
    } else {
      this.pending.push({ ...chunk });
    }
    this.throttle.request();
  }

  /** Sends what is pending now (at the end of a run, before blocking). */
  flush(): void {
    this.throttle.flush();
  }

  /** The thread is about to block for `ms` without timers: see Throttle.beforeBlock. */
  beforeBlock(ms: number | null): void {
    this.throttle.beforeBlock(ms);
  }

  private sendPending(): void {
    const chunks = this.pending;
    this.pending = [];
    this.send(chunks);
  }
}
