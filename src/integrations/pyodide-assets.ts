import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { normaliseBasePath } from '../config/paths.ts';
import { pyodidePackageDir } from '../runtime/pyodide-package.ts';
import {
  PYODIDE_DIR,
  PYODIDE_FILE_TYPES,
  PYODIDE_FILES,
  PYODIDE_MANIFEST,
  type PyodideFile,
} from '../runtime/assets.ts';

/** The runtime's files and their sizes; the page reads it to report loading progress in bytes. */
export interface RuntimeManifest {
  files: Record<string, number>;
  /**
   * Their sizes gzipped: what a host that compresses sends, told the reader where the host's
   * responses give no length (a compressed stream often has none).
   */
  compressed: Record<string, number>;
}

/**
 * Self-hosts Pyodide: copies its runtime files from node_modules into
 * dist/pyodide/<version>/ at build time, with a manifest of their sizes, and
 * serves them from node_modules under `astro dev`. Nothing is fetched from a CDN.
 */
export function pyodideAssets(): AstroIntegration {
  return {
    name: 'asyncio-walkthrough:pyodide-assets',
    hooks: {
      'astro:config:setup': ({ updateConfig, config }) => {
        const prefix = `${normaliseBasePath(config.base)}${PYODIDE_DIR}`;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'pyodide-assets-dev',
                configureServer(server) {
                  server.middlewares.use(async (request, response, next) => {
                    const path = request.url?.split('?')[0] ?? '';
                    if (!path.startsWith(prefix)) return next();
                    const name = path.slice(prefix.length);
                    if (name === PYODIDE_MANIFEST) {
                      response.setHeader('Content-Type', 'application/json; charset=utf-8');
                      response.end(JSON.stringify(await manifest()));
                      return;
                    }
                    if (!(PYODIDE_FILES as readonly string[]).includes(name)) return next();
                    response.setHeader('Content-Type', PYODIDE_FILE_TYPES[name as PyodideFile]);
                    createReadStream(join(pyodidePackageDir(), name)).pipe(response);
                  });
                },
              },
            ],
          },
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const target = join(fileURLToPath(dir), PYODIDE_DIR);
        await mkdir(target, { recursive: true });
        for (const name of PYODIDE_FILES) await copyFile(join(pyodidePackageDir(), name), join(target, name));
        const files = await manifest();
        await writeFile(join(target, PYODIDE_MANIFEST), JSON.stringify(files));
        const megabytes = Object.values(files.files).reduce((sum, size) => sum + size, 0) / 1e6;
        logger.info(`Pyodide runtime copied to ${PYODIDE_DIR} (${megabytes.toFixed(1)} MB)`);
      },
    },
  };
}

const gzipAsync = promisify(gzip);
let made: Promise<RuntimeManifest> | undefined;

function manifest(): Promise<RuntimeManifest> {
  made ??= (async () => {
    const files: Record<string, number> = {};
    const compressed: Record<string, number> = {};
    for (const name of PYODIDE_FILES) {
      const bytes = await readFile(join(pyodidePackageDir(), name));
      files[name] = bytes.byteLength;
      compressed[name] = (await gzipAsync(bytes)).byteLength;
    }
    return { files, compressed };
  })();
  return made;
}
