import type { OutputChunk } from './protocol';

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
  private lastSent = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly send: (chunks: OutputChunk[]) => void;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(send: (chunks: OutputChunk[]) => void, intervalMs = 16, now: () => number = () => performance.now()) {
    this.send = send;
    this.intervalMs = intervalMs;
    this.now = now;
  }

  push(chunk: OutputChunk): void {
    const last = this.pending.at(-1);
    if (last && last.stream === chunk.stream && Math.floor(last.t) === Math.floor(chunk.t)) {
      last.text += chunk.text;
    } else {
      this.pending.push({ ...chunk });
    }
    const sinceLast = this.now() - this.lastSent;
    if (sinceLast >= this.intervalMs) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs - sinceLast);
    }
  }

  /** Sends what is pending now (at the end of a run, before blocking). */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const chunks = this.pending;
    this.pending = [];
    this.lastSent = this.now();
    this.send(chunks);
  }
}
