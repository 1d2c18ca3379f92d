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
        'Permissions-Policy':
          'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
        'Cross-Origin-Opener-Policy': 'same-origin',
        // The Python worker runs in an opaque-origin sandbox (src/runtime/sandbox/frame.ts): to it,
        // every file of this site is cross-origin.
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
