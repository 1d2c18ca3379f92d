import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { normaliseBasePath } from '../config/paths.ts';
import { PYODIDE_DIR, PYODIDE_FILES, PYODIDE_MANIFEST } from '../runtime/assets.ts';

const SOURCE = fileURLToPath(new URL('../offline/service-worker.js', import.meta.url));

/** An id for the build: a hash of the worker and every file but the runtime (versioned in its folder's name). */
async function buildId(outDir: string, workerSource: string): Promise<string> {
  const hash = createHash('sha256').update(workerSource);
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(outDir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(PYODIDE_DIR) && file !== 'sw.js')
    .sort();
  for (const file of files) hash.update(file).update(await readFile(join(outDir, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * What running a snippet needs, as paths from the site's root: every bundled script and style (the
 * editor and the runtime client load only when a reader first runs something, and the Python worker
 * is one of them) and the runtime folder's files.
 */
async function runtimeFiles(outDir: string, base: string): Promise<string[]> {
  const bundled = (await readdir(join(outDir, '_astro'))).sort().map((name) => `_astro/${name}`);
  if (!bundled.some((path) => /^_astro\/worker-[\w-]+\.js$/.test(path)))
    throw new Error('No Python worker bundle (worker-*.js) in _astro/: the service worker could not keep it');
  const runtime = [PYODIDE_MANIFEST, ...PYODIDE_FILES].map((name) => `${PYODIDE_DIR}${name}`);
  return [...bundled, ...runtime].map((path) => `${base}${path}`);
}

/**
 * Writes <outDir>/sw.js after the build (after the CSP is in the pages, so the id covers the final
 * files): the service worker's source with the build's id, base path and runtime folder in front.
 */
export function serviceWorker(): AstroIntegration {
  let base = '/';
  return {
    name: 'asyncio-walkthrough:service-worker',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = normaliseBasePath(config.base);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const source = await readFile(SOURCE, 'utf8');
        const config = {
          build: await buildId(outDir, source),
          base,
          runtimeDir: PYODIDE_DIR,
          runtimeFiles: await runtimeFiles(outDir, base),
        };
        await writeFile(join(outDir, 'sw.js'), `self.SW_CONFIG = ${JSON.stringify(config)};\n${source}`);
        logger.info(`Service worker written for build ${config.build}`);
      },
    },
  };
}
