import type { LoadProgress } from './protocol';

/**
 * Reports loading progress in bytes: wraps fetch while Pyodide loads, and counts
 * the bytes of the runtime's own files as they stream in. Sizes come from the
 * build's manifest, because Content-Length is the compressed size when a host
 * compresses. A runtime file that cannot be fetched is reported as a failure.
 * Returns a function that restores the original fetch.
 */
export function trackDownloads(
  indexURL: string,
  sizes: Record<string, number>,
  onProgress: (progress: LoadProgress) => void,
  onFailure: (file: string, status: number) => void,
): () => void {
  const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
  const loadedByFile = new Map<string, number>();
  const report = (): void => {
    let loaded = 0;
    for (const bytes of loadedByFile.values()) loaded += bytes;
    onProgress({ loaded: Math.min(loaded, total), total });
  };
  const originalFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await originalFetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const name = url.startsWith(indexURL) ? url.slice(indexURL.length).split('?')[0]! : undefined;
    if (!name || !(name in sizes)) return response;
    // Pyodide does not always give up on a missing file (it retries, then aborts
    // inside a callback): say so at once instead of hanging.
    if (!response.ok) onFailure(name, response.status);
    if (!response.body) return response;
    let loaded = 0;
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        loadedByFile.set(name, loaded);
        report();
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  report();
  return () => {
    globalThis.fetch = originalFetch;
  };
}
