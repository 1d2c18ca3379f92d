import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** Node only: the installed `pyodide` package's folder, which holds every runtime file. */
export function pyodidePackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
}
