import type { Plugin, Rolldown } from 'vite';

/**
 * How the Python worker (src/runtime/worker.ts) is bundled: as one self-contained module, Pyodide's
 * two JavaScript modules included, because the sandbox starts it from a data: URL and must fetch
 * nothing of its own (see src/runtime/runtime-files.ts).
 */

const STUB_ID = '\0node-builtin-stub';
/** Emscripten's fallback for finding the wasm, which Pyodide never takes: it always passes `locateFile`. */
const WASM_URL_FALLBACK = 'new URL("pyodide.asm.wasm",import.meta.url).href';

/**
 * Two things Vite would otherwise do to Pyodide's modules in the worker's bundle:
 * - Pyodide imports Node's built-ins (and `ws`) on branches it takes only under Node; in the browser
 *   those imports are never evaluated. Left to Vite, each would be a warning and a chunk beside the
 *   worker; here they are one empty module inside it.
 * - Vite copies whatever `new URL(…, import.meta.url)` names into the build: here a second, unused
 *   9.6 MB copy of the wasm. Pyodide finds the wasm through `locateFile` instead, so that fallback goes.
 */
export function pyodideInWorker(): Plugin {
  return {
    name: 'asyncio-walkthrough:pyodide-in-worker',
    enforce: 'pre',
    resolveId(source) {
      return source.startsWith('node:') || source === 'ws' ? STUB_ID : undefined;
    },
    load(id) {
      return id === STUB_ID ? 'export default {};' : undefined;
    },
    transform(code, id) {
      if (!id.endsWith('/node_modules/pyodide/pyodide.asm.mjs')) return undefined;
      if (!code.includes(WASM_URL_FALLBACK))
        throw new Error(`pyodide.asm.mjs no longer contains ${WASM_URL_FALLBACK}: update python-worker-bundle.ts`);
      return { code: code.replace(WASM_URL_FALLBACK, '"pyodide.asm.wasm"'), map: null };
    },
  };
}

const EXPECTED_FROM_PYODIDE = new Set(['EVAL', 'COMMONJS_VARIABLE_IN_ESM']);

/**
 * Keeps the build log to what needs reading. Pyodide's code is bundled as it ships: its direct evals
 * sit on paths the browser never takes (the CSP has no 'unsafe-eval', and every snippet runs under
 * it), and its `module` check is for CommonJS hosts. Any other warning is passed on.
 */
export function quietExpectedPyodideWarnings(
  warning: Rolldown.RollupLog,
  warn: (warning: Rolldown.RollupLog) => void,
): void {
  const fromPyodide = warning.id?.includes('/node_modules/pyodide/') ?? false;
  if (!(fromPyodide && EXPECTED_FROM_PYODIDE.has(warning.code ?? ''))) warn(warning);
}
