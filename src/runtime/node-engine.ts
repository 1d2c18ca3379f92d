import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';
import { PythonEngine, type HarnessSources } from './engine.ts';
import { pyodidePackageDir } from './pyodide-package.ts';

/** The engine in Node, for `npm run py` and the tests: same harness, Pyodide from node_modules. */
export async function loadNodeEngine(): Promise<PythonEngine> {
  const here = dirname(fileURLToPath(import.meta.url));
  const harness: HarnessSources = {
    'walkthrough_loop.py': readFileSync(join(here, 'python/walkthrough_loop.py'), 'utf8'),
    'walkthrough_runner.py': readFileSync(join(here, 'python/walkthrough_runner.py'), 'utf8'),
    'walkthrough_timeline.py': readFileSync(join(here, 'python/walkthrough_timeline.py'), 'utf8'),
  };
  const indexURL = `${pyodidePackageDir()}/`;
  const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
  return new PythonEngine(pyodide, harness);
}
