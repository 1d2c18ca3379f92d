/// <reference lib="webworker" />
import type { FetchRequest } from './blocking/waits.ts';
import type { FetchAnswer, WorkerToSandbox } from './protocol.ts';

/**
 * The worker's fetch() on the jspi path, relayed through the sandbox frame, which makes the request
 * (see fetchForProgram in sandbox/sandbox-main.js for why: Firefox and WebKit refuse every request
 * a data: worker makes under the site's connect-src 'self'). Programs see the browser's fetch as
 * ever: pyfetch(), and js.fetch, resolve to a Response with the answer's status, headers, URL and body.
 */
declare const self: DedicatedWorkerGlobalScope;

export function relayFetchesThroughFrame(): void {
  const toFrame = (message: WorkerToSandbox): void => self.postMessage(message);
  const pending = new Map<number, { resolve(response: Response): void; reject(error: unknown): void }>();
  let nextId = 1;
  self.addEventListener('message', (event: MessageEvent<FetchAnswer>) => {
    if (event.data?.type !== 'fetch-answer') return;
    const { outcome, body } = event.data;
    const waiting = pending.get(outcome.id);
    if (!waiting) return;
    pending.delete(outcome.id);
    if ('error' in outcome) {
      waiting.reject(new TypeError(outcome.error));
      return;
    }
    const response = new Response(body ?? null, {
      status: outcome.status,
      statusText: outcome.statusText,
      headers: outcome.headers,
    });
    // A Response made here has no URL of its own: give it the one the answer came from.
    Object.defineProperties(response, { url: { value: outcome.url }, redirected: { value: outcome.redirected } });
    waiting.resolve(response);
  });
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.text();
    const relayed: FetchRequest = {
      url: request.url,
      method: request.method,
      headers: [...request.headers],
      body,
      credentials: request.credentials,
    };
    const id = nextId++;
    return new Promise<Response>((resolve, reject) => {
      if (request.signal.aborted) {
        reject(request.signal.reason);
        return;
      }
      pending.set(id, { resolve, reject });
      request.signal.addEventListener('abort', () => {
        if (!pending.delete(id)) return;
        toFrame({ type: 'abort-fetch', id });
        reject(request.signal.reason);
      });
      toFrame({ type: 'fetch', id, request: relayed, byMessage: true });
    });
  };
}
