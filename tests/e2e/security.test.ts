import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server.ts';
import { PYODIDE_DIR } from '../../src/runtime/assets.ts';
import { openPage, useBrowser } from '../support/fixtures.ts';
import { pagePaths } from '../support/pages.ts';
import { SITES } from '../support/sites.ts';
import { outputLines, playgroundUrl, runButton, waitForEditor, waitForRunEnd } from '../support/snippets.ts';

const site = useBrowser();

describe('Content-Security-Policy', () => {
  it('every page of the sitemap loads without a violation or a third-party request', async () => {
    for (const path of pagePaths()) {
      const { page, policyViolations, foreignRequests, close } = await openPage(
        site.browser(),
        new URL(path, site.rootUrl).href,
      );
      await page.waitForLoadState('load');
      // A snippet's editor loads on intent: show it on the pages that have one.
      const snippet = page.locator('[data-snippet]').first();
      if ((await snippet.count()) > 0) {
        await snippet.hover();
        await snippet.locator('.cm-content').waitFor({ timeout: 30_000 });
      }
      expect(policyViolations, path).toEqual([]);
      expect(foreignRequests, path).toEqual([]);
      await close();
    }
  });

  it('runs a snippet, whose program fetches this site’s pages, with Python output', async () => {
    const code = [
      'import asyncio, os',
      'from pyodide.http import pyfetch',
      'async def main():',
      '    response = await pyfetch(os.environ["SITE_URL"] + "crawl-lab/timetable.html")',
      '    print(response.status, "under the policy")',
      'asyncio.run(main())',
    ].join('\n');
    const { page, policyViolations, close } = await openPage(site.browser(), playgroundUrl(site.rootUrl, code));
    const playground = page.locator('[data-snippet]');
    await waitForEditor(playground);
    await runButton(playground).click();
    await waitForRunEnd(playground);
    expect(await outputLines(playground)).toEqual(['200 under the policy']);
    expect(policyViolations).toEqual([]);
    await close();
  });

  it('runs a chapter’s snippet and searches, with no third-party request', async () => {
    const { page, policyViolations, foreignRequests, close } = await openPage(
      site.browser(),
      new URL('asyncio-and-async-await/', site.rootUrl).href,
    );
    const snippet = page.locator('[data-snippet][data-title="countasync.py"]');
    await runButton(snippet).click();
    expect(await waitForRunEnd(snippet, 60_000)).toBe('done');
    expect((await outputLines(snippet)).at(-1)).toBe('finished in 1.0 s');
    await page.keyboard.press('/');
    await page.keyboard.type('gather');
    await page.locator('[data-search-results][data-query="gather"] .search-hit').first().waitFor();
    expect(policyViolations).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await close();
  });

  it('is the same policy in the page’s <meta> as in the header, less what a meta cannot carry', async () => {
    const response = await fetch(new URL('introduction/', site.rootUrl));
    const header = response.headers.get('content-security-policy') ?? '';
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(await response.text())?.[1];
    expect(header).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    // Requests go to the site alone: 'self', and its origin spelled out for the data: worker.
    const origin = new URL(site.rootUrl).origin;
    expect(header).toContain(`connect-src 'self' ${origin};`);
    expect(header.replace(` ${origin};`, ';')).not.toMatch(/'unsafe-eval'|https?:/);
    expect(header).toContain("frame-ancestors 'self'");
    expect(meta).toBe(header.replace("; frame-ancestors 'self'", ''));
  });
});

describe('headers', () => {
  const hardening = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
    'strict-transport-security': 'max-age=31536000',
  };
  const IMMUTABLE = 'public, max-age=31536000, immutable';

  for (const [name, siteUrl] of [
    ['root', () => site.rootUrl],
    ['prefixed', () => site.prefixedUrl],
  ] as const) {
    it(`come with every file, with cache lifetimes by kind (${name} build)`, async () => {
      const base = siteUrl();
      const html = await fetch(new URL('introduction/', base));
      const page = await html.text();
      const asset = /(?:src|href)="([^"]*\/_astro\/[^"]+)"/.exec(page)?.[1];
      const runtime = await fetch(new URL(`${PYODIDE_DIR}pyodide-lock.json`, base));
      const hashed = await fetch(new URL(asset!, base));
      for (const response of [html, hashed, runtime]) {
        expect(response.status).toBe(200);
        expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(response.headers.get('permissions-policy')).toContain('camera=()');
        for (const [header, value] of Object.entries(hardening)) expect(response.headers.get(header)).toBe(value);
      }
      expect(html.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
      expect(hashed.headers.get('cache-control')).toBe(IMMUTABLE);
      expect(runtime.headers.get('cache-control')).toBe(IMMUTABLE);
      expect((await fetch(new URL('_headers', base))).status).toBe(404);
    });
  }
});

describe('framing by another site', () => {
  let framing: StaticServer;
  let withoutHeaders: StaticServer;
  let frameDir: string;
  beforeAll(async () => {
    withoutHeaders = await startStaticServer({ root: SITES.root.dir, hostHeaders: false });
    frameDir = await mkdtemp(join(tmpdir(), 'framing-'));
    framing = await startStaticServer({ root: frameDir, hostHeaders: false });
  });
  afterAll(async () => {
    await Promise.all([framing.close(), withoutHeaders.close()]);
    await rm(frameDir, { recursive: true });
  });

  /** Opens a page of another origin that shows `target` in a frame; resolves to that frame. */
  async function frameFromElsewhere(target: string) {
    await writeFile(
      join(frameDir, 'index.html'),
      `<!doctype html><title>elsewhere</title><iframe src="${target}" width="900" height="700"></iframe>`,
    );
    const opened = await openPage(site.browser(), framing.url);
    const frame = await (await opened.page.locator('iframe').elementHandle())!.contentFrame();
    await frame!.waitForLoadState('load');
    return { ...opened, frame: frame! };
  }

  it('is refused by a host that sends the headers', async () => {
    const { frame, close } = await frameFromElsewhere(new URL('playground/', site.rootUrl).href);
    expect(frame.url()).not.toContain('/playground/');
    await close();
  });

  it('on a host without them (GitHub Pages), turns the snippets to reading only, with a link to the page itself', async () => {
    const target = new URL('playground/', withoutHeaders.url).href;
    const { frame, close } = await frameFromElsewhere(target);
    const snippet = frame.locator('[data-snippet][data-framed]');
    await snippet.waitFor();
    expect(await snippet.getByRole('button', { name: /^Run/ }).isVisible()).toBe(false);
    const link = snippet.getByRole('link', { name: 'Open this page on its own' });
    expect(await link.getAttribute('href')).toBe(target);
    expect(await link.getAttribute('target')).toBe('_top');
    // Its static code is still there to read.
    expect(await snippet.locator('pre code').textContent()).toContain('asyncio.run(main())');
    await close();
  });
});
