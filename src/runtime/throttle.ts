/**
 * Runs an action at most once per `intervalMs`, never dropping the last request:
 * a request after a quiet spell runs at once, requests that follow closely run
 * together when the interval has passed.
 */
export class Throttle {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly action: () => void;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(action: () => void, intervalMs: number, now: () => number = () => performance.now()) {
    this.action = action;
    this.intervalMs = intervalMs;
    this.now = now;
  }

  request(): void {
    const sinceLast = this.now() - this.last;
    if (sinceLast >= this.intervalMs) this.run();
    else this.timer ??= setTimeout(() => this.run(), this.intervalMs - sinceLast);
  }

  /** Runs a pending request now (before blocking, at the end). */
  flush(): void {
    if (this.timer !== undefined) this.run();
  }

  /**
   * Before the thread blocks for `ms` (null: for as long as it takes), when no timer can fire until
   * it is over: a pending request runs now if the block would outlast the interval, or if the
   * interval has passed already; otherwise it waits for the next chance.
   */
  beforeBlock(ms: number | null): void {
    if (this.timer === undefined) return;
    if (ms === null || ms >= this.intervalMs || this.now() - this.last >= this.intervalMs) this.run();
  }

  /** Forgets a pending request. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.cancel();
    this.last = this.now();
    this.action();
  }
}
