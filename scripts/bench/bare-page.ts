import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The baseline for "page open to first output": the least a page can do to print
 * from Python with the same self-hosted Pyodide files. A module worker loads
 * pyodide.mjs, runs print("hello") and posts the line to the page.
 */
export function writeBarePage(distDir: string, pyodideDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bare-page-'));
  symlinkSync(resolve(distDir, 'pyodide'), join(dir, 'pyodide'), 'dir');
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
