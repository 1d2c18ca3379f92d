import type { HeaderRule } from './headers-file.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';

export interface SiteHeadersInput {
  /** The build's base path, e.g. "/" or "/asyncio-walkthrough/". */
  base: string;
  /** The Content-Security-Policy header's value. */
  csp: string;
  /** The versioned runtime folder below the base, e.g. "pyodide/314.0.7/". */
  runtimeDir: string;
  /** Every HTML page's path below the base, e.g. "" and "introduction/". */
  htmlPaths: readonly string[];
}

/**
 * What the host sends, by path. No header is set by two rules that can match the same path: Netlify
 * and Cloudflare both apply every matching rule and join a repeated header's values with commas.
 */
export function siteHeaderRules({ base, csp, runtimeDir, htmlPaths }: SiteHeadersInput): HeaderRule[] {
  return [
    {
      pattern: `${base}*`,
      headers: {
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'SAMEORIGIN',
        'Referrer-Policy': 'strict-origin-when-cross-origin',
        // Browsers heed it only over HTTPS, as every host named in the README serves the site. Not
        // includeSubDomains: the site's domain may be shared with others it has no say over.
        'Strict-Transport-Security': 'max-age=31536000',
        'Permissions-Policy':
          'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
        // With COOP, makes the site cross-origin isolated, which lets the Python sandbox interrupt a
        // program busy in a loop without reloading the runtime (src/runtime/sandbox/sandbox-main.js).
        // Every file is this site's own, so nothing else needs to allow being embedded.
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        // Programs run in an opaque-origin sandbox (src/runtime/sandbox/frame.ts), and the crawler
        // chapter's fetch this site's pages: to them, every file of this site is cross-origin.
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      },
    },
    // Named by content hash or by version: a changed file has a new URL.
    { pattern: `${base}_astro/*`, headers: { 'Cache-Control': IMMUTABLE } },
    { pattern: `${base}${runtimeDir}*`, headers: { 'Cache-Control': IMMUTABLE } },
    // Pages change in place: always ask whether they changed.
    ...htmlPaths.map((path) => ({ pattern: `${base}${path}`, headers: { 'Cache-Control': REVALIDATE } })),
  ];
}
