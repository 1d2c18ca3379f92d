import { HIGHLIGHT_PARAM } from '../../search/schema';
import { sectionTokens, type TreeAdapter } from '../../search/sections';
import { termRanges } from './highlight';

/**
 * On a page opened from a search result (its address carries the query's terms): marks the terms in
 * the section the result points at (the browser has scrolled to its heading), found by the same walk
 * the index used, so the marks are where the match was.
 */

const MARK_CLASS = 'search-mark';

const domTree: TreeAdapter<Node> = {
  children: (node) => [...node.childNodes],
  tagName: (node) => (node instanceof Element ? node.localName : undefined),
  attribute: (node, name) => (node instanceof Element ? (node.getAttribute(name) ?? undefined) : undefined),
  text: (node) => (node.nodeType === Node.TEXT_NODE ? (node.nodeValue ?? '') : undefined),
};

function unmark(): void {
  for (const mark of document.querySelectorAll(`mark.${MARK_CLASS}`)) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent?.normalize();
  }
}

function wrap(node: Text, ranges: Array<[number, number]>): void {
  // From the end, so the earlier offsets stay valid as the text node is split.
  for (const [start, end] of [...ranges].reverse()) {
    const word = node.splitText(start);
    word.splitText(end - start);
    const mark = document.createElement('mark');
    mark.className = MARK_CLASS;
    word.replaceWith(mark);
    mark.append(word);
  }
}

export function markResultTerms(): void {
  unmark();
  const terms = new URLSearchParams(location.search).getAll(HIGHLIGHT_PARAM);
  const sectionId = decodeURIComponent(location.hash.slice(1));
  if (terms.length === 0 || sectionId === '') return;
  const found: Array<{ node: Text; ranges: Array<[number, number]> }> = [];
  for (const token of sectionTokens<Node>(document, domTree)) {
    if (token.type !== 'text' || token.section?.id !== sectionId) continue;
    const ranges = termRanges(token.text, terms);
    if (ranges.length > 0) found.push({ node: token.node as Text, ranges });
  }
  // Marked after the walk: splitting text nodes during it would move the walk's ground.
  for (const { node, ranges } of found) wrap(node, ranges);
}
