import { PYODIDE_FILES, PYODIDE_MANIFEST, type PyodideFile } from './assets';
import type { LoadProgress, RuntimeFileBody } from './protocol';
import type { RuntimeManifest } from '../integrations/pyodide-assets';

/**
 * The page's half of loading Python: it fetches the runtime's files itself and hands them to the
 * worker. Requests made inside the opaque-origin sandbox bypass the page's service worker, so were
 * the worker to fetch them, a reader could never run Python offline; the page's own requests go
 * through the service worker, which keeps these files (src/offline/service-worker.js).
 *
 * Progress is counted here in bytes as the bodies stream in; the sizes come from the build's
 * manifest, because Content-Length is the compressed size where a host compresses. That size is
 * the one the reader is told: what crosses the network.
 */
export async function fetchRuntimeFiles(
  indexURL: string,
  onProgress: (progress: LoadProgress) => void,
): Promise<Record<PyodideFile, RuntimeFileBody>> {
  const [manifest, ...responses] = await Promise.all([
    fetchOk(indexURL, PYODIDE_MANIFEST),
    ...PYODIDE_FILES.map((name) => fetchOk(indexURL, name)),
  ]);
  // A manifest cached from an earlier build may have no compressed sizes.
  const { files: sizes, compressed = sizes } = (await manifest.json()) as Partial<RuntimeManifest> &
    Pick<RuntimeManifest, 'files'>;
  const sum = (of: Record<string, number>): number => PYODIDE_FILES.reduce((all, name) => all + (of[name] ?? 0), 0);
  const total = sum(sizes);
  const lengths = responses.map((response) => Number(response.headers.get('Content-Length')));
  const transferTotal = lengths.every((length) => length > 0)
    ? lengths.reduce((all, length) => all + length, 0)
    : sum(compressed);
  let loaded = 0;
  const report = (): void => onProgress({ loaded: Math.min(loaded, total), total, transferTotal });
  const streams = responses.map((response) =>
    response.body!.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          loaded += chunk.byteLength;
          report();
          controller.enqueue(chunk);
        },
      }),
    ),
  );
  report();
  // Where streams cannot be transferred (Safari), the worker gets each file whole instead.
  const bodies: RuntimeFileBody[] = streamsAreTransferable()
    ? streams
    : await Promise.all(streams.map((stream) => new Response(stream).arrayBuffer()));
  return Object.fromEntries(PYODIDE_FILES.map((name, index) => [name, bodies[index]!])) as Record<
    PyodideFile,
    RuntimeFileBody
  >;
}

async function fetchOk(indexURL: string, name: string): Promise<Response> {
  const url = `${indexURL}${name}`;
  const failure = (reason: string): Error =>
    new Error(`The Python runtime could not be loaded: ${url} ${reason}. Check your connection and try again.`);
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw failure('could not be fetched');
  }
  if (!response.ok || !response.body) throw failure(`answered HTTP ${response.status}`);
  return response;
}

let transferable: boolean | undefined;

/** Whether this browser can transfer a ReadableStream through postMessage. */
export function streamsAreTransferable(): boolean {
  if (transferable === undefined) {
    const stream = new ReadableStream();
    const channel = new MessageChannel();
    try {
      channel.port1.postMessage(stream, [stream]);
      transferable = true;
    } catch {
      transferable = false;
    } finally {
      channel.port1.close();
    }
  }
  return transferable;
}
