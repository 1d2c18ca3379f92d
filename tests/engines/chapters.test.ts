import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareOutput, displayExpected } from '../../src/components/snippet/expected-output.ts';
import { collectSnippets, type CollectedSnippet } from '../../src/markdown/collect-snippets.ts';
import { enginesUnderTest, type EnginePage } from '../support/engines/engine.ts';
import { outputLines, startRun, waitForRunEnd } from '../support/engines/snippets.ts';
import { useEngine } from '../support/engines/use-engine.ts';

/**
 * One runnable snippet of every chapter, in Firefox and WebKit: the first that is not local-only,
 * run in its chapter's page, its output compared with the expected output the page shows. The
 * expected output's template (with its placeholders) is read from the chapter's source, as the
 * snippet checker reads it, and must be what the page shows.
 */
const contentDir = fileURLToPath(new URL('../../content/', import.meta.url));
/**
 * Chapters whose first snippet prints how busy the CPU was: on a loaded machine "0%" reads 1-2%.
 * check:snippets and the Chromium suite run them; here they would measure the machine.
 */
const LOAD_DEPENDENT = new Set(['where-async-io-fits.mdx']);
const chapters: Array<{ slug: string; snippet: CollectedSnippet }> = [];
for (const file of readdirSync(contentDir)
  .filter((name) => name.endsWith('.mdx'))
  .sort()) {
  const snippet = (await collectSnippets(`${contentDir}${file}`)).find((candidate) => !candidate.localOnly);
  if (snippet && !LOAD_DEPENDENT.has(file)) chapters.push({ slug: file.replace(/\.mdx$/, ''), snippet });
}

/** The first snippet with a Run button, as the page shows it. */
interface ShownSnippet {
  selector: string;
  title: string;
  code: string;
  expected: string | null;
}

async function readFirstRunnable(page: EnginePage): Promise<ShownSnippet | null> {
  return page.evaluate(() => {
    const root = [...document.querySelectorAll<HTMLElement>('[data-snippet]')].find((candidate) =>
      candidate.querySelector('[data-action="run"]'),
    );
    if (!root) return null;
    return {
      selector: `[data-snippet="${root.dataset['snippet']}"]`,
      title: root.dataset['title'] ?? '',
      code: root.querySelector('[data-editor] pre code')?.textContent ?? '',
      expected: root.querySelector('[data-expected] pre')?.textContent ?? null,
    };
  });
}

describe.each(enginesUnderTest())('chapter snippets in %s', (engine) => {
  const site = useEngine(engine);

  /** Opens the chapter and checks that its first runnable snippet shows the source's code and expected output. */
  async function openChapter({
    slug,
    snippet,
  }: (typeof chapters)[number]): Promise<{ page: EnginePage; shown: ShownSnippet }> {
    const page = await site.open(new URL(`${slug}/`, site.rootUrl).href);
    const shown = await readFirstRunnable(page);
    expect(shown, `${slug}/ shows no snippet with a Run button`).not.toBeNull();
    expect(shown!.title).toBe(snippet.title);
    expect(shown!.code.replace(/\n$/, '')).toBe(snippet.code.replace(/\n$/, ''));
    expect(shown!.expected).toBe(displayExpected(snippet.expected ?? ''));
    return { page, shown: shown! };
  }

  it('opens a chapter: its snippet’s code and expected output read as written, and Run starts the program', async () => {
    const { page, shown } = await openChapter(chapters[0]!);
    await startRun(page, shown.selector);
  });

  for (const chapter of chapters) {
    it(`${chapter.slug}/: ${chapter.snippet.title} prints the expected output the page shows`, async () => {
      const { page, shown } = await openChapter(chapter);
      await startRun(page, shown.selector);
      const ended = await waitForRunEnd(page, shown.selector);
      const output = (await outputLines(page, shown.selector)).join('\n');
      const mismatches = compareOutput(chapter.snippet.expected!, output);
      expect(mismatches, `${chapter.snippet.title} ended ${ended} and printed:\n${output}`).toEqual([]);
      expect(ended).not.toBe('stopped');
    });
  }
});
