import { defineMdastPlugin, type MdastPluginEntry } from 'satteri';
import type { InlineCode, Text } from 'mdast';

export interface GlossaryTerm {
  slug: string;
  /** The term and its aliases, as they may appear in prose. */
  names: string[];
}

/** Where a text may not get a link: inside a heading, a link, or the like. */
const NO_LINK_PARENTS = new Set(['heading', 'link', 'linkReference', 'tableCell']);

/**
 * Links the first use of each glossary term in a chapter to its entry on the
 * glossary page, in prose and in inline code that names the term exactly. Only
 * the first use: a page full of links is a page nobody reads.
 */
export function glossaryLinks(terms: GlossaryTerm[], glossaryUrl: string): MdastPluginEntry {
  // Longest names first, so "coroutine function" wins over "coroutine".
  const names = terms
    .flatMap((term) => term.names.map((name) => ({ name, slug: term.slug })))
    .sort((a, b) => b.name.length - a.name.length);
  const bySlug = new Map(names.map((entry) => [entry.name.toLowerCase(), entry.slug]));
  const pattern = names.length
    ? new RegExp(`(?<![\\w.])(${names.map((entry) => escape(entry.name)).join('|')})(?![\\w])`, 'gi')
    : undefined;

  return () => {
    const linked = new Set<string>();
    const link = (slug: string, children: Array<Text | InlineCode>) => ({
      type: 'link' as const,
      url: `${glossaryUrl}#${slug}`,
      title: null,
      data: { hProperties: { className: ['glossary-link'] } },
      children,
    });
    return defineMdastPlugin({
      name: 'asyncio-walkthrough:glossary-links',
      text(node: Readonly<Text>, ctx) {
        if (!pattern || NO_LINK_PARENTS.has(ctx.parent(node)?.type ?? '')) return;
        const pieces: Array<Text | ReturnType<typeof link>> = [];
        let last = 0;
        for (const match of node.value.matchAll(pattern)) {
          const slug = bySlug.get(match[1]!.toLowerCase());
          if (!slug || linked.has(slug)) continue;
          linked.add(slug);
          if (match.index > last) pieces.push({ type: 'text', value: node.value.slice(last, match.index) });
          pieces.push(link(slug, [{ type: 'text', value: match[1]! }]));
          last = match.index + match[1]!.length;
        }
        if (pieces.length === 0) return;
        if (last < node.value.length) pieces.push({ type: 'text', value: node.value.slice(last) });
        ctx.replaceNode(node, pieces);
      },
      inlineCode(node: Readonly<InlineCode>, ctx) {
        const slug = bySlug.get(node.value.toLowerCase());
        if (!slug || linked.has(slug) || NO_LINK_PARENTS.has(ctx.parent(node)?.type ?? '')) return;
        linked.add(slug);
        ctx.replaceNode(node, link(slug, [{ type: 'inlineCode', value: node.value }]));
      },
    });
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}
