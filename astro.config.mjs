// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { satteri } from '@astrojs/markdown-satteri';
import { headingAnchors } from './src/markdown/heading-anchors.ts';
import { runnableFences } from './src/markdown/runnable-fences.ts';
import { CODE_DEFAULT_COLOR, CODE_THEMES } from './src/config/code-themes.ts';
import { glossaryLinks } from './src/markdown/glossary-links.ts';
import { glossaryTerms, loadGlossary } from './src/content/glossary.ts';
import { normaliseBasePath } from './src/config/paths.ts';
import { pyodideInWorker, quietExpectedPyodideWarnings } from './src/integrations/python-worker-bundle.ts';
import { pyodideAssets } from './src/integrations/pyodide-assets.ts';
import { searchIndex } from './src/integrations/search-index.ts';
import { securityHeaders } from './src/integrations/security-headers.ts';
import { serviceWorker } from './src/integrations/service-worker.ts';

// BASE_PATH lets the site live under a prefix (GitHub Pages project sites);
// SITE_URL is the public origin used for canonical URLs, Open Graph and the sitemap.
const base = normaliseBasePath(process.env.BASE_PATH);
const siteUrl = process.env.SITE_URL ?? 'http://localhost:4321';
const glossary = glossaryLinks(glossaryTerms(loadGlossary()), `${base}glossary/`);

export default defineConfig({
  site: siteUrl,
  base,
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  markdown: {
    processor: satteri({ mdastPlugins: [runnableFences, glossary], hastPlugins: [headingAnchors] }),
    syntaxHighlight: 'shiki',
    shikiConfig: {
      themes: CODE_THEMES,
      defaultColor: CODE_DEFAULT_COLOR,
      wrap: false,
    },
  },
  integrations: [mdx(), sitemap(), pyodideAssets(), searchIndex(), securityHeaders(), serviceWorker()],
  vite: {
    build: {
      // The Python worker holds Pyodide's 1 MB loader; what pages load before interaction is budgeted
      // separately (5 KB gzip, measured by `npm run bench`).
      chunkSizeWarningLimit: 1100,
      // Vite reports the worker's bundling through the main build's handler.
      rolldownOptions: { onwarn: quietExpectedPyodideWarnings },
    },
    // The Python worker is one self-contained ES module: the sandbox starts it from a data: URL.
    worker: {
      format: 'es',
      plugins: () => [pyodideInWorker()],
      rolldownOptions: { output: { codeSplitting: false } },
    },
  },
  devToolbar: { enabled: false },
});
