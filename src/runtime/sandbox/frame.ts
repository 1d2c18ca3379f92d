import sandboxScript from './sandbox-main.js?raw';
import { isFromSandbox, type FromSandbox, type SandboxReady, type ToSandbox } from '../protocol';

/**
 * The sandbox that the Python worker lives in.
 *
 * Threat model. Code that a reader runs may come from a link someone else made
 * (the playground's #code= links), so it is untrusted. Pyodide gives Python the
 * full JavaScript API of wherever it runs (`import js`). Were that the page, a
 * program could read or change the DOM, read cookies and localStorage (including
 * other snippets' saved edits), or act as the reader on this origin.
 *
 * So the worker runs inside an iframe with `sandbox="allow-scripts"` and no
 * `allow-same-origin`: the frame, and the worker it starts from a data: URL,
 * have an opaque origin. From there, the site's storage, cookies and DOM are
 * out of reach, and every request to our origin is a cross-origin request
 * without credentials. What the program can still do is what any web page can:
 * compute, and fetch public URLs that allow any origin (CORS). It talks to the
 * page only through one MessagePort whose messages the client checks.
 *
 * The frame's program is sandbox-main.js, inlined as written: this is its whole document.
 */
export function sandboxDocument(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Python sandbox</title></head><body><script>${sandboxScript}</script></body></html>`;
}

/** The page's handle on the sandbox: the frame, or a stand-in in tests (tests/unit/client.test.ts). */
export interface Sandbox {
  /** Settles once the sandbox can start a worker. */
  readonly ready: Promise<SandboxReady>;
  post(message: ToSandbox, transfer?: Transferable[]): void;
  /** Hears the sandbox's own messages (its worker's come over the port given with `start`). */
  onMessage(listener: (message: FromSandbox) => void): void;
  remove(): void;
}

/** The hidden sandboxed iframe, appended to `container`. */
export function createSandboxFrame(container: HTMLElement): Sandbox {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  // Lets the frame share memory with its worker where the page is cross-origin isolated (interrupts).
  frame.setAttribute('allow', 'cross-origin-isolated');
  frame.setAttribute('title', 'Python runtime (hidden)');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.hidden = true;
  frame.srcdoc = sandboxDocument();
  const listeners = new Set<(message: FromSandbox) => void>();
  const onMessage = (event: MessageEvent): void => {
    if (event.source !== frame.contentWindow || !isFromSandbox(event.data)) return;
    for (const listener of listeners) listener(event.data);
  };
  window.addEventListener('message', onMessage);
  const ready = new Promise<SandboxReady>((resolve) =>
    listeners.add((message) => {
      if (message.type === 'sandbox-ready') resolve(message);
    }),
  );
  container.append(frame);
  return {
    ready,
    // The frame's origin is opaque: '*' is the only target origin that reaches it.
    post: (message, transfer = []) => frame.contentWindow?.postMessage(message, '*', transfer),
    onMessage: (listener) => listeners.add(listener),
    remove: () => {
      window.removeEventListener('message', onMessage);
      frame.remove();
    },
  };
}
