import type { HeldBack } from '../../src/runtime/output-limits.ts';
import { afterAll, beforeAll } from 'vitest';
import type { PythonEngine, RunCallbacks, EngineRunOptions } from '../../src/runtime/engine.ts';
import { loadNodeEngine, type NodeEngineOptions } from '../../src/runtime/node-engine.ts';
import type { OutputChunk, Timeline } from '../../src/runtime/protocol.ts';

/**
 * One engine per test file: loading Pyodide takes a second or more. A file on the `busy-wait` path
 * holds only such engines: that path takes JSPI away from the whole process (Vitest gives each file
 * its own).
 */
export function useEngine(options: NodeEngineOptions = {}): () => PythonEngine {
  let engine: PythonEngine | undefined;
  beforeAll(async () => {
    engine = await loadNodeEngine(options);
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
  heldBack?: HeldBack;
}

export async function runCaptured(
  engine: PythonEngine,
  code: string,
  filename = 'main.py',
  extra: Partial<RunCallbacks> = {},
  options: EngineRunOptions = {},
): Promise<Captured> {
  return startCaptured(engine, code, filename, extra, options).result;
}

/**
 * Starts a run; `printed` settles at its first output. Tests that stop a program wait for that
 * rather than for a fixed time, which a loaded machine can overrun before the program gets going.
 */
export function startCaptured(
  engine: PythonEngine,
  code: string,
  filename = 'main.py',
  extra: Partial<RunCallbacks> = {},
  options: EngineRunOptions = {},
): { result: Promise<Captured>; printed: Promise<void> } {
  let markPrinted!: () => void;
  const printed = new Promise<void>((resolve) => (markPrinted = resolve));
  return { result: capture(engine, code, filename, extra, options, markPrinted), printed };
}

async function capture(
  engine: PythonEngine,
  code: string,
  filename: string,
  extra: Partial<RunCallbacks>,
  options: EngineRunOptions,
  onFirstOutput: () => void,
): Promise<Captured> {
  const chunks: OutputChunk[] = [];
  const onOutput = (chunk: OutputChunk): void => {
    chunks.push(chunk);
    onFirstOutput();
  };
  const result = await engine.run(code, filename, { onOutput, ...extra }, options);
  const text = (stream: string) =>
    chunks
      .filter((chunk) => chunk.stream === stream)
      .map((chunk) => chunk.text)
      .join('');
  return { chunks, stdout: text('stdout'), stderr: text('stderr'), ...result };
}
