import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';
import { SelfContainedWaits } from './blocking/self-contained-waits.ts';
import { PythonEngine, suspensionWorks, type HarnessSources } from './engine.ts';
import { nodeMeans } from './node-blocking-means.ts';
import type { RuntimePath } from './protocol.ts';
import { pyodidePackageDir } from './pyodide-package.ts';

export interface NodeEngineOptions {
  /**
   * `busy-wait` runs programs on the blocking path, as a browser without JSPI does (Safari): the
   * process loses WebAssembly's suspension first, so Pyodide loads as it would there. Default `jspi`.
   */
  path?: Extract<RuntimePath, 'jspi' | 'busy-wait'>;
}

/** The engine in Node, for `npm run py` and the tests: same harness, Pyodide from node_modules. */
export async function loadNodeEngine({ path = 'jspi' }: NodeEngineOptions = {}): Promise<PythonEngine> {
  const here = dirname(fileURLToPath(import.meta.url));
  const harness: HarnessSources = {
    'walkthrough_loop.py': readFileSync(join(here, 'python/walkthrough_loop.py'), 'utf8'),
    'walkthrough_runner.py': readFileSync(join(here, 'python/walkthrough_runner.py'), 'utf8'),
    'walkthrough_timeline.py': readFileSync(join(here, 'python/walkthrough_timeline.py'), 'utf8'),
    'walkthrough_fetch.py': readFileSync(join(here, 'python/walkthrough_fetch.py'), 'utf8'),
  };
  if (path === 'busy-wait') withoutSuspension();
  const indexURL = `${pyodidePackageDir()}/`;
  const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
  if (path === 'jspi' && !(await suspensionWorks(pyodide))) {
    throw new Error('This Node cannot suspend WebAssembly (JSPI): run it through npm, which uses Node 24.');
  }
  return new PythonEngine(pyodide, harness, path === 'busy-wait' ? new SelfContainedWaits(nodeMeans) : undefined);
}

/** `RUNTIME_PATH=busy-wait npm run py -- FILE.py` (or check:snippets) runs on the blocking path. */
export function runtimePathFromEnv(): NonNullable<NodeEngineOptions['path']> {
  const path = process.env['RUNTIME_PATH'] ?? 'jspi';
  if (path !== 'jspi' && path !== 'busy-wait') throw new Error(`RUNTIME_PATH must be jspi or busy-wait, not "${path}"`);
  return path;
}

/** Removes JSPI from this process, as Safari lacks it (V8's flag to turn it off no longer does). */
function withoutSuspension(): void {
  const wasm = WebAssembly as unknown as Record<string, unknown>;
  delete wasm['Suspending'];
  delete wasm['promising'];
}
