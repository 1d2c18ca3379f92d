import { version as pyodideVersion } from 'pyodide/package.json';

/**
 * Where the self-hosted Pyodide files live: copied from node_modules into the
 * build under a versioned folder (src/integrations/pyodide-assets.ts), so they
 * can be cached forever and a new version never mixes with an old one.
 *
 * Only the files Pyodide fetches are here. Its two JavaScript modules
 * (pyodide.mjs, pyodide.asm.mjs) are bundled into the worker instead: a module
 * import from inside the sandbox would bypass the page's service worker, so
 * nothing the runtime needs may come to the sandbox any way but from the page.
 */
export const PYODIDE_VERSION: string = pyodideVersion;
export const PYODIDE_FILES = ['pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'] as const;
export type PyodideFile = (typeof PYODIDE_FILES)[number];

/** The type each runtime file must be served as (instantiateStreaming insists on application/wasm). */
export const PYODIDE_FILE_TYPES: Record<PyodideFile, string> = {
  'pyodide.asm.wasm': 'application/wasm',
  'python_stdlib.zip': 'application/zip',
  'pyodide-lock.json': 'application/json; charset=utf-8',
};

/** Path of the runtime folder below the site's base, e.g. "pyodide/314.0.7/". */
export const PYODIDE_DIR = `pyodide/${PYODIDE_VERSION}/`;
/** The file of the runtime folder that lists its files and their sizes (for progress in bytes). */
export const PYODIDE_MANIFEST = 'manifest.json';
