import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownToHtml } from 'satteri';
import { loadGlossary } from '../../src/content/glossary.ts';
import { glossaryLinks } from '../../src/markdown/glossary-links.ts';

const terms = [
  { slug: 'coroutine', names: ['coroutine', 'coroutines'] },
  { slug: 'coroutine-function', names: ['coroutine function'] },
  { slug: 'event-loop', names: ['event loop'] },
  { slug: 'asyncio-run', names: ['asyncio.run'] },
];
const render = async (markdown: string) =>
  (await markdownToHtml(markdown, { mdastPlugins: [glossaryLinks(terms, '/base/glossary/')] })).html;

describe('glossary links', () => {
  it('link the first use of each term only, preferring the longest name', async () => {
    const html = await render('A coroutine function makes a coroutine. The event loop runs coroutines; the event loop again.\n');
    expect(html).toBe(
      '<p>A <a href="/base/glossary/#coroutine-function" class="glossary-link">coroutine function</a> makes a ' +
        '<a href="/base/glossary/#coroutine" class="glossary-link">coroutine</a>. The ' +
        '<a href="/base/glossary/#event-loop" class="glossary-link">event loop</a> runs coroutines; the event loop again.</p>\n',
    );
  });

  it('link inline code that names a term exactly', async () => {
    expect(await render('Call `asyncio.run` once, then `asyncio.run` again.\n')).toBe(
      '<p>Call <a href="/base/glossary/#asyncio-run" class="glossary-link"><code>asyncio.run</code></a> once, then <code>asyncio.run</code> again.</p>\n',
    );
  });

  it('leave headings and existing links alone', async () => {
    const html = await render('## The event loop\n\n[the event loop](https://example.org)\n');
    expect(html).not.toContain('glossary-link');
  });

  it('do not match inside other words', async () => {
    expect(await render('Subcoroutines and coroutinesque are not terms.\n')).not.toContain('glossary-link');
  });

  it('start afresh on every page', async () => {
    expect(await render('A coroutine.\n')).toContain('#coroutine"');
    expect(await render('A coroutine.\n')).toContain('#coroutine"');
  });
});

describe('loadGlossary', () => {
  const write = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'glossary-')), 'glossary.yaml');
    writeFileSync(path, text);
    return path;
  };
  const entry = (term: string, extra = '') =>
    `- term: "${term}"\n  slug: "${term.replace(/\W+/g, '-')}"\n  definition: "A definition long enough to pass."\n${extra}`;

  it('reads valid entries, sorted by term', () => {
    const entries = loadGlossary(write(entry('task') + entry('awaitable', '  see: ["task"]\n')));
    expect(entries.map((e) => e.term)).toEqual(['awaitable', 'task']);
    expect(entries[0]!.see).toEqual(['task']);
  });

  it('names the entry and the field of a mistake', () => {
    expect(() => loadGlossary(write('- term: "task"\n  slug: "Task!"\n  definition: "A definition long enough to pass."\n'))).toThrow(
      /"task": slug: slug: lowercase letters/,
    );
    expect(() => loadGlossary(write(entry('task', '  see: ["nothing"]\n')))).toThrow(/"task": see: no term "nothing"/);
    expect(() => loadGlossary(write(entry('task') + entry('task')))).toThrow(/slug "task" is used twice/);
  });
});
