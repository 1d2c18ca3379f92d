import { describe, expect, it } from 'vitest';
import { markdownToHtml } from 'satteri';
import { headingAnchors } from '../../src/markdown/heading-anchors.ts';

const render = async (markdown: string) => (await markdownToHtml(markdown, { hastPlugins: [headingAnchors] })).html;

describe('heading anchors', () => {
  it('gives h2 and h3 an id and a link to it, outside the heading text', async () => {
    const html = await render('## Event loop\n\n### The `run` call\n');
    expect(html).toContain(
      '<div class="heading heading-h2"><h2 id="event-loop">Event loop</h2><a class="heading-anchor" href="#event-loop" data-pagefind-ignore="">',
    );
    expect(html).toContain(
      '<h3 id="the-run-call">The <code>run</code> call</h3><a class="heading-anchor" href="#the-run-call" data-pagefind-ignore="">',
    );
    expect(html).toContain('Link to section: Event loop');
  });

  it('makes repeated headings unique, like GitHub', async () => {
    const html = await render('## Recap\n\n## Recap\n');
    expect(html).toContain('id="recap"');
    expect(html).toContain('id="recap-1"');
  });

  it('starts the numbering afresh for each document', async () => {
    expect(await render('## Recap\n')).toContain('id="recap"');
    expect(await render('## Recap\n')).toContain('id="recap"');
  });

  it('leaves h4 without a link but still gives it an id', async () => {
    const html = await render('#### Small print\n');
    expect(html).toContain('<h4 id="small-print">Small print</h4>');
    expect(html).not.toContain('heading-anchor');
  });
});
