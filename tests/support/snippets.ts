import type { Locator, Page } from 'playwright-core';
import { playgroundHash } from '../../src/components/snippet/share-link.ts';

/** Helpers over the snippet test contract: data-snippet, data-run-state, data-stream, .cm-content. */
export const ENDED = ['done', 'error', 'stopped'];

export function playgroundUrl(siteUrl: string, code: string): string {
  return new URL(`playground/${playgroundHash(code)}`, siteUrl).href;
}

export async function waitForRunEnd(snippet: Locator, timeout = 30_000): Promise<string> {
  await snippet.page().waitForFunction(
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

/** Replaces the editor's text by typing, as a reader would (one line: no auto-indent surprises). */
export async function typeLine(snippet: Locator, line: string): Promise<void> {
  await waitForEditor(snippet);
  await snippet.locator('.cm-content').click();
  await snippet.page().keyboard.press('ControlOrMeta+a');
  await snippet.page().keyboard.type(line);
}

export const outputLines = (snippet: Locator) => snippet.locator('[data-stream]').allTextContents();

export const runButton = (snippet: Locator) => snippet.getByRole('button', { name: /^Run/ });

export function firstSnippet(page: Page): Locator {
  return page.locator('[data-snippet]').first();
}
