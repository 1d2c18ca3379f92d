import sandboxScript from './sandbox-main.js?raw';

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
