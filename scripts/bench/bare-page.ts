import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pyodidePackageDir } from '../../src/runtime/pyodide-package.ts';

/**
 * The baseline for "page open to first output": the least a page can do to print
 * from Python with the same self-hosted Pyodide files. A module worker loads
 * pyodide.mjs (which the site bundles into its worker instead), runs print("hello")
 * and posts the line to the page.
 */
export function writeBarePage(pyodideDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bare-page-'));
  const runtimeDir = join(dir, pyodideDir.replace(/\/$/, ''));
  mkdirSync(dirname(runtimeDir), { recursive: true });
  symlinkSync(pyodidePackageDir(), runtimeDir, 'dir');
  writeFileSync(
    join(dir, 'worker.mjs'),
    `import { loadPyodide } from './${pyodideDir}pyodide.mjs';
const pyodide = await loadPyodide({ indexURL: new URL('./${pyodideDir}', import.meta.url).href });
pyodide.setStdout({ batched: (line) => postMessage(line) });
pyodide.runPython('print("hello")');
`,
  );
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>bare</title><pre id="out"></pre>
<script type="module">
new Worker('./worker.mjs', { type: 'module' }).onmessage = (event) => {
  document.getElementById('out').textContent += event.data;
};
</script>`,
  );
  return dir;
}
