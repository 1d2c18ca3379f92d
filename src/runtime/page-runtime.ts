import workerUrl from './worker.ts?worker&url';
import { PYODIDE_DIR } from './assets';
import { PythonRuntime } from './client';

let runtime: PythonRuntime | undefined;

/** The page's one runtime, shared by every snippet on it; created on first use. */
export function getPageRuntime(): PythonRuntime {
  const siteUrl = new URL(import.meta.env.BASE_URL.replace(/\/?$/, '/'), location.href).href;
  runtime ??= new PythonRuntime({
    indexURL: new URL(PYODIDE_DIR, siteUrl).href,
    workerUrl: new URL(workerUrl, location.href).href,
    // Programs that fetch this site's own pages (the crawler chapter) start from here.
    env: { SITE_URL: siteUrl },
  });
  return runtime;
}
