// Pyodide's Emscripten module ships without types of its own; its one export is the factory that
// loadPyodide's `createPyodideModule` option takes.
declare module 'pyodide/pyodide.asm.mjs' {
  import type { loadPyodide } from 'pyodide';
  type Factory = NonNullable<NonNullable<Parameters<typeof loadPyodide>[0]>['createPyodideModule']>;
  const createPyodideModule: Factory;
  export default createPyodideModule;
}
