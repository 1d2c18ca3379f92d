import {
  finishedFetch,
  type BlockingWaits,
  type FetchOutcome,
  type FetchRequest,
  type FinishedFetch,
} from './waits.ts';

/**
 * The `busy-wait` path (see ./waits.ts): the worker shares no memory with anyone, so nothing can
 * reach it while Python runs. It sleeps by the means it is given and fetches synchronously: a
 * program's concurrent requests then run one after another, and their answers are the same.
 */
export interface SelfContainedMeans {
  /** Blocks the thread for `ms`. */
  sleep(ms: number): void;
  /** Makes a request and returns only when its answer is in. */
  fetchSync(id: number, request: FetchRequest): { outcome: FetchOutcome; body?: Uint8Array };
}

export class SelfContainedWaits implements BlockingWaits {
  readonly path = 'busy-wait';
  readonly canReadInput = false;
  private nextFetchId = 1;
  private finished: FinishedFetch[] = [];
  private readonly means: SelfContainedMeans;

  constructor(means: SelfContainedMeans) {
    this.means = means;
  }

  wait(ms: number | null): boolean {
    // A fetch finishes inside startFetch(), so an answer is either here already or not coming: the
    // loop waits "until something arrives" (ms null) only for a fetch's answer (walkthrough_loop
    // raises rather than wait for ever), and that wait ends at once.
    if (this.finished.length === 0 && ms !== null) this.means.sleep(ms);
    return false;
  }

  readLine(): string | null {
    return null;
  }

  startFetch(request: FetchRequest): number {
    const id = this.nextFetchId++;
    const { outcome, body } = this.means.fetchSync(id, request);
    this.finished.push(finishedFetch(outcome, body));
    return id;
  }

  abortFetch(): void {
    // Every request has finished by the time startFetch() returns.
  }

  takeFetchResults(): FinishedFetch[] {
    const finished = this.finished;
    this.finished = [];
    return finished;
  }

  reset(): void {
    this.finished = [];
  }
}

/** The browser worker's means: a spin (the worker has a thread of its own) and synchronous XHR. */
export const browserWorkerMeans: SelfContainedMeans = {
  sleep(ms) {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // Spinning is the only way to wait without shared memory; the page's own thread stays free.
    }
  },
  fetchSync(id, request) {
    const xhr = new XMLHttpRequest();
    try {
      xhr.open(request.method, request.url, false);
      xhr.responseType = 'arraybuffer';
      for (const [name, value] of request.headers) xhr.setRequestHeader(name, value);
      xhr.send(request.body);
    } catch (error) {
      return { outcome: { id, url: request.url, error: error instanceof Error ? error.message : String(error) } };
    }
    const headers = xhr
      .getAllResponseHeaders()
      .trim()
      .split(/[\r\n]+/)
      .filter(Boolean)
      .map((line): [string, string] => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      });
    const url = xhr.responseURL || request.url;
    return {
      outcome: {
        id,
        status: xhr.status,
        statusText: xhr.statusText,
        url,
        redirected: url !== request.url,
        type: 'cors',
        headers,
      },
      body: new Uint8Array(xhr.response as ArrayBuffer),
    };
  },
};
