/**
 * How a page divides into the sections that search results point at. Both sides of search read a page
 * through this one walk: the index, over the built HTML in Node (records.ts), and the page a result
 * opens, over the live DOM (mark-terms.ts). So the section a result names is the section where its
 * terms are marked.
 *
 * Only the region marked `data-pagefind-body` counts. Inside it:
 *  - an h1, h2 or h3 with an id starts a section titled by its text; so does an element with an id and
 *    `data-search-section="Title"` (a glossary entry);
 *  - a section started inside <article>, <section>, <aside> or a data-search-section element ends with
 *    that element (the "What you will learn" box does not swallow the chapter's opening paragraphs);
 *  - a runnable snippet (`data-snippet`) or a <pre> is a code block of the current section, whose text
 *    is that of its <pre> elements (the code and its expected output, not its buttons or notes);
 *  - `data-pagefind-ignore`, hidden elements, scripts, styles, templates and buttons are skipped.
 */

/** Read access to a tree: the browser's DOM and htmlparser2's both fit. */
export interface TreeAdapter<N> {
  children(node: N): Iterable<N>;
  /** Lower-case tag name of an element; undefined for any other node. */
  tagName(node: N): string | undefined;
  attribute(node: N, name: string): string | undefined;
  /** The text of a text node; undefined for any other node. */
  text(node: N): string | undefined;
}

export interface Section {
  id: string;
  title: string;
}

export interface CodeBlock {
  /** Position among the page's code blocks, from 0. */
  index: number;
  /** The file name of a runnable snippet. */
  file: string | undefined;
}

export type SectionToken<N> =
  | { type: 'section'; section: Section }
  | { type: 'text'; node: N; text: string; section: Section | undefined; code: CodeBlock | undefined }
  /** The edge of a block element: words on either side are separate. */
  | { type: 'break' };

const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'button', 'svg', 'select', 'textarea']);
const SECTIONING = new Set(['article', 'section', 'aside']);
const HEADINGS = new Set(['h1', 'h2', 'h3']);
const BLOCKS = new Set(
  'address article aside blockquote br dd details div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul'.split(
    ' ',
  ),
);

interface WalkState {
  inBody: boolean;
  /** Inside a code block, text outside its <pre> elements is not content. */
  inPre: boolean;
  section: Section | undefined;
  code: CodeBlock | undefined;
  codeBlocks: number;
}

export function* sectionTokens<N>(root: N, tree: TreeAdapter<N>): Generator<SectionToken<N>> {
  yield* visit(root, tree, { inBody: false, inPre: false, section: undefined, code: undefined, codeBlocks: 0 });
}

function* visit<N>(node: N, tree: TreeAdapter<N>, state: WalkState): Generator<SectionToken<N>> {
  const text = tree.text(node);
  if (text !== undefined) {
    if (state.inBody && (state.code === undefined || state.inPre)) {
      yield { type: 'text', node, text, section: state.section, code: state.code };
    }
    return;
  }
  const tag = tree.tagName(node);
  if (tag === undefined) {
    // The document itself (or a fragment): its children are the page.
    for (const child of tree.children(node)) yield* visit(child, tree, state);
    return;
  }
  const has = (name: string): boolean => tree.attribute(node, name) !== undefined;
  if (SKIPPED.has(tag) || has('data-pagefind-ignore') || has('hidden')) return;

  const id = tree.attribute(node, 'id');
  if (state.inBody && id && HEADINGS.has(tag)) {
    state.section = { id, title: plainText(node, tree) };
    yield { type: 'section', section: state.section };
    return;
  }
  const saved = { ...state };
  const titled = tree.attribute(node, 'data-search-section');
  if (state.inBody && id && titled !== undefined) {
    state.section = { id, title: titled };
    yield { type: 'section', section: state.section };
  }
  if (has('data-pagefind-body')) state.inBody = true;
  if (state.inBody && state.code === undefined && (has('data-snippet') || tag === 'pre')) {
    state.code = { index: state.codeBlocks++, file: tree.attribute(node, 'data-title') };
  }
  if (tag === 'pre') state.inPre = true;

  const block = BLOCKS.has(tag);
  if (block) yield { type: 'break' };
  for (const child of tree.children(node)) yield* visit(child, tree, state);
  if (block) yield { type: 'break' };

  state.inBody = saved.inBody;
  state.inPre = saved.inPre;
  state.code = saved.code;
  if (SECTIONING.has(tag) || titled !== undefined) state.section = saved.section;
}

/** The text of an element as a reader sees it (skipped parts left out), whitespace collapsed. */
export function plainText<N>(node: N, tree: TreeAdapter<N>): string {
  const parts: string[] = [];
  const collect = (current: N): void => {
    const text = tree.text(current);
    if (text !== undefined) {
      parts.push(text);
      return;
    }
    const tag = tree.tagName(current);
    if (tag !== undefined && (SKIPPED.has(tag) || tree.attribute(current, 'data-pagefind-ignore') !== undefined))
      return;
    for (const child of tree.children(current)) collect(child);
  };
  collect(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
