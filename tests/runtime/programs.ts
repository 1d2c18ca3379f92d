import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NodeEngineOptions } from '../../src/runtime/node-engine.ts';
import { runCaptured, useEngine } from './support.ts';

/**
 * Each program in programs/ runs through the site's runtime and must print what
 * CPython prints: the same stdout, the same exit status. Expected output was
 * recorded from python3 (NAME.stdout, NAME.exitcode); where python3 is on the
 * machine, the program also runs there and the two are compared live.
 */
const dir = join(import.meta.dirname, 'programs');
const files = readdirSync(dir);
const programs = files.filter((name) => name.endsWith('.py'));
// A program without its expected output would check nothing: refuse it rather than skip it.
const unrecorded = programs.filter((name) => !files.includes(name.replace(/\.py$/, '.stdout')));
if (unrecorded.length > 0) {
  throw new Error(`No expected output recorded for ${unrecorded.join(', ')}: run each with python3 and save its stdout as NAME.stdout.`);
}
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' }).status === 0 ? 'python3' : undefined;

/** "File "x.py", line 5, in parse" lines of the program's own file, and the final exception line. */
function userTraceback(stderr: string, filename: string): string[] {
  const lines = stderr.trimEnd().split('\n');
  const frames = lines
    .map((line) => line.trim())
    .filter((line) => line.startsWith('File "') && line.includes(`${filename}"`))
    .map((line) => line.replace(/File "[^"]*?([^/"]+)"/, 'File "$1"'));
  return [...frames, lines.at(-1) ?? ''];
}

/**
 * The checks above, for every program, on one of the runtime's paths (a test file each). The live
 * comparison with python3 runs on the default path only: CPython's side of it is the same for both.
 */
export function describePrograms(options: NodeEngineOptions = {}): void {
  const engine = useEngine(options);
  const compareLive = options.path !== 'busy-wait';
  describe.each(programs)('%s', (name) => {
    const code = readFileSync(join(dir, name), 'utf8');
    const expectedStdout = readFileSync(join(dir, name.replace(/\.py$/, '.stdout')), 'utf8');
    const expectedExit = Number(readFileSync(join(dir, name.replace(/\.py$/, '.exitcode')), 'utf8'));

    it('prints what CPython printed, and exits the same way', async () => {
      const result = await runCaptured(engine(), code, name);
      expect(result.stdout).toBe(expectedStdout);
      expect(result.exitCode).toBe(expectedExit);
      expect(result.status).toBe(expectedExit === 0 ? 'ok' : 'error');
    });

    if (compareLive) {
      it.skipIf(!python)('matches python3 on this machine, tracebacks included', async () => {
        const cpython = spawnSync(python!, [name], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
        const result = await runCaptured(engine(), code, name);
        expect(result.stdout).toBe(cpython.stdout);
        // python3 ends an uncaught KeyboardInterrupt by killing itself with SIGINT: a shell says 130.
        const cpythonExit = cpython.status ?? 128 + constants.signals[cpython.signal!];
        expect(result.exitCode).toBe(cpythonExit);
        if (cpythonExit !== 0)
          expect(userTraceback(result.stderr, name)).toEqual(userTraceback(cpython.stderr, name));
      });
    }
  });
}
