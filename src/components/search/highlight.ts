/**
 * Which text to highlight: in a result's excerpt (where Pagefind has marked the matches) and on the
 * page a result opens (where only the query's terms are known).
 */

export interface ExcerptPart {
  text: string;
  marked: boolean;
}

/**
 * Splits a Pagefind excerpt into plain and marked text. Pagefind escapes only < and > in excerpts and
 * adds <mark> elements; reading it this way, rather than as HTML, keeps the page's DOM ours.
 */
export function excerptParts(excerpt: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  let marked = false;
  for (const piece of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (piece === '<mark>' || piece === '</mark>') {
      marked = piece === '<mark>';
      continue;
    }
    const text = piece.replaceAll('&lt;', '<').replaceAll('&gt;', '>');
    if (text !== '') parts.push({ text, marked });
  }
  return parts;
}

/** The words of a query: runs of letters, digits and underscores, lower-cased. */
function queryTerms(terms: readonly string[]): string[] {
  const words = terms.flatMap((term) => term.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
  return [...new Set(words)];
}

/**
 * A term's stem, as a prefix to match words by: Pagefind matches "awaited" to "await" and "queues" to
 * "queue", so the page marks them too. Short terms keep their letters.
 */
function stem(term: string): string {
  let stemmed = term.replace(/(ing|ed|es|s)$/, '');
  // "cancelled" and "running" double their last consonant: their stems are "cancel" and "run".
  if (stemmed !== term) stemmed = stemmed.replace(/([b-df-hj-np-tv-z])\1$/, '$1');
  return stemmed.length >= 3 ? stemmed : term;
}

/**
 * Where the terms occur in a text, as [start, end) ranges of whole words: a word matches a term
 * whose stem begins it ("producer" marks "producers"); a term under three letters must be the
 * whole word.
 */
export function termRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  const words = queryTerms(terms);
  if (words.length === 0) return [];
  const prefixes = words.filter((word) => word.length >= 3).map(stem);
  const exact = new Set(words.filter((word) => word.length < 3));
  const ranges: Array<[number, number]> = [];
  for (const match of text.matchAll(/[\p{L}\p{N}_]+/gu)) {
    const word = match[0].toLowerCase();
    if (exact.has(word) || prefixes.some((prefix) => word.startsWith(prefix))) {
      ranges.push([match.index, match.index + match[0].length]);
    }
  }
  return ranges;
}

/**
 * Whether a result holds a word of the query: marked in its excerpt, or in its names (a snippet's
 * file, its section). Pagefind, given a word it does not have ("xyzzy"), answers with the words it
 * has that share its first letter ("x"), and marks those: such a result holds nothing the reader
 * asked for.
 */
export function holdsQueryWord(excerpt: string, names: readonly string[], query: string): boolean {
  const marked = excerptParts(excerpt)
    .filter((part) => part.marked)
    .map((part) => part.text);
  // Pagefind splits names at underscores too: "anyio_taskgroup" matched "taskgroup".
  const text = [...marked, ...names].join(' ').replaceAll('_', ' ');
  return termRanges(text, [query]).length > 0;
}
