import { expect } from 'vitest';
import { ENDED } from '../snippets.ts';
import type { EngineName, EnginePage } from './engine.ts';
import { click, waitFor } from './page-actions.ts';

/**
 * The snippet test contract (data-snippet, data-run-state, data-stream, the Run and Stop buttons,
 * the editor's .cm-content) over any engine's page. A snippet is named by a CSS selector of its root.
 */

/**
 * How long Python may take to start in a fresh profile. On this 2-core machine under load, Firefox
 * takes up to ~15 s and WebKit (no JSPI: the blocking path) 16-35 s; the runtime itself gives up at 90 s.
 */
const LOAD_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 10_000;

/**
 * Engines in which Python never finished loading, with what was seen: later runs in the same file fail
 * at once instead of waiting out the load timeout again (a load that hangs would hang in every test).
 */
const neverLoaded = new Map<EngineName, string>();

/** The states a snippet has gone through since startRun clicked Run (kept on its root by a MutationObserver). */
interface WatchedRoot extends HTMLElement {
  runStatesSeen?: string[];
}

/** What the functions run in the page get: the snippet's selector, and the states that end a run. */
interface SnippetArg {
  selector: string;
  ended: string[];
}

const target = (selector: string): SnippetArg => ({ selector, ended: ENDED });

const reportState = ({ selector }: SnippetArg): string => {
  const root = document.querySelector<HTMLElement>(selector);
  if (!root) return `no element matches ${selector}`;
  const status = root.querySelector('[data-status]')?.textContent ?? '';
  return `data-run-state="${root.dataset['runState']}", status "${status}"`;
};

/** Clicks Run and waits until the snippet says it has started (loading Python or running). */
export async function startRun(page: EnginePage, snippet: string): Promise<void> {
  const failure = neverLoaded.get(page.engine);
  if (failure)
    throw new Error(
      `${page.engine}: Python did not load in an earlier test of this file (${failure}); not waiting for it again`,
    );
  await page.evaluate(({ selector }) => {
    const root = document.querySelector<WatchedRoot>(selector)!;
    const seen: string[] = [];
    root.runStatesSeen = seen;
    // Each record holds the value before its change; the value after is the next record's, or the current one.
    new MutationObserver((records) =>
      records.forEach((_, index) => seen.push(records[index + 1]?.oldValue ?? root.dataset['runState'] ?? '')),
    ).observe(root, { attributeFilter: ['data-run-state'], attributeOldValue: true });
  }, target(snippet));
  await click(page, `${snippet} [data-action="run"]`);
  await waitFor(
    page,
    'the snippet to start after Run was clicked',
    ({ selector }) =>
      (document.querySelector<WatchedRoot>(selector)!.runStatesSeen ?? []).some(
        (state) => state === 'loading' || state === 'running',
      ),
    target(snippet),
    { timeout: START_TIMEOUT_MS, report: reportState },
  );
}

/**
 * Waits for the run startRun began to end, and returns how it ended: done, error or stopped. Logs the
 * way the runtime waits (`data-runtime-path`: jspi, atomics or busy-wait) where the snippet reports it.
 */
export async function waitForRunEnd(page: EnginePage, snippet: string, timeout = RUN_TIMEOUT_MS): Promise<string> {
  try {
    await waitFor(
      page,
      'Python to load',
      ({ selector, ended }) =>
        (document.querySelector<WatchedRoot>(selector)!.runStatesSeen ?? []).some(
          (state) => state === 'running' || ended.includes(state),
        ),
      target(snippet),
      { timeout: LOAD_TIMEOUT_MS, report: reportState },
    );
  } catch (error) {
    neverLoaded.set(page.engine, (error as Error).message);
    throw error;
  }
  const state = await waitFor(
    page,
    'the run to end',
    ({ selector, ended }) =>
      (document.querySelector<WatchedRoot>(selector)!.runStatesSeen ?? []).find((seen) => ended.includes(seen)),
    target(snippet),
    { timeout, report: reportState },
  );
  const runtimePath = await page.evaluate(
    (selector) => document.querySelector<HTMLElement>(selector)!.dataset['runtimePath'] ?? null,
    snippet,
  );
  console.info(`${page.engine}: ${snippet} ended ${state}; runtime path: ${runtimePath ?? '(not reported)'}`);
  // Firefox has JSPI, so it must take that path, once the snippet says which path it takes.
  if (page.engine === 'firefox' && runtimePath !== null) expect(runtimePath).toBe('jspi');
  return state;
}

/** Runs the snippet's current code to its end; returns how it ended. */
export async function runToEnd(page: EnginePage, snippet: string, timeout?: number): Promise<string> {
  await startRun(page, snippet);
  return waitForRunEnd(page, snippet, timeout);
}

/** The output's lines as the page shows them, stdout and stderr in order, or one stream's. */
export function outputLines(page: EnginePage, snippet: string, stream?: 'stdout' | 'stderr'): Promise<string[]> {
  return page.evaluate(
    ({ selector, lines }) =>
      [...document.querySelectorAll(`${selector} ${lines}`)].map((line) => line.textContent ?? ''),
    { selector: snippet, lines: stream ? `[data-stream="${stream}"]` : '[data-stream]' },
  );
}

/** Waits for the first line of output. */
export function waitForOutput(page: EnginePage, snippet: string): Promise<boolean> {
  return waitFor(
    page,
    'the program’s first output',
    ({ selector }) => document.querySelector(`${selector} [data-stream]`) !== null,
    target(snippet),
    {
      timeout: LOAD_TIMEOUT_MS,
      report: reportState,
    },
  );
}

export function statusText(page: EnginePage, snippet: string): Promise<string> {
  return page.evaluate((selector) => document.querySelector(`${selector} [data-status]`)?.textContent ?? '', snippet);
}

/**
 * Replaces the editor's code as typing would: the browser's own insertText command on the editor's
 * contenteditable, which CodeMirror reads as input in every engine (no engine-specific key events).
 */
export async function replaceCode(page: EnginePage, snippet: string, code: string): Promise<void> {
  await waitFor(page, 'the editor', (selector) => document.querySelector(`${selector} .cm-content`) !== null, snippet);
  await page.evaluate(
    ({ selector, text }) => {
      const content = document.querySelector<HTMLElement>(`${selector} .cm-content`)!;
      content.focus();
      document.execCommand('selectAll');
      document.execCommand('insertText', false, text);
    },
    { selector: snippet, text: code },
  );
  await waitFor(
    page,
    'the editor to hold the new code',
    ({ selector, text }) =>
      [...document.querySelectorAll(`${selector} .cm-line`)].map((line) => line.textContent).join('\n') === text,
    { selector: snippet, text: code },
  );
}
