import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/security/content-security-policy.ts';
import { headersFor, parseHeadersFile, renderHeadersFile } from '../../src/security/headers-file.ts';
import { inlineScripts, scriptHashSource } from '../../src/security/inline-scripts.ts';
import { siteHeaderRules } from '../../src/security/site-headers.ts';

describe('inlineScripts', () => {
  it('returns the exact text of inline scripts, not external scripts or data blocks', () => {
    const html =
      '<head><script>\n  let a = 1;\n</script><script type="module" src="/_astro/x.js"></script>' +
      '<script type="application/ld+json">{"@type":"Thing"}</script><script type="module">b()</script></head>';
    expect(inlineScripts(html)).toEqual(['\n  let a = 1;\n', 'b()']);
  });

  it('hashes a script’s UTF-8 text as a CSP source', () => {
    const expected = createHash('sha256').update('café()').digest('base64');
    expect(scriptHashSource('café()')).toBe(`'sha256-${expected}'`);
  });
});

describe('contentSecurityPolicy', () => {
  const ORIGIN = 'https://example.org';
  it('allows scripts from the site and by hash only, WebAssembly but no eval', () => {
    const policy = contentSecurityPolicy(["'sha256-b'", "'sha256-a'", "'sha256-a'"], 'header', ORIGIN);
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-a' 'sha256-b';");
    expect(policy.replace(ORIGIN, '')).not.toMatch(/'unsafe-eval'|https?:|\*/);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toMatch(/frame-ancestors 'self'$/);
  });

  it('is the same in a meta, less frame-ancestors, which a meta cannot carry', () => {
    const hashes = ["'sha256-a'"];
    expect(contentSecurityPolicy(hashes, 'meta', ORIGIN)).toBe(
      contentSecurityPolicy(hashes, 'header', ORIGIN).replace("; frame-ancestors 'self'", ''),
    );
  });

  it('lets programs connect to the site’s own origin, spelled out for data: workers, and to nothing else', () => {
    expect(contentSecurityPolicy([], 'header', ORIGIN)).toContain(`connect-src 'self' ${ORIGIN};`);
  });

  it.each(['https://example.org/asyncio-walkthrough/', 'https:', 'example.org'])(
    'refuses %s as the site’s origin',
    (notAnOrigin) => {
      expect(() => contentSecurityPolicy([], 'header', notAnOrigin)).toThrow(/not an origin/);
    },
  );
});

describe('the _headers file', () => {
  const rules = siteHeaderRules({
    base: '/docs/',
    csp: "default-src 'self'",
    runtimeDir: 'pyodide/1.2.3/',
    htmlPaths: ['', 'intro/'],
  });

  it('reads back what it writes', () => {
    expect(parseHeadersFile(renderHeadersFile(rules, 'a comment'))).toEqual(rules);
  });

  it('gives every path the policy and caches by kind, below the base path', () => {
    expect(headersFor(rules, '/docs/intro/')).toMatchObject({
      'Content-Security-Policy': "default-src 'self'",
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Strict-Transport-Security': 'max-age=31536000',
      'Cache-Control': 'public, max-age=0, must-revalidate',
    });
    expect(headersFor(rules, '/docs/_astro/a.B1c2.js')['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(headersFor(rules, '/docs/pyodide/1.2.3/pyodide.asm.wasm')['Cache-Control']).toContain('immutable');
    expect(headersFor(rules, '/docs/pyodide/1.2.4/pyodide.asm.wasm')['Cache-Control']).toBeUndefined();
    expect(headersFor(rules, '/docs/intro/more/')['Cache-Control']).toBeUndefined();
    expect(headersFor(rules, '/elsewhere/')).toEqual({});
  });

  it('never sets one header in two rules that match one path (hosts would join the values)', () => {
    const paths = ['/docs/', '/docs/intro/', '/docs/_astro/a.js', '/docs/pyodide/1.2.3/pyodide.asm.wasm'];
    for (const path of paths) {
      const names = rules
        .filter((rule) => Object.keys(headersFor([rule], path)).length > 0)
        .flatMap((rule) => Object.keys(rule.headers));
      expect(new Set(names).size, path).toBe(names.length);
    }
  });

  it('rejects a header line outside a block', () => {
    expect(() => parseHeadersFile('  X-A: b\n')).toThrow(/outside a block/);
  });
});
