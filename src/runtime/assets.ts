import { version as pyodideVersion } from 'pyodide/package.json';

/**
 * Where the self-hosted Pyodide files live: copied from node_modules into the
 * build under a versioned folder (src/integrations/pyodide-assets.ts), so they
 * can be cached forever and a new version never mixes with an old one.
 */
export const PYODIDE_VERSION: string = pyodideVersion;
export const PYODIDE_FILES = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
] as const;

/** Path of the runtime folder below the site's base, e.g. "pyodide/314.0.7/". */
export const PYODIDE_DIR = `pyodide/${PYODIDE_VERSION}/`;
