import { afterAll, beforeAll } from 'vitest';
import type { PythonEngine, RunCallbacks, EngineRunOptions } from '../../src/runtime/engine.ts';
import { loadNodeEngine } from '../../src/runtime/node-engine.ts';
import type { OutputChunk, Timeline } from '../../src/runtime/protocol.ts';

/** One engine per test file: loading Pyodide takes a second or more. */
export function useEngine(): () => PythonEngine {
  let engine: PythonEngine | undefined;
  beforeAll(async () => {
    engine = await loadNodeEngine();
  }, 60_000);
  afterAll(() => {
    engine = undefined;
  });
  return () => {
    if (!engine) throw new Error('engine not loaded');
    return engine;
  };
}

export interface Captured {
  chunks: OutputChunk[];
  stdout: string;
  stderr: string;
  status: string;
  exitCode: number;
  durationMs: number;
  timeline?: Timeline;
}

export async function runCaptured(
  engine: PythonEngine,
  code: string,
  filename = 'main.py',
  extra: Partial<RunCallbacks> = {},
  options: EngineRunOptions = {},
): Promise<Captured> {
  const chunks: OutputChunk[] = [];
  const result = await engine.run(code, filename, { onOutput: (chunk) => chunks.push(chunk), ...extra }, options);
  const text = (stream: string) =>
    chunks
      .filter((chunk) => chunk.stream === stream)
      .map((chunk) => chunk.text)
      .join('');
  return { chunks, stdout: text('stdout'), stderr: text('stderr'), ...result };
}
