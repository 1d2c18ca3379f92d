import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import LZString from 'lz-string';

/** Helpers over the snippet test contract: data-snippet, data-run-state, data-stream, .cm-content. */
export const ENDED = ['done', 'error', 'stopped'];

/** A playground link to `code`, of any length: encoded as the site encodes it, without the site's limit. */
export function playgroundUrl(siteUrl: string, code: string): string {
  return new URL(`playground/#code=${LZString.compressToEncodedURIComponent(code)}`, siteUrl).href;
}

export async function waitForRunEnd(snippet: Locator, timeout = 30_000): Promise<string> {
  await snippet
    .page()
    .waitForFunction(
      ({ element, ended }) => ended.includes(element!.getAttribute('data-run-state') ?? ''),
      { element: await snippet.elementHandle(), ended: ENDED },
      { timeout },
    );
  return (await snippet.getAttribute('data-run-state'))!;
}

/** Shows intent (a hover), as a reader would, and waits for the editor to replace the static code. */
export async function waitForEditor(snippet: Locator): Promise<void> {
  await snippet.hover();
  await snippet.locator('.cm-content').waitFor({ timeout: 30_000 });
}

/** Replaces the editor's text with `line` (or lines), as the reader's own code. */
export async function typeLine(snippet: Locator, line: string): Promise<void> {
  await waitForEditor(snippet);
  await snippet.locator('.cm-content').click();
  await snippet.page().keyboard.press('ControlOrMeta+a');
  // Inserted as one input, as a paste would be: typed key by key, the editor's bracket closing
  // follows the input path CodeMirror picks by user agent, and with an iPhone's in Chromium it
  // doubles closing brackets. Keystrokes have their own test (tests/e2e/snippets.test.ts).
  await snippet.page().keyboard.insertText(line);
}

export const outputLines = (snippet: Locator) => snippet.locator('[data-stream]').allTextContents();

export const runButton = (snippet: Locator) => snippet.getByRole('button', { name: /^Run/ });

export function firstSnippet(page: Page): Locator {
  return page.locator('[data-snippet]').first();
}

/** Fails unless the page runs a frame within a second: what a reader would call answering. */
export async function expectAnswering(page: Page): Promise<void> {
  const answered = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const late = setTimeout(() => resolve(false), 1000);
        requestAnimationFrame(() => {
          clearTimeout(late);
          resolve(true);
        });
      }),
  );
  expect(answered, 'the page did not draw a frame within 1 s').toBe(true);
}
