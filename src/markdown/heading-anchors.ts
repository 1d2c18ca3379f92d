import GithubSlugger from 'github-slugger';
import { defineHastPlugin, type HastPluginEntry } from 'satteri';
import type { Element } from 'hast';

/**
 * Wraps every h2/h3 of a chapter with a "#" link to itself, the way readers know
 * from docs sites: `div.heading > [h2#id, a.heading-anchor]`. The link sits outside
 * the heading so the heading's text (and the table of contents built from it) stays
 * clean.
 *
 * Astro's own heading-id plugin runs after user plugins, so this one gives the
 * heading its id first, with the same slugger Astro uses; Astro then keeps it.
 * A factory, so each document gets a fresh slugger (ids restart per page).
 */
export const headingAnchors: HastPluginEntry = () => {
  const slugger = new GithubSlugger();
  return defineHastPlugin({
    name: 'asyncio-walkthrough:heading-anchors',
    element: {
      filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
      visit(node: Readonly<Element>, ctx) {
        const text = ctx.textContent(node);
        const existing = node.properties['id'];
        const id = typeof existing === 'string' && existing !== '' ? existing : slugger.slug(text);
        if (id !== existing) ctx.setProperty(node, 'id', id);
        if (node.tagName !== 'h2' && node.tagName !== 'h3') return;
        ctx.wrapNode(node, {
          type: 'element',
          tagName: 'div',
          properties: { className: ['heading', `heading-${node.tagName}`] },
          children: [
            {
              type: 'element',
              tagName: 'a',
              // The link is chrome, not content: search leaves it out (src/search/sections.ts).
              properties: { className: ['heading-anchor'], href: `#${id}`, dataPagefindIgnore: '' },
              children: [
                { type: 'element', tagName: 'span', properties: { ariaHidden: 'true' }, children: [{ type: 'text', value: '#' }] },
                { type: 'element', tagName: 'span', properties: { className: ['sr-only'] }, children: [{ type: 'text', value: `Link to section: ${text}` }] },
              ],
            },
          ],
        });
      },
    },
  });
};
