/**
 * One holder at a time; the others get their turn in the order they asked. The runtime runs one
 * program at a time, and a Run clicked while another program runs waits here for it to end.
 */
export class RunLock {
  /** Settles when the last holder so far lets go. */
  private last: Promise<void> = Promise.resolve();

  /** Waits for every earlier holder to let go; resolves to this holder's release (calling it twice is harmless). */
  async acquire(): Promise<() => void> {
    const previous = this.last;
    let release!: () => void;
    this.last = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }
}
