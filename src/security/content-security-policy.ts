/**
 * The site's Content-Security-Policy, one for every page, sent as a header where the host can
 * (_headers) and repeated in a <meta> in every page (GitHub Pages sends no custom headers). Both carry
 * the same directives, so together they enforce exactly one policy; the meta lacks only what a meta
 * cannot carry.
 *
 * Why each relaxation:
 * - script-src 'wasm-unsafe-eval': Pyodide and Pagefind compile WebAssembly. Nothing needs 'unsafe-eval'.
 * - script-src hashes: the inline scripts of the built pages (the theme script in the head, Astro's
 *   hoisted modules) and the sandbox frame's script, which the frame inherits the policy for.
 * - worker-src data: the sandbox starts the Python worker from a data: URL (src/runtime/sandbox/).
 * - connect-src names the site's own origin besides 'self'. A data: worker inherits this policy, but
 *   WebKit and Firefox match 'self' against the worker's own opaque origin, so they refuse every request
 *   it makes. Where the worker must fetch by itself (synchronous XHR on the busy-wait path: Safari and
 *   iOS on a host without cross-origin isolation), only the origin spelled out lets the crawler chapter's
 *   programs read this site's pages. It widens nothing: it is the origin 'self' already means in a page.
 * - style-src 'unsafe-inline': Shiki colours code with style attributes and the editor (CodeMirror)
 *   injects <style> elements at run time, so no hash list can be known at build time. Styles
 *   cannot run code; scripts stay strict.
 */
export type PolicyDelivery = 'header' | 'meta';

export function contentSecurityPolicy(
  scriptHashes: readonly string[],
  delivery: PolicyDelivery,
  siteOrigin: string,
): string {
  if (!isOrigin(siteOrigin)) throw new Error(`"${siteOrigin}" is not an origin (scheme://host[:port])`);
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...[...new Set(scriptHashes)].sort()],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    // Python programs fetch this site's crawl-lab pages; the runtime and the search index are ours too.
    ['connect-src', "'self'", siteOrigin],
    ['worker-src', "'self'", 'data:'],
    ['frame-src', "'self'"],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
  ];
  // A meta policy cannot say who may frame the page (browsers ignore it there, with a console error).
  if (delivery === 'header') directives.push(['frame-ancestors', "'self'"]);
  return directives.map((directive) => directive.join(' ')).join('; ');
}

function isOrigin(text: string): boolean {
  return URL.canParse(text) && new URL(text).origin === text;
}
