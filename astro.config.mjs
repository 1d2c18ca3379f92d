// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import sitemap from '@astrojs/sitemap';
import { satteri } from '@astrojs/markdown-satteri';
import { headingAnchors } from './src/markdown/heading-anchors.ts';
import { normaliseBasePath } from './src/config/paths.ts';
import { pyodideAssets } from './src/integrations/pyodide-assets.ts';

// BASE_PATH lets the site live under a prefix (GitHub Pages project sites);
// SITE_URL is the public origin used for canonical URLs, Open Graph and the sitemap.
const base = normaliseBasePath(process.env.BASE_PATH);
const siteUrl = process.env.SITE_URL ?? 'http://localhost:4321';

export default defineConfig({
  site: siteUrl,
  base,
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  markdown: {
    processor: satteri({ hastPlugins: [headingAnchors] }),
    syntaxHighlight: 'shiki',
    shikiConfig: {
      // One HTML for both themes: each token's colour is light-dark(light, dark),
      // so the code follows the page's color-scheme with no re-render or script.
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      defaultColor: 'light-dark()',
      wrap: false,
    },
  },
  integrations: [mdx(), react(), sitemap(), pyodideAssets()],
  vite: {
    // The Python worker is one self-contained ES module: the sandbox starts it from a data: URL.
    worker: { format: 'es' },
  },
  devToolbar: { enabled: false },
});
