/**
 * `npm run check:snippets [-- FILE.mdx ...]`: runs every runnable snippet of the
 * chapters through the site's Python runtime (in Node) and compares its output,
 * stdout and stderr as the page shows them, with the ```output fence written
 * after it (placeholders: see src/components/snippet/expected-output.ts). Where
 * python3 3.12 or later is on the machine, each snippet also runs there and must
 * fit the same expected output (tracebacks compared without file paths and
 * standard-library frames, which differ between installs). Local-only snippets
 * are compiled, not run. A mismatch prints the file, the line and a diff, and the
 * command exits 1. With RUNTIME_PATH=busy-wait the runtime runs on its blocking path
 * (as in Safari: see src/runtime/blocking/), and CPython is not run again.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { collectSnippets, type CollectedSnippet } from '../src/markdown/collect-snippets.ts';
import { compareOutput, type LineMismatch } from '../src/components/snippet/expected-output.ts';
import { loadNodeEngine, runtimePathFromEnv } from '../src/runtime/node-engine.ts';
import { startStaticServerInThread } from './lib/static-server-thread.ts';

const started = performance.now();
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync('content')
      .filter((name) => name.endsWith('.mdx'))
      .sort()
      .map((name) => join('content', name));

const path = runtimePathFromEnv();
// On the blocking path (RUNTIME_PATH=busy-wait) only the runtime's side changes: CPython's was checked on the default path.
const cpython = path === 'busy-wait' ? undefined : findCPython();
const engine = await loadNodeEngine({ path });
// Programs that fetch this site's pages (the crawler chapter) read SITE_URL, as in the page.
// The files they fetch are static ones from public/, served here over real HTTP.
// On its own thread: on the blocking path, the main thread waits in each synchronous fetch.
const site = await startStaticServerInThread({ root: 'public' });
const env = { SITE_URL: site.url };
const scratch = mkdtempSync(join(tmpdir(), 'snippets-'));
const failures: string[] = [];
let checked = 0;
let compiled = 0;
let withCPython = 0;

for (const file of files) {
  let snippets: CollectedSnippet[];
  try {
    snippets = await collectSnippets(file);
  } catch (error) {
    failures.push(`${file}: ${(error as Error).message}`);
    continue;
  }
  for (const snippet of snippets) {
    const where = `${relative(process.cwd(), snippet.file)}:${snippet.line} (${snippet.title})`;
    if (snippet.localOnly) {
      const result = await runInRuntime(`compile(${JSON.stringify(snippet.code)}, ${JSON.stringify(snippet.title)}, "exec")\n`, 'compile.py');
      compiled++;
      if (result.exitCode !== 0) failures.push(`${where}: local-only snippet does not compile:\n${result.output}`);
      continue;
    }
    checked++;
    if (snippet.expected === undefined) {
      failures.push(`${where}: a runnable snippet needs an \`\`\`output fence right after it`);
      continue;
    }
    const result = await runInRuntime(snippet.code, snippet.title);
    const mismatches = compareOutput(snippet.expected, result.output);
    if (mismatches.length) failures.push(`${where}: output differs in the browser runtime\n${diff(mismatches)}`);
    if (cpython && (!snippet.requires || versionAtLeast(cpython.version, snippet.requires))) {
      withCPython++;
      const path = join(scratch, snippet.title);
      writeFileSync(path, snippet.code);
      // One pipe for both streams keeps their order, as a terminal shows it. Asynchronous,
      // so this process keeps serving the pages that the program may fetch.
      const combined = await runCommand('sh', ['-c', `"${cpython.command}" -u "${path}" 2>&1`], { ...process.env, ...env });
      const cpythonMismatches = compareOutput(withoutPaths(snippet.expected), withoutPaths(combined));
      if (cpythonMismatches.length) failures.push(`${where}: output differs under ${cpython.command}\n${diff(cpythonMismatches)}`);
    }
  }
}

function runCommand(command: string, args: string[], environment: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: scratch, env: environment, timeout: 60_000, encoding: 'utf8' }, (_error, stdout) =>
      resolve(stdout),
    );
  });
}

async function runInRuntime(code: string, filename: string): Promise<{ output: string; exitCode: number }> {
  let output = '';
  const result = await engine.run(code, filename, { onOutput: (chunk) => (output += chunk.text) }, { env });
  return { output, exitCode: result.exitCode };
}

/**
 * The newest CPython 3.12 or later: $PYTHON, then pythonX.Y and python3 on PATH,
 * then pyenv's installs; undefined when there is none (the examples target 3.12+).
 */
function findCPython(): { command: string; version: string } | undefined {
  const pyenvRoot = process.env['PYENV_ROOT'] ?? join(homedir(), '.pyenv');
  const pyenv = existsSync(join(pyenvRoot, 'versions'))
    ? readdirSync(join(pyenvRoot, 'versions'))
        .filter((name) => /^3\.\d+\.\d+$/.test(name))
        .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
        .map((name) => join(pyenvRoot, 'versions', name, 'bin', 'python3'))
    : [];
  for (const command of [process.env['PYTHON'], 'python3.14', 'python3.13', 'python3.12', 'python3', ...pyenv]) {
    if (!command) continue;
    const probe = spawnSync(command, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    const version = probe.stdout?.trim() ?? '';
    if (probe.status === 0 && versionAtLeast(version, '3.12')) return { command, version };
  }
  return undefined;
}

function versionAtLeast(version: string, minimum: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [wantMajor = 0, wantMinor = 0] = minimum.split('.').map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

/**
 * Traceback lines that differ between Python installs: frames of the standard
 * library (absolute paths) with their source and caret lines, the directory of
 * the snippet's own file, and caret lines (their style changed in 3.13).
 */
function withoutPaths(text: string): string {
  const kept: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s+File "\//.test(line) && !/^\s+File "[^"]*\/snippets-[^/"]+\//.test(line)) {
      while (i + 1 < lines.length && /^\s{4,}\S/.test(lines[i + 1]!) && !/^\s+File "/.test(lines[i + 1]!)) i++;
      continue;
    }
    if (/^\s*[~^]+\s*$/.test(line)) continue;
    // The snippet's own file wherever it is named (tracebacks, warnings, reprs): by its name alone.
    kept.push(line.replace(/(?:\/[^\s"'/]+)*\/snippets-[^/\s"']+\//g, ''));
  }
  return kept.join('\n');
}

function diff(mismatches: LineMismatch[]): string {
  return mismatches
    .slice(0, 12)
    .map(({ line, expected, actual }) => `  line ${line}:\n    - expected: ${expected ?? '(nothing)'}\n    + actual:   ${actual ?? '(nothing)'}`)
    .concat(mismatches.length > 12 ? [`  … and ${mismatches.length - 12} more lines`] : [])
    .join('\n');
}

await site.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `${checked} snippets run in the browser runtime (${path} path)${cpython ? `, ${withCPython} of them also under ${cpython.command} ${cpython.version}` : path === 'busy-wait' ? '' : ' (no python3 >= 3.12 here: CPython comparison skipped)'}, ${compiled} local-only snippets compiled, ${files.length} files, ${seconds} s`,
);
if (failures.length) {
  console.error(`\n${failures.length} problem${failures.length === 1 ? '' : 's'}:\n\n${failures.join('\n\n')}`);
  process.exit(1);
}
