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
 * - style-src 'unsafe-inline': Shiki colours code with style attributes and the editor (CodeMirror,
 *   Sandpack) injects <style> elements at run time, so no hash list can be known at build time. Styles
 *   cannot run code; scripts stay strict.
 */
export type PolicyDelivery = 'header' | 'meta';

export function contentSecurityPolicy(scriptHashes: readonly string[], delivery: PolicyDelivery): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...[...new Set(scriptHashes)].sort()],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    // Python programs fetch this site's crawl-lab pages; the runtime and the search index are ours too.
    ['connect-src', "'self'"],
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
