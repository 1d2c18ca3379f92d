import workerUrl from './worker.ts?worker&url';
import { PYODIDE_DIR } from './assets';
import { PythonRuntime } from './client';

let runtime: PythonRuntime | undefined;

/** The page's one runtime, shared by every snippet on it; created on first use. */
export function getPageRuntime(): PythonRuntime {
  runtime ??= new PythonRuntime({
    indexURL: new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}${PYODIDE_DIR}`, location.href).href,
    workerUrl: new URL(workerUrl, location.href).href,
  });
  return runtime;
}
