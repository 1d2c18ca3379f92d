import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { normaliseBasePath } from '../config/paths.ts';
import { PYODIDE_DIR } from '../runtime/assets.ts';
import { contentSecurityPolicy } from '../security/content-security-policy.ts';
import { renderHeadersFile } from '../security/headers-file.ts';
import { inlineScripts, scriptHashSource } from '../security/inline-scripts.ts';
import { siteHeaderRules } from '../security/site-headers.ts';

/** The sandbox frame's script: not in any built page, it runs in the frame's srcdoc under the page's policy. */
const SANDBOX_SCRIPT = fileURLToPath(new URL('../runtime/sandbox/sandbox-main.js', import.meta.url));
const CHARSET_META = /<meta charset="utf-8"\s*\/?>/i;

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Runs after the build (after every integration that writes pages): hashes every inline script of the built
 * pages, puts the resulting Content-Security-Policy in a <meta> at the top of every page's head, and
 * writes <outDir>/_headers with the policy, the hardening headers and cache lifetimes
 * (src/security/site-headers.ts) for Netlify and Cloudflare Pages, and for scripts/lib/static-server.ts.
 */
export function securityHeaders(): AstroIntegration {
  let base = '/';
  let siteOrigin = '';
  return {
    name: 'asyncio-walkthrough:security-headers',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = normaliseBasePath(config.base);
        if (!config.site)
          throw new Error('astro.config.mjs sets no `site`: the CSP names the site’s origin (SITE_URL)');
        siteOrigin = new URL(config.site).origin;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const files = await htmlFiles(outDir);
        const pages = await Promise.all(files.map(async (file) => ({ file, html: await readFile(file, 'utf8') })));
        const scripts = [...pages.flatMap(({ html }) => inlineScripts(html)), await readFile(SANDBOX_SCRIPT, 'utf8')];
        const hashes = scripts.map(scriptHashSource);
        const metaPolicy = contentSecurityPolicy(hashes, 'meta', siteOrigin);
        for (const { file, html } of pages) {
          if (!CHARSET_META.test(html)) throw new Error(`${file}: no <meta charset="utf-8"> to put the CSP after`);
          const meta = `<meta http-equiv="Content-Security-Policy" content="${metaPolicy}">`;
          await writeFile(
            file,
            html.replace(CHARSET_META, (charset) => `${charset}${meta}`),
          );
        }
        const htmlPaths = files.map((file) =>
          relative(outDir, file)
            .split(sep)
            .join('/')
            .replace(/(^|\/)index\.html$/, '$1'),
        );
        const rules = siteHeaderRules({
          base,
          csp: contentSecurityPolicy(hashes, 'header', siteOrigin),
          runtimeDir: PYODIDE_DIR,
          htmlPaths: htmlPaths.sort(),
        });
        await writeFile(
          join(outDir, '_headers'),
          renderHeadersFile(rules, 'Written by the build (src/integrations/security-headers.ts).'),
        );
        logger.info(
          `CSP: ${new Set(hashes).size} inline script hashes; meta in ${pages.length} pages; _headers written`,
        );
      },
    },
  };
}
