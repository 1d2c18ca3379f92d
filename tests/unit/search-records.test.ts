import { describe, expect, it } from 'vitest';
import { extractRecords } from '../../src/search/records.ts';

/** A chapter page shaped like the built ones: chrome around a data-pagefind-body region. */
const chapter = `<!doctype html><html lang="en"><body>
<header data-pagefind-ignore><a href="/">asyncio walkthrough</a><a href="/search/">Search</a></header>
<main id="main" class="chapter" data-pagefind-body><article>
  <p class="chapter-kicker" data-pagefind-ignore>Chapter 6</p>
  <h1 id="_top">Using a queue</h1>
  <details class="toc" data-pagefind-ignore><summary>On this page</summary><a href="#the-producers">The producers</a></details>
  <script type="module">console.log("toc")</script>
  <section class="learn" aria-labelledby="learn-heading"><h2 id="learn-heading">What you will learn</h2><ul><li>How a queue works</li><li>Why bounds matter</li></ul></section>
  <div class="prose">
    <p>A queue sits between <a class="glossary-link" href="/glossary/#task">tasks</a>.</p>
    <div class="heading heading-h2"><h2 id="the-producers">The <code>producers</code></h2><a class="heading-anchor" href="#the-producers" data-pagefind-ignore><span aria-hidden="true">#</span><span class="sr-only">Link to section: The producers</span></a></div>
    <p>Each producer puts items.</p><p>Then it waits.</p>
    <figure class="snippet" data-snippet="firstqueue-1a2b" data-title="firstqueue.py">
      <div class="snippet-header"><figcaption>firstqueue.py</figcaption><div class="snippet-toolbar needs-js"><button>Run</button><a href="/playground/#code=x">Open in playground</a></div></div>
      <div class="snippet-editor"><pre class="astro-code"><code><span class="line"><span>await queue.put(dish)</span></span>
<span class="line"><span>print("served")</span></span></code></pre></div>
      <p class="snippet-local-note">This program needs what a browser page cannot give it.</p>
      <div class="snippet-expected"><p class="snippet-label">Expected output</p><pre tabindex="0">served soup</pre></div>
      <div class="snippet-output" hidden><span role="status">done</span></div>
    </figure>
    <div class="heading heading-h3"><h3 id="consumers">Consumers</h3></div>
    <p>A consumer takes items.</p>
    <pre class="astro-code"><code>item = await queue.get()</code></pre>
    <h4 id="small-print">Small print</h4>
    <p>Still the consumers' section.</p>
  </div>
</article>
<div class="chapter-meta" data-pagefind-ignore><a href="https://example.com/edit">Edit this page</a></div>
</main>
<footer data-pagefind-ignore>Footer text</footer>
</body></html>`;

const glossary = `<!doctype html><html><body><main><h1>Glossary</h1>
<nav class="glossary-index"><a href="#queue">queue</a></nav>
<dl class="glossary" data-pagefind-body>
  <div class="glossary-entry" id="queue" data-search-section="queue"><dt><a href="#queue">queue</a></dt><dd><p>A first-in, first-out channel; see <code>asyncio.Queue</code>.</p></dd></div>
  <div class="glossary-entry" id="task" data-search-section="task"><dt><a href="#task">task</a></dt><dd><p>A scheduled coroutine.</p></dd></div>
</dl></main></body></html>`;

describe('search records of a chapter page', () => {
  const records = extractRecords(chapter, 'using-a-queue/');
  const byUrl = (url: string) => records.find((record) => record.url === url);

  it('makes one prose record per section, titled by its heading and pointing at its anchor', () => {
    expect(records.filter((record) => record.kind === 'prose').map((record) => [record.url, record.section])).toEqual([
      ['/using-a-queue/#_top', 'Using a queue'],
      ['/using-a-queue/#learn-heading', 'What you will learn'],
      ['/using-a-queue/#the-producers', 'The producers'],
      ['/using-a-queue/#consumers', 'Consumers'],
    ]);
    for (const record of records) expect(record.page).toBe('Using a queue');
  });

  it('ends a section started inside <section> with it: the opening paragraph belongs to the chapter top', () => {
    expect(byUrl('/using-a-queue/#learn-heading')?.content).toBe('How a queue works Why bounds matter');
    expect(byUrl('/using-a-queue/#_top')?.content).toBe('A queue sits between tasks.');
  });

  it('keeps the words of separate blocks apart and leaves out the heading anchor', () => {
    expect(byUrl('/using-a-queue/#the-producers')?.content).toBe('Each producer puts items. Then it waits.');
  });

  it('keeps an h4, heading and text, inside the section of the h3 before it', () => {
    expect(byUrl('/using-a-queue/#consumers')?.content).toBe(
      "A consumer takes items. Small print Still the consumers' section.",
    );
  });

  it("makes a code record of a snippet's program and expected output, without its buttons or notes", () => {
    const snippet = records.find((record) => record.file === 'firstqueue.py');
    expect(snippet).toMatchObject({
      kind: 'code',
      section: 'The producers',
      url: '/using-a-queue/?code=0#the-producers',
      content: 'await queue.put(dish)\nprint("served")\nserved soup',
    });
  });

  it('makes a code record of a static code block too, with a URL of its own', () => {
    expect(records.find((record) => record.url === '/using-a-queue/?code=1#consumers')).toMatchObject({
      kind: 'code',
      section: 'Consumers',
      content: 'item = await queue.get()',
    });
    expect(new Set(records.map((record) => record.url)).size).toBe(records.length);
  });

  it('indexes nothing outside data-pagefind-body, nor what is ignored, hidden or a script', () => {
    const text = records.map((record) => record.content).join('\n');
    for (const chrome of [
      'asyncio walkthrough',
      'Chapter 6',
      'On this page',
      'console.log',
      'Link to section',
      'Run',
      'Open in playground',
      'Expected output',
      'This program needs',
      'done',
      'Edit this page',
      'Footer',
    ]) {
      expect(text).not.toContain(chrome);
    }
  });
});

describe('search records of the glossary', () => {
  it('makes one prose record per entry, pointing at the entry', () => {
    expect(extractRecords(glossary, 'glossary/')).toEqual([
      {
        url: '/glossary/#queue',
        kind: 'prose',
        page: 'Glossary',
        section: 'queue',
        content: 'queue A first-in, first-out channel; see asyncio.Queue.',
      },
      {
        url: '/glossary/#task',
        kind: 'prose',
        page: 'Glossary',
        section: 'task',
        content: 'task A scheduled coroutine.',
      },
    ]);
  });
});

describe('pages without a data-pagefind-body region', () => {
  it('give no records', () => {
    expect(extractRecords('<html><body><main><h1 id="home">Home</h1><p>Welcome</p></main></body></html>', '')).toEqual(
      [],
    );
  });
});
